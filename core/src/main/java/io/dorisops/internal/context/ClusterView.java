package io.dorisops.internal.context;

import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.HealthProbe;
import java.util.List;
import java.util.Optional;

/**
 * The live state of the cluster's nodes, matched to the topology: the master's SQL view (FE rows by
 * host and edit log port, backend rows by host and heartbeat port) plus the HTTP probe. Read fresh on
 * every call; the engines never trust a cached or journaled state where the live one can be read.
 */
public final class ClusterView {

    /**
     * One node as seen now.
     *
     * @param health what the HTTP probe saw
     * @param alive the master's {@code Alive} (the probe's verdict for nodes SQL does not list)
     * @param version the version reported, when known
     */
    public record NodeState(Health health, boolean alive, Optional<Version> version) {
        public boolean readyAt(Version target) {
            return health.ready()
                    && alive
                    && version.map(v -> v.sameRelease(target)).orElse(false);
        }

        public String describe() {
            return health.status() + " (" + health.evidence() + "), alive=" + alive + ", version="
                    + version.map(Version::toString).orElse("unknown");
        }
    }

    private final Topology topology;
    private final ClusterAdmin admin;
    private final HealthProbe probe;

    ClusterView(Topology topology, ClusterAdmin admin, HealthProbe probe) {
        this.topology = topology;
        this.admin = admin;
        this.probe = probe;
    }

    /** The topology node that is master now, matched by host and edit log port. */
    public Optional<Node> master() {
        Frontend master = admin.master();
        return topology.frontends().stream().filter(master::matches).findFirst();
    }

    /** The state of one node now. */
    NodeState state(Node node) {
        Health health = probe.probe(node);
        if (node.role().isFrontend()) {
            Optional<Frontend> row = frontend(node);
            return new NodeState(
                    health,
                    row.map(Frontend::alive).orElse(false),
                    row.flatMap(Frontend::version).or(health::version));
        }
        if (node.role().isBackend()) {
            Optional<Backend> row = backend(node);
            return new NodeState(
                    health,
                    row.map(Backend::alive).orElse(false),
                    row.flatMap(Backend::version).or(health::version));
        }
        return new NodeState(health, health.ready(), health.version());
    }

    public Optional<Frontend> frontend(Node node) {
        return admin.frontends().stream().filter(row -> row.matches(node)).findFirst();
    }

    public Optional<Backend> backend(Node node) {
        List<Backend> rows = node.role() == Role.CN ? admin.computeNodes() : admin.backends();
        return rows.stream().filter(row -> row.matches(node)).findFirst();
    }
}
