package io.dorisops.internal.engine;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.DorisOpsException;
import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.HealthProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Cluster#status()} reports: every node probed concurrently, a probe that throws making its
 * node {@code UNKNOWN}; the master's view ({@code SHOW FRONTENDS}, {@code SHOW BACKENDS}, StarRocks
 * {@code SHOW COMPUTE NODES}) when there is an admin, or why there is none; each node matched to its
 * row for liveness and version.
 */
public final class StatusReader {
    /** Logged under {@code Cluster}, whose status this is. */
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    /** At most this many nodes are probed at once. */
    private static final int PROBE_PARALLELISM = 32;

    private StatusReader() {}

    /** The status of the topology's nodes; {@code admin} opens the SQL control plane when there is one. */
    public static ClusterStatus read(Topology topology, HealthProbe probe, Supplier<Optional<ClusterAdmin>> admin) {
        HealthProbe guarded = node -> {
            try {
                return probe.probe(node);
            } catch (RuntimeException e) {
                log.warn("{}: the probe failed", node.label(), e);
                return new Health(
                        node.id(),
                        Health.Status.UNKNOWN,
                        "probe failed: " + e.getMessage(),
                        Duration.ZERO,
                        Optional.empty());
            }
        };
        Map<String, Health> health = guarded.probeAll(
                topology.nodes(),
                Math.max(1, Math.min(PROBE_PARALLELISM, topology.nodes().size())));
        List<Frontend> frontends = List.of();
        List<Backend> backends = List.of();
        ClusterStatus.SqlView view;
        try {
            Optional<ClusterAdmin> sql = admin.get();
            if (sql.isPresent()) {
                frontends = sql.get().frontends();
                backends = new ArrayList<>(sql.get().backends());
                if (topology.flavor().separateComputeNodes()) {
                    backends.addAll(sql.get().computeNodes());
                }
                view = ClusterStatus.SqlView.read();
            } else {
                view = ClusterStatus.SqlView.notConfigured(
                        "no ClusterAdmin: add dorisops-jdbc-probe to the class path for the master's view");
            }
        } catch (DorisOpsException e) {
            log.warn("{}: no SQL view of the cluster: {}", topology.name(), e.getMessage());
            frontends = List.of();
            backends = List.of();
            view = ClusterStatus.SqlView.unavailable(e.getMessage());
        }
        List<ClusterStatus.NodeStatus> nodes = new ArrayList<>();
        for (Node node : topology.nodes()) {
            Health seen = health.get(node.id());
            Optional<Boolean> alive = Optional.empty();
            Optional<Version> version = seen.version();
            if (node.role().isFrontend()) {
                Optional<Frontend> row =
                        frontends.stream().filter(fe -> fe.matches(node)).findFirst();
                alive = row.map(Frontend::alive);
                version = row.flatMap(Frontend::version).or(() -> seen.version());
            } else if (node.role().isBackend()) {
                Optional<Backend> row =
                        backends.stream().filter(be -> be.matches(node)).findFirst();
                alive = row.map(Backend::alive);
                version = row.flatMap(Backend::version).or(() -> seen.version());
            }
            nodes.add(new ClusterStatus.NodeStatus(node, seen, alive, version));
        }
        return new ClusterStatus(topology.name(), nodes, view);
    }
}
