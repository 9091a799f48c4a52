package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.RunOptions;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;

/**
 * What deploy and scale-out share: plan (or read the approved plan file), print the plan, run it; a dry
 * run prints the plan and runs
 * every pre-flight gate the run would ({@link Cluster#preflight(Operation, RunOptions)}), exiting 1 on the same failures.
 */
abstract class MembershipCommand extends RunCommand {
    @Mixin
    PlanOptions plan = new PlanOptions();

    int planThenRun(Cluster cluster, Operation.Kind kind, Supplier<Operation> planner) {
        RunOptions options = options();
        Operation operation;
        try {
            operation = operation(cluster, plan, kind, planner);
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (plan.dryRun) {
            try {
                cluster.preflight(operation, options);
            } catch (DorisOpsException e) {
                if (!output().json()) {
                    err().print(operation.describe());
                    err().flush();
                }
                return failed(e);
            }
        }
        return shownOnly(plan, operation, true) ? OK : guarded(() -> cluster.run(operation, options));
    }
}
