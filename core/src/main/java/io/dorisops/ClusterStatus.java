package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Cluster#status()} saw: every node of the topology with its health, in topology order,
 * and whether the master's SQL view of the cluster could be read.
 *
 * <pre>{@code
 * ClusterStatus status = cluster.status();
 * if (!status.healthy()) {
 *     status.problems().forEach(problem -> log.warn("{}", problem));
 *     // be-2 (10.0.0.12): Alive=false in the master's SHOW BACKENDS
 *     // the SQL view is unavailable: demo: SHOW FRONTENDS: fe-1 (10.0.0.11:9030) refused user root ...
 * }
 * }</pre>
 *
 * @param cluster the topology's name
 * @param nodes one entry per node
 * @param sqlView whether the master's view was read, and why not
 */
public record ClusterStatus(String cluster, List<NodeStatus> nodes, SqlView sqlView) {

    /**
     * One node, what the probe saw of it and, when SQL answered, what the master says of it.
     *
     * @param node the node as declared
     * @param health the probe's verdict
     * @param alive the master's {@code Alive} for FEs, BEs and CNs; empty without SQL, for other roles, or
     *     when the master does not list the node
     * @param version the version the master lists, else the one the probe saw
     */
    public record NodeStatus(Node node, Health health, Optional<Boolean> alive, Optional<Version> version) {
        public NodeStatus {
            requireNonNull(node, "node");
            requireNonNull(health, "health");
            requireNonNull(alive, "alive");
            requireNonNull(version, "version");
        }
    }

    /**
     * Whether {@link Cluster#status()} read the master's view ({@code SHOW FRONTENDS}, {@code SHOW
     * BACKENDS}, {@code SHOW COMPUTE NODES}), which gives {@link NodeStatus#alive()} and the versions.
     *
     * @param state read, not configured, or unavailable
     * @param detail why it was not read (never a secret); empty when read
     */
    public record SqlView(State state, String detail) {

        /** What became of the SQL view. */
        public enum State {
            /** Read from the master FE. */
            READ,
            /** Not asked for: no {@link ClusterAdmin} (dorisops-jdbc-probe is not on the class path). */
            NOT_CONFIGURED,
            /** Asked for but not read: a wrong SQL user or password, no FE answering, no master elected. */
            UNAVAILABLE
        }

        public SqlView {
            requireNonNull(state, "state");
            requireNonNull(detail, "detail");
        }

        /** The view was read. */
        public static SqlView read() {
            return new SqlView(State.READ, "");
        }

        /** There is no SQL control plane to read it from. */
        public static SqlView notConfigured(String why) {
            return new SqlView(State.NOT_CONFIGURED, why);
        }

        /** The SQL control plane did not answer; {@code why} is its error message. */
        public static SqlView unavailable(String why) {
            return new SqlView(State.UNAVAILABLE, why);
        }

        /** True when the master's view was read. */
        public boolean wasRead() {
            return state == State.READ;
        }

        /** Why the view is unavailable, when it was asked for and not read. */
        public Optional<String> problem() {
            return state == State.UNAVAILABLE ? Optional.of(detail) : Optional.empty();
        }
    }

    public ClusterStatus {
        requireNonNull(cluster, "cluster");
        nodes = List.copyOf(requireNonNull(nodes, "nodes"));
        requireNonNull(sqlView, "sqlView");
    }

    /** A status taken without a SQL view ({@link SqlView.State#NOT_CONFIGURED}). */
    public ClusterStatus(String cluster, List<NodeStatus> nodes) {
        this(cluster, nodes, SqlView.notConfigured("no SQL view was taken"));
    }

    /** True when every node is {@link Health.Status#READY} by its probe (the master's view aside). */
    public boolean allReady() {
        return nodes.stream().allMatch(status -> status.health().ready());
    }

    /** The nodes that are not ready, in topology order. */
    public List<NodeStatus> notReady() {
        return nodes.stream().filter(status -> !status.health().ready()).toList();
    }

    /**
     * Every reason the cluster is not healthy, one sentence each: nodes that are not ready (in topology
     * order), FEs, BEs and CNs the master reports {@code Alive=false} or does not list, and an
     * unavailable SQL view. A SQL view that was {@linkplain SqlView.State#NOT_CONFIGURED not configured}
     * is not a problem: only the probes judge then.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (NodeStatus status : nodes) {
            Node node = status.node();
            Health health = status.health();
            if (!health.ready()) {
                problems.add(node.label() + ": " + health.status() + " (" + health.evidence() + ")");
            }
            boolean listed = node.role().isFrontend() || node.role().isBackend();
            if (listed && sqlView.wasRead()) {
                String view = node.role().isFrontend()
                        ? "SHOW FRONTENDS"
                        : node.role() == Role.CN ? "SHOW BACKENDS / SHOW COMPUTE NODES" : "SHOW BACKENDS";
                if (status.alive().isEmpty()) {
                    problems.add(node.label() + ": not listed in the master's " + view
                            + "; register it, or fix its host and ports in the topology");
                } else if (!status.alive().get()) {
                    problems.add(node.label() + ": Alive=false in the master's " + view);
                }
            }
        }
        sqlView.problem().ifPresent(why -> problems.add("the SQL view is unavailable: " + why));
        return problems;
    }

    /** True when {@link #problems()} is empty: every node ready, and alive in the master's view when read. */
    public boolean healthy() {
        return problems().isEmpty();
    }
}
