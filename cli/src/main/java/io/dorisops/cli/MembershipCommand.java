package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.UpgradeOptions;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** What deploy and scale-out share: plan, print the plan, run it unless this is a dry run. */
abstract class MembershipCommand extends UpgradeCommands.Run {
    @Option(names = "--dry-run", description = "Print the plan (with --json: as JSON) and change nothing.")
    boolean dryRun;

    int planThenRun(Cluster cluster, Supplier<Operation> plan) {
        UpgradeOptions options = options();
        Operation operation;
        try {
            operation = plan.get();
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (dryRun) {
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
        return guarded(() -> cluster.execute(operation, options));
    }
}
