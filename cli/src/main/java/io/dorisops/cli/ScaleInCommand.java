package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.TopologyFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dorisops scale-in}: removes BEs (decommissioned, drained, stopped), CNs and FEs, or with {@code
 * --cancel} cancels the decommission of BEs a scale-in left draining.
 */
@Command(
        name = "scale-in",
        description = "Remove nodes: BEs by DECOMMISSION (waited on while their tablets move, then stopped), CNs"
                + " and observers dropped, followers dropped keeping a majority, the master last. Refused before"
                + " anything changes when a partition would keep fewer BEs in its tag than its replicas, when the"
                + " remaining BEs cannot hold the data, or when the tablet scheduler is off. Removed nodes are"
                + " stopped; their files stay. After a scale-in succeeded the topology file is rewritten without the"
                + " removed nodes; the old file is kept beside it as <file>.<yyyyMMdd-HHmmss>.bak.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops scale-in --topology cluster.yaml --node be-4",
            "  dorisops scale-in --topology cluster.yaml --node be-4 --cancel"
        })
final class ScaleInCommand extends RunCommand {

    @Option(names = "--node", paramLabel = "ID", description = "A node to remove (repeatable; required unless --plan).")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--cancel", description = "CANCEL DECOMMISSION of these BEs instead: they keep their replicas.")
    boolean cancel;

    @Option(
            names = "--stuck-after",
            paramLabel = "DURATION",
            description = "A drain whose tablet count has not fallen for this long is reported stuck (default 10m).")
    Duration stuckAfter = Duration.ofMinutes(10);

    @Mixin
    PlanOptions plan = new PlanOptions();

    @Mixin
    DrainOption drain = new DrainOption();

    @Override
    protected int run(Cluster cluster) {
        if (stuckAfter.isNegative() || stuckAfter.isZero()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "Invalid value for option '--stuck-after': it must be positive");
        }
        choosing(plan, !nodes.isEmpty(), "--node", true);
        choosing(plan, drain.noDrain, "--no-drain", false);
        RunOptions options = options();
        Operation operation;
        try {
            operation = cancel
                    ? operation(
                            cluster,
                            plan,
                            Operation.Kind.CANCEL_SCALE_IN,
                            () -> cluster.plan(Procedure.cancelScaleIn(select(cluster.topology(), nodes, List.of()))))
                    : operation(
                            cluster,
                            plan,
                            Operation.Kind.SCALE_IN,
                            () -> cluster.plan(drain.applyTo(
                                    Procedure.scaleIn(select(cluster.topology(), nodes, List.of()), stuckAfter))));
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (shownOnly(plan, operation, !cancel || plan.approved())) {
            return OK;
        }
        List<Node> chosen =
                select(cluster.topology(), operation.order().stream().distinct().toList(), List.of());
        return guarded(() -> {
            RunResult result = cluster.run(operation, options);
            if (cancel) {
                return result;
            }
            Path backup = TopologyFiles.replace(
                    topologyFile,
                    cluster.topology().without(chosen.stream().map(Node::id).toList()));
            if (!output().json()) {
                for (Node node : chosen) {
                    out().println(node.id() + ": removed and stopped; its files stay in " + node.home() + " on "
                            + node.host());
                }
                out().println(topologyFile + ": updated without "
                        + String.join(", ", chosen.stream().map(Node::id).toList())
                        + "; the old file is kept as " + backup);
            }
            return result;
        });
    }
}
