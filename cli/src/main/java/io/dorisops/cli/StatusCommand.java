package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.Health;
import io.dorisops.Topology;
import io.dorisops.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dorisops status --topology FILE}: probes every node (FE {@code /api/bootstrap}, BE {@code
 * /api/health}, MetaService/Recycler/Broker TCP) and prints a table; exit 0 when all are ready.
 */
@Command(
        name = "status",
        description = "Probe every node of a topology and show its health (exit 0 when all are READY, 1 otherwise).",
        mixinStandardHelpOptions = true)
public final class StatusCommand extends CliCommand {

    @Option(
            names = {"-t", "--topology"},
            paramLabel = "FILE",
            description = "The topology file (YAML or JSON).")
    Path topologyOption;

    @Parameters(arity = "0..1", paramLabel = "TOPOLOGY", description = "The topology file, instead of --topology.")
    Path topologyParameter;

    @Override
    public Integer call() {
        if ((topologyOption == null) == (topologyParameter == null)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "give the topology file once: dorisops status --topology FILE");
        }
        Path file = topologyOption != null ? topologyOption : topologyParameter;
        Topology topology = loadTopology(file);
        if (topology == null) {
            return INVALID;
        }
        ClusterStatus status;
        try (Cluster cluster = Cluster.of(topology)) {
            status = cluster.status();
        }
        long ready = status.nodes().stream().filter(s -> s.health().ready()).count();
        if (output().json()) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (ClusterStatus.NodeStatus node : status.nodes()) {
                Health health = node.health();
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("id", node.node().id());
                map.put("role", node.node().role().key());
                map.put("host", node.node().host());
                map.put("status", health.status().name());
                map.put("version", health.version().map(Version::raw).orElse(null));
                map.put("evidence", health.evidence());
                map.put("latencyMs", health.latency().toMillis());
                nodes.add(map);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("cluster", status.cluster());
            document.put("flavor", topology.flavor().key());
            document.put("allReady", status.allReady());
            document.put("ready", ready);
            document.put("nodes", nodes);
            printJson(document);
        } else {
            Table table = new Table("NODE", "ROLE", "HOST", "STATUS", "VERSION", "EVIDENCE", "LATENCY");
            for (ClusterStatus.NodeStatus node : status.nodes()) {
                Health health = node.health();
                table.row(
                        node.node().id(),
                        node.node().role().key(),
                        node.node().host(),
                        health.status().name(),
                        health.version().map(Version::number).orElse("-"),
                        health.evidence(),
                        health.latency().toMillis() + "ms");
            }
            out().println(status.cluster() + " (" + topology.flavor().key() + "): " + ready + "/"
                    + status.nodes().size() + " nodes ready");
            table.print(out());
        }
        printWarnings(topology.warnings());
        return status.allReady() ? OK : FAILED;
    }
}
