package io.dorisops.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Topology;

/**
 * The node a plan's step names, found in the topology: a plan (a journal, an approved plan file) that
 * names a node the topology does not have is refused, naming the node and the topology.
 */
public final class PlanNodes {

    private PlanNodes() {}

    /** The topology's node {@code id}; refused when the topology has none. */
    public static Node node(Topology topology, String id) {
        return topology.node(id)
                .orElseThrow(() -> new DorisOpsException("the plan names node " + id + ", which the topology "
                        + topology.source() + " does not have; plan again"));
    }
}
