package io.dorisops.cli;

import io.dorisops.UpgradeOptions;
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

    void apply(UpgradeOptions.Builder builder, CommandLine command) {
        if (mode != null) {
            if (!mode.equals("auto")) {
                throw new ParameterException(
                        command, "Invalid value for option '--parallel': \"" + mode + "\"; the only mode is auto");
            }
            builder.parallelAuto();
        }
        if (maxParallel != null) {
            try {
                builder.maxParallel(maxParallel);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        command, "Invalid value for option '--max-parallel': " + e.getMessage(), e);
            }
        }
    }
}
