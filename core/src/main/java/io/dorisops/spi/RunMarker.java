package io.dorisops.spi;

import io.dorisops.Node;
import java.util.List;
import java.util.Optional;

/**
 * The run-marker capability of a {@link NodeControl}: the claim that keeps two operators on two machines
 * from running on one cluster at once. On hosts it is a file in the FEs' homes; on Kubernetes an
 * annotation on the cluster's resource. Every procedure needs it.
 */
public interface RunMarker {

    /**
     * Claims the cluster for a run with a marker kept on the node (one of {@link #markerNodes}). Atomic:
     * of two runs claiming at once, one wins.
     *
     * @param holder who, where and when, for the other operator's refusal
     * @param takeOver a run whose marker this one may replace (the run it resumes or rolls back), or empty
     * @return empty when claimed; else the marker of the run that holds the cluster
     */
    Optional<String> claim(Node node, String runId, String holder, String takeOver);

    /** Removes the marker when it is the run's own. */
    void release(Node node, String runId);

    /**
     * The nodes that keep a marker, of the cluster's frontends in a fixed order ({@link #claim} on each):
     * every one, or the first when the marker is one for the whole cluster.
     */
    List<Node> markerNodes(List<Node> frontends);

    /** Where the marker lives, for messages. */
    String markerLocation(Node node);
}
