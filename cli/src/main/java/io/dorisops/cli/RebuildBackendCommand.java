package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import java.util.Optional;
import picocli.CommandLine.Command;
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
    @Option(names = "--node", required = true, paramLabel = "ID", description = "The BE to rebuild.")
    String nodeId;

    @Option(
            names = "--restore",
            paramLabel = "STAMP",
            description = "Put the bin/lib backup of this upgrade stamp back before the start (the previous"
                    + " version); default the bin/lib in place.")
    String restore;

    @Option(names = "--dry-run", description = "Print the operation and change nothing.")
    boolean dryRun;

    @Override
    protected int run(Cluster cluster) {
        Node node = select(cluster.topology(), java.util.List.of(nodeId), java.util.List.of())
                .get(0);
        if (node.role() != Role.BE) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--node': " + nodeId + " is a "
                            + node.role().key() + "; only a BE is rebuilt from the other replicas");
        }
        Operation rebuild;
        try {
            rebuild = cluster.plan(Procedure.rebuildBackend(node, Optional.ofNullable(restore)));
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (dryRun) {
            if (output().json()) {
                printJsonText(rebuild.toJson());
            } else {
                out().print(rebuild.describe());
                out().flush();
            }
            return OK;
        }
        if (!output().json()) {
            err().print(rebuild.describe());
            err().flush();
        }
        RunOptions options = options();
        try {
            RunResult result = cluster.run(rebuild, options);
            out().println(result.runId() + ": " + node.id() + " rebuilt in "
                    + String.format("%.1fs", result.elapsed().toMillis() / 1000.0));
            out().println("journal: " + result.journal());
            out().flush();
            return OK;
        } catch (DorisOpsException e) {
            return failed(e);
        }
    }
}
