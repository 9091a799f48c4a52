package io.dorisops.internal.gate;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Version;
import io.dorisops.spi.ClusterAdmin;
import java.util.List;
import java.util.Optional;

/**
 * What a gate's check reads of the run and the cluster: one per evaluation of a phase, given by the
 * runner (the engine implements it; a gate never reaches into the engine). Facts that need the engine's
 * readers (the readiness of a node, the master's view, the majority of replicas) are asked here.
 */
public interface GateContext {

    /** The cluster's name, first in a refusal. */
    String cluster();

    /** The cluster's flavor. */
    Flavor flavor();

    /** True when the cluster has a SQL control plane (the master's view); without one {@link #admin} throws. */
    boolean hasAdmin();

    /** The master's SQL control plane. */
    ClusterAdmin admin();

    /** The version the run goes to, if it is an upgrade (always empty before an action). */
    Optional<Version> target();

    /** Every FE of the topology. */
    List<Node> frontends();

    /** The node the run finished last (a node step, not a cluster step), if any. */
    Optional<Node> previous();

    /** The version the run's last step on {@link #previous} awaited, if any. */
    Optional<Version> previousVersion();

    /** Why {@code node} is not ready (at {@code version} when given), as its state reads, or empty when it is. */
    Optional<String> notReady(Node node, Optional<Version> version);

    /** The FE that is master now in the cluster's view, if any. */
    Optional<Node> master();

    /** The version the master lists for {@code frontend}, if it lists one. */
    Optional<Version> frontendVersion(Node frontend);

    /**
     * Why stopping {@code next} (with the other nodes of its batch) would leave some tablet below a
     * majority of complete replicas, or empty ({@code MajorityGate}, with the run's repair window).
     */
    Optional<String> majorityLost(Node next);
}
