package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ComponentControl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

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
 * <p>{@code tablets-healthy} is the scale-in's own gate ({@link ClusterGates#tabletsHealthy}): forcing
 * {@code replicas-fit} does not skip it.
 */
public final class ComponentGates {

    private ComponentGates() {}

    /**
     * The failures of these gates for lowering a component's replicas, on its members now as the component
     * control reports them; empty when it may run.
     *
     * @param replicas the replicas after the scale-in
     * @param nodes the topology node of a member (a pod name)
     * @param runs true for a gate the procedure runs and the user did not force
     */
    public static List<String> scaleIn(
            ComponentControl control,
            String component,
            int replicas,
            Function<String, Node> nodes,
            ClusterAdmin admin,
            Predicate<String> runs) {
        List<Node> members = control.components().stream()
                .filter(c -> c.name().equals(component))
                .findFirst()
                .map(c -> c.members().stream().map(nodes).toList())
                .orElse(List.of());
        int current = members.size();
        List<String> failures = new ArrayList<>();
        if (replicas >= current) {
            return failures;
        }
        if (component.equals("fe") && runs.test("follower-majority")) {
            long followers =
                    members.stream().filter(n -> n.role() == Role.FE_FOLLOWER).count();
            long left = members.subList(0, replicas).stream()
                    .filter(n -> n.role() == Role.FE_FOLLOWER)
                    .count();
            long majority = followers / 2 + 1;
            if (left < majority) {
                failures.add("follower-majority: lowering fe replicas from " + current + " to " + replicas
                        + " leaves " + left + " of " + followers + " FE followers, below a majority (" + majority
                        + "); the metadata quorum would be lost. Keep at least " + majority + " followers");
            }
        }
        if (component.equals("be") && runs.test("replicas-fit")) {
            try {
                failures.addAll(replicasFit(admin, members.subList(replicas, current), replicas));
            } catch (DorisOpsException e) {
                failures.add("replicas-fit: a BE scale-in needs the master's view to decommission; " + e.getMessage());
            }
        }
        return failures;
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
