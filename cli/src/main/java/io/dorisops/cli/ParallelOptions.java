package io.dorisops.cli;

import io.dorisops.Procedure;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --parallel auto} and {@code --max-parallel N} of upgrade, plan and restart (docs/parallel.md). */
final class ParallelOptions {

    @Option(
            names = "--parallel",
            paramLabel = "MODE",
            description = "auto: restart BEs in replica-aware batches (one per location tag when every table has"
                    + " one replica per tag; otherwise no two BEs sharing a tablet), CNs together. Default: one"
                    + " at a time.")
    String mode;

    @Option(
            names = "--max-parallel",
            paramLabel = "N",
            description =
                    "At most N BEs (or CNs) restart at once, in replica-aware batches (default 1: one at a" + " time).")
    Integer maxParallel;

    boolean enabled() {
        return mode != null || (maxParallel != null && maxParallel > 1);
    }

    /**
     * How many BEs (or CNs) restart at once: 1 without the flags, {@link Procedure#UNLIMITED} for {@code
     * --parallel auto} alone, else {@code --max-parallel}.
     */
    int maxParallel(CommandLine command) {
        if (mode != null && !mode.equals("auto")) {
            throw new ParameterException(
                    command, "Invalid value for option '--parallel': \"" + mode + "\"; the only mode is auto");
        }
        if (maxParallel != null && maxParallel < 1) {
            throw new ParameterException(
                    command,
                    "Invalid value for option '--max-parallel': maxParallel must be 1 or more, was " + maxParallel
                            + "; 1 restarts one node at a time");
        }
        if (maxParallel != null && maxParallel > 1) {
            return maxParallel;
        }
        return mode != null ? Procedure.UNLIMITED : 1;
    }
}
