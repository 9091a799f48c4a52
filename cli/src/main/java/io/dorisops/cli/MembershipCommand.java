package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.RunOptions;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * What deploy and scale-out share: plan, print the plan, run it; a dry run prints the plan and runs
 * every pre-flight gate the run would ({@link Cluster#preflight(Operation, RunOptions)}), exiting 1 on the same failures.
 */
abstract class MembershipCommand extends RunCommand {
    @Option(
            names = "--dry-run",
            description = "Print the plan (with --json: as JSON), run every pre-flight check the real run would"
                    + " and report each failure; change nothing.")
    boolean dryRun;

    int planThenRun(Cluster cluster, Supplier<Operation> plan) {
        RunOptions options = options();
        Operation operation;
        try {
            operation = plan.get();
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (dryRun) {
            try {
                cluster.preflight(operation, options);
            } catch (DorisOpsException e) {
                if (!output().json()) {
                    err().print(operation.describe());
                    err().flush();
                }
                return failed(e);
            }
            if (output().json()) {
                printJsonText(operation.toJson());
            } else {
                out().print(operation.describe());
                out().flush();
            }
            return OK;
        }
        if (!output().json()) {
            err().print(operation.describe());
            err().flush();
        }
        return guarded(() -> cluster.run(operation, options));
    }
}
