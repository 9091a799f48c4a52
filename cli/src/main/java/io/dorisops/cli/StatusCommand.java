package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.Health;
import io.dorisops.Topology;
import io.dorisops.Version;
import java.io.PrintWriter;
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
 * /api/health}, MetaService/Recycler/Broker TCP), reads the master's {@code SHOW FRONTENDS} and {@code
 * SHOW BACKENDS}, and prints a table. Exit 0 when every node is ready and alive in the master's view;
 * {@value CliCommand#NOT_HEALTHY} otherwise, with every reason on stderr (a node not ready, {@code
 * Alive=false} or not listed by the master, the SQL view unavailable and why).
 */
@Command(
        name = "status",
        description = "Probe every node of a topology and show its health and the master's view (exit 0 when all"
                + " are READY and alive, 3 otherwise, with the reasons on stderr).",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops status --topology cluster.yaml",
            "  dorisops status --topology sandbox/topology.yaml --json"
        })
final class StatusCommand extends CliCommand {

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
        if (output().json()) {
            printJson(document(status, topology));
        } else {
            print(out(), status, topology);
        }
        printWarnings(topology.warnings());
        List<String> problems = status.problems();
        if (problems.isEmpty()) {
            return OK;
        }
        err().println("dorisops status: " + status.cluster() + " is not healthy (" + problems.size()
                + (problems.size() == 1 ? " problem):" : " problems):"));
        problems.forEach(problem -> err().println("  " + problem));
        err().flush();
        return NOT_HEALTHY;
    }

    /** The status as a JSON-ready document. */
    static Map<String, Object> document(ClusterStatus status, Topology topology) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (ClusterStatus.NodeStatus node : status.nodes()) {
            Health health = node.health();
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", node.node().id());
            map.put("role", node.node().role().key());
            map.put("host", node.node().host());
            map.put("status", health.status().name());
            map.put("alive", node.alive().orElse(null));
            map.put("version", node.version().map(Version::raw).orElse(null));
            map.put("evidence", health.evidence());
            map.put("latencyMs", health.latency().toMillis());
            nodes.add(map);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("cluster", status.cluster());
        document.put("flavor", topology.flavor().key());
        document.put("healthy", status.healthy());
        document.put("allReady", status.allReady());
        Map<String, Object> sqlView = new LinkedHashMap<>();
        sqlView.put("state", status.sqlView().state().name());
        sqlView.put("detail", status.sqlView().detail());
        document.put("sqlView", sqlView);
        document.put("problems", status.problems());
        document.put(
                "ready", status.nodes().stream().filter(s -> s.health().ready()).count());
        document.put("nodes", nodes);
        return document;
    }

    /** The status as a table. */
    static void print(PrintWriter out, ClusterStatus status, Topology topology) {
        Table table = new Table("NODE", "ROLE", "HOST", "STATUS", "ALIVE", "VERSION", "EVIDENCE", "LATENCY");
        for (ClusterStatus.NodeStatus node : status.nodes()) {
            Health health = node.health();
            table.row(
                    node.node().id(),
                    node.node().role().key(),
                    node.node().host(),
                    health.status().name(),
                    node.alive().map(String::valueOf).orElse("-"),
                    node.version().map(Version::raw).orElse("-"),
                    health.evidence(),
                    health.latency().toMillis() + "ms");
        }
        long ready = status.nodes().stream().filter(s -> s.health().ready()).count();
        out.println(status.cluster() + " (" + topology.flavor().key() + "): " + ready + "/"
                + status.nodes().size() + " nodes ready"
                + switch (status.sqlView().state()) {
                    case READ -> "";
                    case NOT_CONFIGURED -> "; no SQL view (ALIVE unknown)";
                    case UNAVAILABLE -> "; SQL view unavailable (ALIVE unknown)";
                });
        table.print(out);
    }
}
