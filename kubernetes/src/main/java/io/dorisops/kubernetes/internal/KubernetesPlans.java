package io.dorisops.kubernetes.internal;

import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.kubernetes.ComponentState;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The plan builders of a cluster run by a Kubernetes operator: each procedure of seed 002 as an {@link
 * Operation} of component-level steps for the kernel's runner.
 */
public final class KubernetesPlans {

    private KubernetesPlans() {}

    /**
     * An upgrade by image.
     *
     * <ol>
     *   <li>Components in the order BE, CN, FE, broker (seed 002: "cn/be -&gt; fe -&gt; broker"); one whose
     *       spec already has the new image, or has no replicas, is skipped.
     *   <li>Each is one step: set its {@code image}, then wait until the operator's rollout is over (every pod
     *       recreated and ready with the image, every member alive in SQL at the target) before the next.
     *   <li>Balancing is paused for the run and restored after; pre-flight refuses a single FE follower and
     *       single-replica data unless forced, as well as unhealthy tablets and a version path that skips.
     * </ol>
     *
     * @param images the new image of each component to upgrade
     * @param from the version each component runs now
     */
    public static Operation upgrade(
            Snapshot snapshot, Version target, Map<String, String> images, Map<String, Version> from) {
        List<Step> steps = new ArrayList<>();
        List<Operation.Skipped> skipped = new ArrayList<>();
        for (String name : ResourceKind.UPGRADE_ORDER) {
            Optional<ComponentState> component = snapshot.component(name);
            if (component.isEmpty()) {
                continue;
            }
            String image = images.get(name);
            if (image == null || component.get().replicas() == 0) {
                continue;
            }
            if (component.get().image().equals(image)
                    && component.get().pods().stream()
                            .allMatch(pod -> pod.image().equals(image))) {
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
                    Optional.ofNullable(from.get(name)),
                    reason,
                    List.of(
                            new Action.PatchImage(name, image),
                            new Action.AwaitRollout(
                                    name, name.equals("broker") ? Optional.empty() : Optional.of(target))),
                    List.of()));
        }
        return new Operation(
                Kind.UPGRADE,
                snapshot.ref().namespace() + "-" + snapshot.ref().name(),
                snapshot.kind().flavor(),
                Optional.of(target),
                true,
                steps,
                skipped,
                List.of(),
                Optional.empty(),
                Instant.now());
    }

    /**
     * A change of a component's replicas.
     *
     * <ol>
     *   <li>Out: set {@code replicas}, then wait until the new pods run and are alive in SQL at the cluster's
     *       version.
     *   <li>In, BE: refuse when the BEs that stay cannot hold the replicas of every tablet; decommission
     *       exactly the pods the StatefulSet removes (the highest ordinals) and wait until they hold no
     *       tablets; then set {@code replicas} and wait until those pods are gone.
     *   <li>In, CN (and FE observers): set {@code replicas}, wait until the pods are gone, then drop them.
     *   <li>In, FE followers: refused when the followers left would not be a majority of today's.
     * </ol>
     *
     * <p>The refusals are the scale-in's pre-flight gates of the one gate table, by the same names and
     * force rules as on hosts ({@code follower-majority}, {@code replicas-fit}, {@code tablets-healthy}):
     * a gate runs when the scale-in's {@link ProcedureSpec} names it and {@code forced} does not.
     *
     * @param version the cluster's version, which new members must join at
     * @param tablets the tablet health now, for the replica guard
     * @param replicasFit the partitions the BEs that stay cannot hold, from the replica facts; when empty, the
     *     guard falls back to the average replicas per tablet
     * @param forced the gates to skip ({@code RunOptions.forced()}, validated against the gate table)
     */
    public static Operation scale(
            Snapshot snapshot,
            ComponentState component,
            int replicas,
            Optional<Version> version,
            Optional<TabletHealth> tablets,
            Optional<List<String>> replicasFit,
            Set<String> forced) {
        String name = component.name();
        int current = component.replicas();
        List<Step> steps = new ArrayList<>();
        String cluster = snapshot.ref().namespace() + "-" + snapshot.ref().name();
        if (replicas >= current) {
            steps.add(Step.cluster(
                    Reason.SCALE_OUT_JOINS,
                    List.of(new Action.PatchReplicas(name, replicas), new Action.AwaitRollout(name, version))));
            return operation(Kind.SCALE_OUT, snapshot, cluster, steps);
        }
        List<String> removed = new ArrayList<>();
        for (int i = current - 1; i >= replicas; i--) {
            removed.add(snapshot.kind().statefulSet(snapshot.ref().name(), name) + "-" + i);
        }
        ProcedureSpec spec = ProcedureSpec.of(Kind.SCALE_IN);
        Predicate<String> runs = gate -> spec.preflight().contains(gate) && !forced.contains(gate);
        List<String> refusals = new ArrayList<>();
        if (name.equals("fe") && runs.test("follower-majority")) {
            long followers = Members.ordinals(component).stream()
                    .filter(i -> i < current)
                    .filter(i -> Members.role(snapshot.kind(), component, i) == Role.FE_FOLLOWER)
                    .count();
            long left = Members.ordinals(component).stream()
                    .filter(i -> i < replicas)
                    .filter(i -> Members.role(snapshot.kind(), component, i) == Role.FE_FOLLOWER)
                    .count();
            long majority = followers / 2 + 1;
            if (left < majority) {
                refusals.add("follower-majority: lowering fe replicas from " + current + " to " + replicas + " leaves "
                        + left + " of " + followers + " FE followers, below a majority (" + majority
                        + "); the metadata quorum would be lost. Keep at least " + majority + " followers");
            }
        }
        if (name.equals("be") && tablets.isPresent()) {
            TabletHealth health = tablets.get();
            long perTablet = health.tablets() == 0 ? 0 : (health.replicas() + health.tablets() - 1) / health.tablets();
            if (runs.test("replicas-fit") && replicasFit.isPresent()) {
                replicasFit.get().forEach(problem -> refusals.add("replicas-fit: " + problem));
            } else if (runs.test("replicas-fit") && replicas < perTablet) {
                refusals.add("replicas-fit: " + replicas + " BEs cannot hold " + perTablet
                        + " replicas of each tablet ("
                        + health.replicas() + " replicas of " + health.tablets() + " tablets); lower replication_num"
                        + " first, or force replicas-fit");
            }
            if (runs.test("tablets-healthy") && health.unhealthy() > 0) {
                refusals.add("tablets-healthy: " + health.summary() + "; a decommission now could lose the last"
                        + " replica; wait for the repair");
            }
        }
        if (!refusals.isEmpty()) {
            throw new PreconditionFailedException(
                    "refused to scale " + name + " of " + snapshot.ref() + " from " + current + " to " + replicas
                            + "; nothing was changed:",
                    refusals);
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
        return operation(Kind.SCALE_IN, snapshot, cluster, steps);
    }

    private static Operation operation(Kind kind, Snapshot snapshot, String cluster, List<Step> steps) {
        return new Operation(
                kind,
                cluster,
                snapshot.kind().flavor(),
                Optional.empty(),
                false,
                steps,
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());
    }

    /** The version a component runs: the lowest its pods' images name. */
    public static Optional<Version> version(ComponentState component) {
        return component.pods().stream()
                .map(PodState::imageVersion)
                .flatMap(Optional::stream)
                .min(Version::compareTo)
                .or(() -> PodState.versionOf(component.image()));
    }
}
