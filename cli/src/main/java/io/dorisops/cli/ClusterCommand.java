package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.Role;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * A command that operates a cluster named by {@code --topology FILE}. Progress goes to a {@link
 * ProgressView} (a live view on a terminal, a plain log otherwise); with {@code --json} the events are
 * collected into the one JSON document instead, an upload's every tenth ({@link TransferTicks}).
 */
abstract class ClusterCommand extends CliCommand {

    @Option(
            names = {"-t", "--topology"},
            required = true,
            paramLabel = "FILE",
            description = "The topology file (YAML or JSON).")
    Path topologyFile;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Where journals and the run lock live (default: ~/.dorisops/<cluster>).")
    Path stateDir;

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final TransferTicks tenths = new TransferTicks();

    /** Runs the command on an open cluster; the topology was valid. */
    protected abstract int run(Cluster cluster);

    @Override
    public final Integer call() {
        Topology topology = loadTopology(topologyFile);
        if (topology == null) {
            return INVALID;
        }
        printWarnings(topology.warnings());
        Cluster.Builder builder = Cluster.builder(topology).listener(listener());
        stateDir().ifPresent(builder::stateDir);
        try (Cluster cluster = builder.build()) {
            return run(cluster);
        }
    }

    /** The listener of this command's progress: the view, or the JSON event list. */
    protected ProgressListener listener() {
        return output().json()
                ? ProgressListener.of(event -> {
                    if (tenths.keep(event)) {
                        events.add(event);
                    }
                })
                : new ProgressView(rawErr(), ProgressView.isTerminal());
    }

    /** The events seen, as JSON-ready maps (with {@code --json}). */
    protected List<Map<String, Object>> events() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProgressEvent event : events) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("type", event.type().name());
            map.put("run", event.runId());
            map.put("node", event.nodeId());
            map.put("action", event.action());
            map.put("time", event.time().toString());
            map.put("elapsedMs", event.elapsed().toMillis());
            map.put("message", event.message());
            event.transfer().ifPresent(transfer -> map.put("transfer", transfer(transfer)));
            list.add(map);
        }
        return list;
    }

    private static Map<String, Object> transfer(ProgressEvent.Transfer transfer) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", transfer.host());
        map.put("file", transfer.file());
        map.put("bytesDone", transfer.bytesDone());
        map.put("bytesTotal", transfer.bytesTotal());
        map.put("bytesPerSecond", Math.round(transfer.bytesPerSecond()));
        transfer.remaining().ifPresent(left -> map.put("remainingMs", left.toMillis()));
        return map;
    }

    /** The state directory given, if any. */
    protected Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    /** Prints a failure: the JSON document with the events, or the message on stderr; returns {@link #FAILED}. */
    protected int failed(DorisOpsException e) {
        List<String> also = new ArrayList<>();
        for (Throwable suppressed : e.getSuppressed()) {
            also.add(String.valueOf(suppressed.getMessage()));
        }
        if (output().json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ok", false);
            document.put("error", e.getMessage());
            document.put("also", also);
            document.put("events", events());
            printJson(document);
        }
        err().println("dorisops " + spec.name() + ": " + e.getMessage());
        // A failure while cleaning up (a balance restore, a rollback) never replaces the first one: it follows it.
        also.forEach(message -> err().println("also: " + message));
        err().flush();
        return FAILED;
    }

    /**
     * Nodes chosen by {@code --node} and {@code --role}; every node when neither is given.
     *
     * @throws ParameterException (a usage error, exit 2) for a {@code --node} that is not in the topology
     */
    List<Node> select(Topology topology, List<String> ids, List<Role> roles) {
        if (ids.isEmpty() && roles.isEmpty()) {
            return topology.nodes();
        }
        List<Node> chosen = new ArrayList<>();
        for (String id : ids) {
            chosen.add(topology.node(id)
                    .orElseThrow(() -> new ParameterException(
                            spec.commandLine(),
                            "Invalid value for option '--node': no node " + id + " in " + topology.source()
                                    + "; the nodes are "
                                    + topology.nodes().stream().map(Node::id).toList())));
        }
        for (Role role : roles) {
            topology.nodes(role).stream().filter(node -> !chosen.contains(node)).forEach(chosen::add);
        }
        return chosen;
    }
}
