package io.dorisops.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags of a command that runs one operation, for change tickets: {@code --dry-run} shows the plan
 * (with {@code --json} it is the plan file) and {@code --plan FILE} runs exactly an approved one
 * ({@link RunCommand#operation}).
 */
final class PlanOptions {
    @Option(
            names = "--dry-run",
            description = "Print the plan (with --json: the plan file --plan runs) and change nothing.")
    boolean dryRun;

    @Option(
            names = "--plan",
            paramLabel = "FILE",
            description = "Run exactly this approved plan (written with --dry-run --json); refused before anything"
                    + " is done when it was edited, is of another procedure or cluster, or the cluster changed"
                    + " since it was planned.")
    Path file;

    /** True when {@code --plan} names a plan file. */
    boolean approved() {
        return file != null;
    }
}
