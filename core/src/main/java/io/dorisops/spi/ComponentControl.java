package io.dorisops.spi;

import io.dorisops.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The component-control capability of a {@link NodeControl}: acting on a whole component (FE, BE, CN,
 * broker) of a cluster that a Kubernetes operator runs, where the operator, not dorisops, stops and starts
 * the pods. The kubernetes module implements it by patching the custom resource and watching the pods and
 * the master's view.
 *
 * <p>Core plans from what {@link #components()} reports (an upgrade by image, a scale) and owns the order,
 * the gates and the waits; every method that changes something is idempotent: a resumed run repeats the
 * one a crash cut short.
 */
public interface ComponentControl {

    /** The resource the components belong to, for messages ({@code DorisCluster doris/dcr}). */
    String resource();

    /** The components the resource declares, as they are now. */
    List<Component> components();

    /** Sets the component's image; false when it already had it (nothing done). */
    boolean patchImage(String component, String image);

    /** Sets the component's replicas; false when it already had that value (nothing done). */
    boolean patchReplicas(String component, int replicas);

    /**
     * Waits until the component's rollout is over: as many pods as its replicas, each with the spec's image
     * and ready, each member alive in the master's view, at {@code version} when given.
     *
     * @param waiting told each time what the wait sees changes
     * @throws io.dorisops.DorisOpsException at the deadline, or at once when a pod can no longer become
     *     ready, naming the pods and their states
     */
    void awaitRollout(String component, Optional<Version> version, Duration timeout, Consumer<String> waiting);

    /**
     * Decommissions the members and waits until the master no longer lists them (their tablets moved).
     *
     * @param members node ids (pod names)
     */
    void drain(String component, List<String> members, Duration timeout, Consumer<String> waiting);

    /** Drops the members from the master's view (CNs, observers: nothing to move); absent ones are skipped. */
    void drop(String component, List<String> members);
}
