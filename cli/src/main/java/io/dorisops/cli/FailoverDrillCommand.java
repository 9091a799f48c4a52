package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.FailoverDrillResult;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dorisops failover-drill}: stops the master FE, times the election, brings the old master back. */
@Command(
        name = "failover-drill",
        description = "Stop the master FE, measure until a new master serves SQL, start the old one back as a"
                + " follower and wait until it is alive; report the times. Refused with fewer than 3 alive"
                + " followers.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  dorisops failover-drill --topology cluster.yaml")
final class FailoverDrillCommand extends RunCommand {
    @Mixin
    PlanOptions plan = new PlanOptions();

    @Override
    protected int run(Cluster cluster) {
        RunOptions options = options();
        FailoverDrillResult drill;
        try {
            Operation operation = operation(
                    cluster, plan, Operation.Kind.FAILOVER_DRILL, () -> cluster.plan(Procedure.failoverDrill()));
            if (shownOnly(plan, operation, plan.approved())) {
                return OK;
            }
            drill = cluster.run(operation, options).failoverDrill().orElseThrow();
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (output().json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ok", true);
            document.put("run", drill.runId());
            document.put("oldMaster", drill.oldMaster());
            document.put("newMaster", drill.newMaster());
            document.put("stopMs", drill.stop().toMillis());
            document.put("electionMs", drill.election().toMillis());
            document.put("rejoinMs", drill.rejoin().toMillis());
            document.put("totalMs", drill.total().toMillis());
            document.put("events", events());
            printJson(document);
        } else {
            out().println(drill.runId() + ": " + drill.describe());
            out().flush();
        }
        return OK;
    }
}
