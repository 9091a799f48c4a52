package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Cluster#status()} saw: every node of the topology with its health, in topology order.
 *
 * @param cluster the topology's name
 * @param nodes one entry per node
 */
public record ClusterStatus(String cluster, List<NodeStatus> nodes) {

    /**
     * One node, what the probe saw of it and, when SQL answered, what the master says of it.
     *
     * @param node the node as declared
     * @param health the probe's verdict
     * @param alive the master's {@code Alive} for FEs, BEs and CNs; empty without SQL or for other roles
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

    public ClusterStatus {
        requireNonNull(cluster, "cluster");
        nodes = List.copyOf(requireNonNull(nodes, "nodes"));
    }

    /** True when every node is {@link Health.Status#READY}. */
    public boolean allReady() {
        return nodes.stream().allMatch(status -> status.health().ready());
    }

    /** The nodes that are not ready, in topology order. */
    public List<NodeStatus> notReady() {
        return nodes.stream().filter(status -> !status.health().ready()).toList();
    }
}
