package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code rebuild-backend}: the rebuild rollback of a BE that starts on no version (seeds 000/001). */
@Command(
        name = "rebuild-backend",
        description = "Rebuild a BE that cannot start on either version from the other replicas: DROPP BACKEND,"
                + " storage moved aside (kept), start, ADD BACKEND, wait until no tablet is unhealthy. Refused"
                + " unless the replication number is at least 3 and every other replica is healthy. Prints"
                + " exactly what it will do first.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  dorisops rebuild-backend -t cluster.yaml --node be-2 --dry-run")
final class RebuildBackendCommand extends RunCommand {
    @Option(names = "--node", paramLabel = "ID", description = "The BE to rebuild (required unless --plan).")
    String nodeId;

    @Option(
            names = "--restore",
            paramLabel = "STAMP",
            description = "Put the bin/lib backup of this upgrade stamp back before the start (the previous"
                    + " version); default the bin/lib in place.")
    String restore;

    @Mixin
    PlanOptions plan = new PlanOptions();

    @Override
    protected int run(Cluster cluster) {
        choosing(plan, nodeId != null, "--node", true);
        choosing(plan, restore != null, "--restore", false);
        Optional<Node> chosen = Optional.ofNullable(nodeId)
                .map(id -> select(cluster.topology(), List.of(id), List.of()).get(0));
        if (chosen.isPresent() && chosen.get().role() != Role.BE) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--node': " + nodeId + " is a "
                            + chosen.get().role().key() + "; only a BE is rebuilt from the other replicas");
        }
        Operation rebuild;
        try {
            rebuild = operation(
                    cluster,
                    plan,
                    Operation.Kind.REBUILD,
                    () -> cluster.plan(Procedure.rebuildBackend(chosen.orElseThrow(), Optional.ofNullable(restore))));
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (shownOnly(plan, rebuild, true)) {
            return OK;
        }
        RunOptions options = options();
        try {
            RunResult result = cluster.run(rebuild, options);
            out().println(result.runId() + ": " + String.join(", ", result.nodes()) + " rebuilt in "
                    + String.format("%.1fs", result.elapsed().toMillis() / 1000.0));
            out().println("journal: " + result.journal());
            out().flush();
            return OK;
        } catch (DorisOpsException e) {
            return failed(e);
        }
    }
}
