package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The SQL control plane of a {@link FakeCluster} that can scale in: members that can be dropped,
 * backends that drain a few tablets per read while decommissioning (none while {@code stalled}), and
 * replica facts with a table per entry of {@link #tables}. Every change is logged on the fake's log as
 * {@code "decommission be-3"}.
 */
final class ScaleFake implements ClusterAdmin {

    final FakeCluster cluster;
    final Set<String> removed = new HashSet<>();
    final Map<String, Long> tablets = new LinkedHashMap<>();
    final Set<String> decommissioning = new HashSet<>();
    /** Table name to its replicas on tag default. */
    final Map<String, Integer> tables = new LinkedHashMap<>();
    /** Tablets a decommissioning BE sheds per read of SHOW BACKENDS. */
    long drainPerRead = 2;

    boolean stalled;
    /** Reads of the master that find none (an election that takes that many polls). */
    int masterlessReads;

    ScaleFake(FakeCluster cluster) {
        this.cluster = cluster;
        cluster.topology.nodes(Role.BE).forEach(be -> tablets.put(be.id(), 10L));
    }

    private String id(String host, int port, boolean frontend) {
        return cluster.topology.nodes().stream()
                .filter(n -> n.host().equals(host)
                        && (frontend ? n.ports().editLogPort() : n.ports().heartbeatPort()) == port)
                .filter(n -> n.role().isFrontend() == frontend)
                .map(Node::id)
                .findFirst()
                .orElseThrow(() -> new DorisOpsException("not a member: " + host + ":" + port));
    }

    @Override
    public List<Frontend> frontends() {
        return cluster.frontends().stream()
                .filter(fe -> !removed.contains(fe.name()))
                .toList();
    }

    @Override
    public List<Backend> backends() {
        List<Backend> rows = new ArrayList<>();
        for (Backend be : cluster.backends()) {
            String id = id(be.host(), be.heartbeatPort(), false);
            if (removed.contains(id)) {
                continue;
            }
            if (decommissioning.contains(id) && !stalled) {
                long left = Math.max(0, tablets.get(id) - drainPerRead);
                tablets.put(id, left);
                if (left == 0) {
                    removed.add(id); // drop_backend_after_decommission
                    cluster.log.add("dropped-by-master " + id);
                    continue;
                }
            }
            rows.add(be.toBuilder()
                    .decommissioning(decommissioning.contains(id))
                    .tabletNum(tablets.getOrDefault(id, 0L))
                    .lastHeartbeat("")
                    .lastStartTime("")
                    .errMsg("")
                    .build());
        }
        return rows;
    }

    @Override
    public List<Backend> computeNodes() {
        return List.of();
    }

    @Override
    public Frontend master() {
        if (masterlessReads > 0) {
            masterlessReads--;
            throw new DorisOpsException("no master serves SQL yet (an election is on)");
        }
        return frontends().stream()
                .filter(Frontend::master)
                .findFirst()
                .orElseThrow(() -> new DorisOpsException("no master"));
    }

    @Override
    public ReplicaFacts replicaFacts() {
        List<ReplicaFacts.Storage> storage = backends().stream()
                .map(be -> new ReplicaFacts.Storage(
                        be.id(),
                        be.host(),
                        be.heartbeatPort(),
                        be.role(),
                        be.alive(),
                        be.decommissioning(),
                        "default",
                        be.tabletNum(),
                        be.tabletNum() << 30,
                        100L << 30,
                        200L << 30))
                .toList();
        List<ReplicaFacts.Partition> partitions = new ArrayList<>();
        tables.forEach((table, replicas) -> partitions.add(new ReplicaFacts.Partition(
                1,
                2,
                3,
                table,
                table.substring(table.indexOf('.') + 1),
                replicas,
                Map.of("default", replicas),
                10,
                1L << 30)));
        return new ReplicaFacts(744773562, storage, partitions, Instant.EPOCH);
    }

    /** As the real FE: a BE dropped (after its decommission) is unknown: refused when disabling. */
    @Override
    public void setBackendDisabled(String host, int heartbeatPort, boolean disabled) {
        if (removed.contains(id(host, heartbeatPort, false))) {
            if (disabled) {
                throw new DorisOpsException("backend does not exists[" + host + ":" + heartbeatPort + "]");
            }
            return;
        }
        cluster.setBackendDisabled(host, heartbeatPort, disabled);
    }

    @Override
    public OptionalInt runningQueries(String host, int heartbeatPort) {
        return removed.contains(id(host, heartbeatPort, false))
                ? OptionalInt.empty()
                : cluster.runningQueries(host, heartbeatPort);
    }

    @Override
    public void decommissionBackend(String host, int heartbeatPort) {
        String id = id(host, heartbeatPort, false);
        cluster.log.add("decommission " + id);
        decommissioning.add(id);
    }

    @Override
    public void cancelDecommission(String host, int heartbeatPort) {
        String id = id(host, heartbeatPort, false);
        cluster.log.add("cancel-decommission " + id);
        decommissioning.remove(id);
    }

    @Override
    public void dropBackend(String host, int heartbeatPort) {
        String id = id(host, heartbeatPort, false);
        cluster.log.add("drop-backend " + id);
        removed.add(id);
    }

    @Override
    public void dropFrontend(Role role, String host, int editLogPort) {
        String id = id(host, editLogPort, true);
        if (cluster.master.equals(id)) {
            throw new DorisOpsException("can not drop current master node.");
        }
        cluster.log.add("drop-frontend " + id);
        removed.add(id);
    }

    @Override
    public Map<String, String> frontendConfig(Collection<String> keys) {
        return cluster.frontendConfig(keys);
    }

    @Override
    public void setFrontendConfig(String key, String value) {
        cluster.setFrontendConfig(key, value);
    }

    @Override
    public TabletHealth tabletHealth() {
        return cluster.tabletHealth();
    }

    @Override
    public void addBackend(String host, int heartbeatPort) {
        String id = id(host, heartbeatPort, false);
        cluster.log.add("add-backend " + id);
        removed.remove(id);
    }

    @Override
    public void addComputeNode(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void dropComputeNode(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addFrontend(Role role, String host, int editLogPort) {
        String id = id(host, editLogPort, true);
        cluster.log.add("add-frontend " + id);
        removed.remove(id);
    }

    @Override
    public void createImage() {
        cluster.createImage();
    }

    @Override
    public void close() {}
}
