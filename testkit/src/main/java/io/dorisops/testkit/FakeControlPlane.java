package io.dorisops.testkit;

import io.dorisops.DorisOpsException;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL control plane of a {@link FakeCluster}: the master's view of frontends and backends (alive when
 * they serve), tablet health (10 unhealthy per BE not serving, plus the {@link FakeCluster#unhealthyTablets}
 * fault until its repair time), and the FE configs a run pauses balancing with. Membership statements are
 * refused: the fake does not model them. Every method holds the cluster's lock.
 */
final class FakeControlPlane implements ClusterAdmin {

    private static final long TABLETS = 300;
    private static final long UNHEALTHY_PER_STOPPED_BACKEND = 10;

    private final FakeCluster cluster;

    FakeControlPlane(FakeCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public List<Frontend> frontends() {
        synchronized (cluster) {
            return cluster.nodes.values().stream()
                    .filter(n -> n.node.role().isFrontend())
                    .map(n -> Frontend.builder()
                            .node(n.node)
                            .name(n.node.id())
                            .master(n.node.id().equals(cluster.master))
                            .alive(cluster.serving(n))
                            .joined(true)
                            .version(n.runningVersion)
                            .build())
                    .toList();
        }
    }

    @Override
    public List<Backend> backends() {
        synchronized (cluster) {
            return cluster.nodes.values().stream()
                    .filter(n -> n.node.role() == Role.BE)
                    .map(n -> Backend.builder()
                            .node(n.node)
                            .id(n.backendId)
                            .alive(cluster.serving(n))
                            .tabletNum(TABLETS)
                            .version(n.runningVersion)
                            .build())
                    .toList();
        }
    }

    @Override
    public List<Backend> computeNodes() {
        synchronized (cluster) {
            return cluster.nodes.values().stream()
                    .filter(n -> n.node.role() == Role.CN)
                    .map(n -> Backend.builder()
                            .node(n.node)
                            .id(n.backendId)
                            .alive(cluster.serving(n))
                            .version(n.runningVersion)
                            .build())
                    .toList();
        }
    }

    @Override
    public Frontend master() {
        return frontends().stream()
                .filter(Frontend::master)
                .findFirst()
                .orElseThrow(() -> new DorisOpsException(
                        cluster.topology.name() + ": no master: fewer than a majority of the followers run"));
    }

    @Override
    public Map<String, String> frontendConfig(Collection<String> keys) {
        synchronized (cluster) {
            Map<String, String> values = new LinkedHashMap<>();
            keys.stream().filter(cluster.config::containsKey).forEach(key -> values.put(key, cluster.config.get(key)));
            return values;
        }
    }

    @Override
    public void setFrontendConfig(String key, String value) {
        synchronized (cluster) {
            if (cluster.refusedConfigKeys.contains(key)) {
                throw new DorisOpsException("the master refused ADMIN SET FRONTEND CONFIG (\"" + key + "\" = \"" + value
                        + "\"): unknown config key");
            }
            cluster.log("config " + key + "=" + value);
            cluster.config.put(key, value);
        }
    }

    @Override
    public TabletHealth tabletHealth() {
        synchronized (cluster) {
            long stopped = cluster.nodes.values().stream()
                    .filter(n -> n.node.role() == Role.BE && !cluster.serving(n))
                    .count();
            boolean repaired = !cluster.time.instant().isBefore(cluster.tabletsRepairedAt);
            long unhealthy = stopped * UNHEALTHY_PER_STOPPED_BACKEND + (repaired ? 0 : cluster.unhealthyTablets);
            return TabletHealth.of("SHOW PROC '/cluster_health/tablet_health'", TABLETS, TABLETS * 3, unhealthy, 0);
        }
    }

    @Override
    public void createImage() {
        cluster.log("create-image cluster");
    }

    private UnsupportedOperationException membership(String statement) {
        return new UnsupportedOperationException(cluster.topology.name() + ": " + statement
                + " is not modelled by FakeCluster (membership does not change in it); test scaling on a Sandbox");
    }

    @Override
    public void addBackend(String host, int heartbeatPort) {
        throw membership("ALTER SYSTEM ADD BACKEND");
    }

    @Override
    public void decommissionBackend(String host, int heartbeatPort) {
        throw membership("ALTER SYSTEM DECOMMISSION BACKEND");
    }

    @Override
    public void cancelDecommission(String host, int heartbeatPort) {
        throw membership("CANCEL DECOMMISSION BACKEND");
    }

    @Override
    public void dropBackend(String host, int heartbeatPort) {
        throw membership("ALTER SYSTEM DROP BACKEND");
    }

    @Override
    public void addComputeNode(String host, int heartbeatPort) {
        throw membership("ALTER SYSTEM ADD COMPUTE NODE");
    }

    @Override
    public void dropComputeNode(String host, int heartbeatPort) {
        throw membership("ALTER SYSTEM DROP COMPUTE NODE");
    }

    @Override
    public void addFrontend(Role role, String host, int editLogPort) {
        throw membership("ALTER SYSTEM ADD FOLLOWER/OBSERVER");
    }

    @Override
    public void dropFrontend(Role role, String host, int editLogPort) {
        throw membership("ALTER SYSTEM DROP FOLLOWER/OBSERVER");
    }

    /** Nothing to close: the fake holds no connection. */
    @Override
    public void close() {}
}
