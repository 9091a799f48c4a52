package io.dorisops.internal.plan;

import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.spi.Component;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan builders of a cluster run by a Kubernetes operator: an upgrade by image and a scale, as
 * {@link Operation}s of component steps, from the components its {@code ComponentControl} reports. The
 * scale-in's gates are the runner's ({@code Gates}, {@code ComponentGates}), by the names of hosts'.
 */
public final class ComponentPlans {

    /** The order of an upgrade by image (seed 002: "cn/be -&gt; fe -&gt; broker"). */
    static final List<String> UPGRADE_ORDER = List.of("be", "cn", "fe", "broker");

    private ComponentPlans() {}

    /**
     * An upgrade by image to {@code target}; nothing is changed.
     *
     * <ol>
     *   <li>Each component's new image is the one given, else its spec's image with the tag replaced by the
     *       target's number; an image without a tag to replace (none, or a digest) is refused naming the
     *       field, as is an image given for a component the resource does not have.
     *   <li>Components in the order BE, CN, FE, broker; one with no replicas is left out, one whose spec and
     *       every pod already run the new image is skipped.
     *   <li>Each is one step: set its {@code image}, then wait until the operator's rollout is over (every
     *       pod recreated and ready with the image, every member alive in SQL at the target; the broker is
     *       not in SQL) before the next.
     *   <li>Balancing is paused for the run and restored after; the upgrade's pre-flight gates apply.
     * </ol>
     *
     * @param resource the resource, for messages
     * @param images images to use instead of re-tagging, by component
     * @throws IllegalArgumentException naming the component and field
     */
    public static Operation upgrade(
            Topology topology,
            String resource,
            List<Component> components,
            Version target,
            Map<String, String> images) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (Component component : components) {
            String given = images.get(component.name());
            chosen.put(component.name(), given != null ? given : retag(resource, component, target));
        }
        images.keySet().stream()
                .filter(name -> !chosen.containsKey(name))
                .findFirst()
                .ifPresent(name -> {
                    throw noComponent(resource, components, name);
                });
        List<Step> steps = new ArrayList<>();
        List<Operation.Skipped> skipped = new ArrayList<>();
        for (String name : UPGRADE_ORDER) {
            Optional<Component> found = find(components, name);
            if (found.isEmpty() || found.get().replicas() == 0) {
                continue;
            }
            Component component = found.get();
            String image = chosen.get(name);
            if (component.image().equals(image)
                    && component.podImages().stream().allMatch(image::equals)) {
                skipped.add(new Operation.Skipped(name, "already runs " + image));
                continue;
            }
            Reason reason =
                    switch (name) {
                        case "fe" -> Reason.COMPONENT_FRONTENDS_AFTER_BACKENDS;
                        case "broker" -> Reason.COMPONENT_BROKER_LAST;
                        default -> Reason.COMPONENT_BACKENDS_FIRST;
                    };
            steps.add(new Step(
                    "",
                    Optional.empty(),
                    "",
                    component.version(),
                    reason,
                    List.of(
                            new Action.PatchImage(name, image),
                            new Action.AwaitRollout(
                                    name, name.equals("broker") ? Optional.empty() : Optional.of(target))),
                    List.of()));
        }
        return new Operation(
                Kind.UPGRADE,
                topology.name(),
                topology.flavor(),
                Optional.of(target),
                true,
                steps,
                skipped,
                List.of(),
                Optional.empty(),
                Instant.now());
    }

    /**
     * A change of a component's replicas; nothing is changed. The operator's StatefulSet removes the
     * highest ordinals, so those are the members a scale-in removes.
     *
     * <ol>
     *   <li>Out (as many replicas as now or more): set {@code replicas}, then wait until the new pods run
     *       and are alive in SQL at {@code version}.
     *   <li>In, BE: decommission exactly the members the StatefulSet removes and wait until they hold no
     *       tablets; then set {@code replicas} and wait until those pods are gone.
     *   <li>In, any other component (CN, FE observers and followers): set {@code replicas}, wait until the
     *       pods are gone, then drop the members.
     *   <li>The scale-in's pre-flight gates ({@code follower-majority}, {@code replicas-fit}, {@code
     *       tablets-healthy}) run when it runs, as on hosts.
     * </ol>
     *
     * @param version the cluster's version, which new members must join at (empty: any)
     * @throws IllegalArgumentException when the resource has no such component
     */
    public static Operation scale(
            Topology topology,
            String resource,
            List<Component> components,
            String name,
            int replicas,
            Optional<Version> version) {
        Component component = find(components, name).orElseThrow(() -> noComponent(resource, components, name));
        int current = component.replicas();
        List<Step> steps = new ArrayList<>();
        if (replicas >= current) {
            steps.add(Step.cluster(
                    Reason.SCALE_OUT_JOINS,
                    List.of(new Action.PatchReplicas(name, replicas), new Action.AwaitRollout(name, version))));
            return operation(Kind.SCALE_OUT, topology, steps);
        }
        List<String> removed = new ArrayList<>();
        for (int i = current - 1; i >= replicas; i--) {
            removed.add(component.members().get(i));
        }
        if (name.equals("be")) {
            steps.add(Step.cluster(Reason.DRAIN_BEFORE_SCALE_IN, List.of(new Action.DrainMembers(name, removed))));
            steps.add(Step.cluster(
                    Reason.REPLICAS_AFTER_DRAIN,
                    List.of(
                            new Action.PatchReplicas(name, replicas),
                            new Action.AwaitRollout(name, Optional.empty()))));
        } else {
            steps.add(Step.cluster(
                    Reason.DROP_AFTER_PODS_GONE,
                    List.of(
                            new Action.PatchReplicas(name, replicas),
                            new Action.AwaitRollout(name, Optional.empty()),
                            new Action.DropMembers(name, removed))));
        }
        return operation(Kind.SCALE_IN, topology, steps);
    }

    private static Operation operation(Kind kind, Topology topology, List<Step> steps) {
        return new Operation(
                kind,
                topology.name(),
                topology.flavor(),
                Optional.empty(),
                false,
                steps,
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());
    }

    private static String retag(String resource, Component component, Version target) {
        String image = component.image();
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash || image.contains("@")) {
            throw new IllegalArgumentException(resource + ": " + component.field() + ".image \"" + image
                    + "\" has no tag to replace with " + target.number() + "; name the new image (--image "
                    + component.name() + "=REPOSITORY:TAG)");
        }
        return image.substring(0, colon + 1) + target.number();
    }

    private static Optional<Component> find(List<Component> components, String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static IllegalArgumentException noComponent(String resource, List<Component> components, String name) {
        return new IllegalArgumentException(resource + " has no component " + name + "; it has "
                + components.stream().map(Component::name).toList());
    }
}
