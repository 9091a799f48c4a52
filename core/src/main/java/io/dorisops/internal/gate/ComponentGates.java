package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.internal.action.Action;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pre-flight gates of a scale-in of a component (a cluster run by a Kubernetes operator, whose
 * StatefulSet removes the highest ordinals), by the names and force rules of hosts' scale-in; each failure
 * starts with its gate's name:
 *
 * <ol>
 *   <li>{@code follower-majority} (FE): the followers among the ordinals that stay are a majority of the
 *       followers among today's (seed 002: removing followers carelessly can damage metadata);
 *   <li>{@code replicas-fit} (BE): the BEs that stay can hold every partition's replicas in its tag ({@link
 *       ReplicaGates#replicasFit} on the live replica facts); with an admin that reads no replica facts, at
 *       least the replicas of each tablet on average.
 * </ol>
 *
 * <p>Each applies when the plan lowers the replicas of its component (with the master's view); {@code
 * tablets-healthy} is the scale-in's own gate ({@link ClusterGates#tabletsHealthy}): forcing
 * {@code replicas-fit} does not skip it.
 */
public final class ComponentGates {

    private ComponentGates() {}

    /** {@code follower-majority} of an FE scale-in of a component: the followers that stay are a majority. */
    public static List<String> followerMajority(OperationContext run, List<String> earlier) {
        return scaleIn(run, "fe")
                .map(scale -> {
                    long followers = scale.members().stream()
                            .filter(n -> n.role() == Role.FE_FOLLOWER)
                            .count();
                    long left = scale.staying().stream()
                            .filter(n -> n.role() == Role.FE_FOLLOWER)
                            .count();
                    long majority = followers / 2 + 1;
                    return left < majority
                            ? List.of("follower-majority: lowering fe replicas from "
                                    + scale.members().size()
                                    + " to " + scale.replicas() + " leaves " + left + " of " + followers
                                    + " FE followers, below a majority (" + majority + "); the metadata quorum would"
                                    + " be lost. Keep at least " + majority + " followers")
                            : List.<String>of();
                })
                .orElse(List.of());
    }

    /** {@code replicas-fit} of a BE scale-in of a component: the BEs that stay hold every partition's replicas. */
    public static List<String> replicasFit(OperationContext run, List<String> earlier) {
        return scaleIn(run, "be")
                .map(scale -> {
                    try {
                        return replicasFit(run.admin(), scale.leaving(), scale.replicas());
                    } catch (DorisOpsException e) {
                        return List.of("replicas-fit: a BE scale-in needs the master's view to decommission; "
                                + e.getMessage());
                    }
                })
                .orElse(List.of());
    }

    /**
     * A component's members now, as the component control reports them, and its replicas after the scale.
     *
     * @param members the topology node of each member (a pod name), in ordinal order
     */
    private record Scale(List<Node> members, int replicas) {
        List<Node> staying() {
            return members.subList(0, replicas);
        }

        List<Node> leaving() {
            return members.subList(replicas, members.size());
        }
    }

    /** The scale-in of {@code component} the operation's plan sets, when it lowers its replicas (with SQL). */
    private static Optional<Scale> scaleIn(OperationContext run, String component) {
        if (!run.hasAdmin()) {
            return Optional.empty();
        }
        return run.operation().steps().stream()
                .flatMap(step -> step.actions().stream())
                .filter(Action.PatchReplicas.class::isInstance)
                .map(Action.PatchReplicas.class::cast)
                .findFirst()
                .filter(patch -> patch.component().equals(component))
                .map(patch -> new Scale(
                        run.components().components().stream()
                                .filter(c -> c.name().equals(component))
                                .findFirst()
                                .map(c -> c.members().stream().map(run::node).toList())
                                .orElse(List.of()),
                        patch.replicas()))
                .filter(scale -> scale.replicas() < scale.members().size());
    }

    private static List<String> replicasFit(ClusterAdmin admin, List<Node> leaving, int replicas) {
        ReplicaFacts facts;
        try {
            facts = admin.replicaFacts();
        } catch (UnsupportedOperationException e) {
            TabletHealth health = admin.tabletHealth();
            long perTablet = health.tablets() == 0 ? 0 : (health.replicas() + health.tablets() - 1) / health.tablets();
            return replicas < perTablet
                    ? List.of("replicas-fit: " + replicas + " BEs cannot hold " + perTablet
                            + " replicas of each tablet (" + health.replicas() + " replicas of " + health.tablets()
                            + " tablets); lower replication_num first, or force replicas-fit")
                    : List.of();
        }
        List<ReplicaFacts.Storage> storages = new ArrayList<>();
        leaving.forEach(node -> facts.backend(node).ifPresent(storages::add));
        return ReplicaGates.replicasFit(facts, storages).stream()
                .map(problem -> "replicas-fit: " + problem)
                .toList();
    }
}
