package io.dorisops.internal.engine;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cluster membership of a node, as the master lists it: which row names the node's {@code
 * host:port} (by name or address), and registering it with {@code ALTER SYSTEM ADD}.
 */
final class Members {

    private Members() {}

    /**
     * The member holding the node's membership address, described for a message ({@code "a backend
     * (BackendId 10004)"}), or empty when none does. FEs are matched by edit log port, BEs and CNs by
     * heartbeat port, across every list.
     */
    static Optional<String> holding(ClusterAdmin admin, Flavor flavor, Node node) {
        if (node.role().isFrontend()) {
            return admin.frontends().stream()
                    .filter(fe -> fe.matches(node))
                    .findFirst()
                    .map(fe -> "an FE " + fe.role().key().replace("fe_", "") + " (" + fe.name() + ", " + fe.address()
                            + ")");
        }
        List<Backend> rows = new ArrayList<>(admin.backends());
        if (flavor.separateComputeNodes()) {
            rows.addAll(admin.computeNodes());
        }
        return rows.stream()
                .filter(be -> be.matches(node))
                .findFirst()
                .map(be -> (be.role() == Role.CN ? "a compute node" : "a backend") + " (id " + be.id() + ", "
                        + be.address() + ")");
    }

    /** Adds the node on the master; false when it is a member already (nothing done). */
    static boolean add(ClusterAdmin admin, Flavor flavor, Node node) {
        if (holding(admin, flavor, node).isPresent()) {
            return false;
        }
        switch (node.role()) {
            case FE_FOLLOWER, FE_OBSERVER -> admin.addFrontend(
                    node.role(), node.host(), node.ports().editLogPort());
            case BE -> admin.addBackend(node.host(), node.ports().heartbeatPort());
            case CN -> admin.addComputeNode(node.host(), node.ports().heartbeatPort());
            default -> throw new IllegalArgumentException(
                    node.label() + ": a " + node.role().key() + " is not added with ALTER SYSTEM");
        }
        return true;
    }
}
