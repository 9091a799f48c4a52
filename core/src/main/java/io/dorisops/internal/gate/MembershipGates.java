package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The membership gates of scale-in, its cancel and the failover drill, each failure starting with its
 * gate's name (what {@code --force} takes; {@code members} and {@code drill-followers} cannot be
 * forced); the gates of deploy and scale-out are still {@code internal.engine.DeployGates}:
 *
 * <ol>
 *   <li>{@code members}: every node to remove is listed by the master; at least one follower stays;
 *   <li>{@code replicas-fit}, {@code capacity-fits}, {@code tablet-scheduler}: the replica rules of {@link
 *       ReplicaGates} on the live {@link ReplicaFacts}, when BEs leave;
 *   <li>{@code follower-majority}: the followers that stay are more than half of those there are now,
 *       and a majority of them is alive (seed 002: removing followers carelessly can damage metadata);
 *   <li>{@code drill-followers}: a drill needs at least 3 alive followers, and a majority of the
 *       followers alive without the master.
 * </ol>
 */
public final class MembershipGates {

    private MembershipGates() {}

    /**
     * The failures of these gates for the nodes an operation removes (or whose decommission it cancels),
     * each starting with its gate's name; empty when none of them applies.
     *
     * @param spec the procedure's row: which of these gates it runs
     * @param runs true for a gate the procedure runs and the user did not force
     * @param nodes the topology nodes of the operation's node steps; none for a scale-in of components
     *     (Kubernetes), which its plan guards by the same names
     * @param master the FE that is master now, read only for a drill
     */
    public static List<String> preflight(
            ProcedureSpec spec,
            ClusterAdmin admin,
            Flavor flavor,
            Predicate<String> runs,
            Collection<Node> nodes,
            Supplier<Optional<Node>> master) {
        if (!spec.runs("members") && !spec.runs("drill-followers")) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        try {
            if (spec.runs("drill-followers")) {
                drill(admin, master, failures);
                return failures;
            }
            if (nodes.isEmpty()) {
                return failures;
            }
            members(admin, flavor, nodes, failures);
            if (failures.isEmpty()) {
                if (spec.runs("replicas-fit")) {
                    replicas(admin, flavor, runs, nodes, failures);
                }
                if (spec.runs("follower-majority") && runs.test("follower-majority")) {
                    followers(admin, nodes, failures);
                }
            }
        } catch (DorisOpsException e) {
            failures.add("members: cannot read the cluster: " + e.getMessage());
        }
        return failures;
    }

    /** The node's row in {@code SHOW BACKENDS} (or StarRocks {@code SHOW COMPUTE NODES}). */
    public static Optional<Backend> backend(ClusterAdmin admin, Flavor flavor, Node node) {
        List<Backend> rows = new ArrayList<>(admin.backends());
        if (node.role() == Role.CN && flavor.separateComputeNodes()) {
            rows.addAll(admin.computeNodes());
        }
        return rows.stream().filter(be -> be.matches(node)).findFirst();
    }

    private static void members(ClusterAdmin admin, Flavor flavor, Collection<Node> nodes, List<String> failures) {
        List<Frontend> frontends = admin.frontends();
        for (Node node : nodes) {
            boolean listed = node.role().isFrontend()
                    ? frontends.stream().anyMatch(fe -> fe.matches(node))
                    : backend(admin, flavor, node).isPresent();
            if (!listed) {
                failures.add("members: " + node.label() + " is not in "
                        + (node.role().isFrontend() ? "SHOW FRONTENDS" : "SHOW BACKENDS")
                        + " (was it removed already?); remove it from the topology file, or check its host and port");
            }
        }
        long followers =
                frontends.stream().filter(fe -> fe.role() == Role.FE_FOLLOWER).count();
        long leaving = nodes.stream().filter(n -> n.role() == Role.FE_FOLLOWER).count();
        if (leaving > 0 && leaving >= followers) {
            failures.add("members: removing every follower leaves no FE to elect a master; keep at least one");
        }
    }

    private static void replicas(
            ClusterAdmin admin, Flavor flavor, Predicate<String> runs, Collection<Node> nodes, List<String> failures) {
        List<Node> backends = nodes.stream().filter(n -> n.role() == Role.BE).toList();
        if (backends.isEmpty()) {
            return;
        }
        ReplicaFacts facts;
        try {
            facts = admin.replicaFacts();
        } catch (UnsupportedOperationException e) {
            failures.add("replicas-fit: " + e.getMessage() + "; without the replica facts the scale-in of a BE"
                    + " cannot be checked");
            return;
        }
        List<ReplicaFacts.Storage> leaving = new ArrayList<>();
        for (Node be : backends) {
            facts.backend(be).ifPresent(leaving::add);
        }
        if (runs.test("replicas-fit")) {
            ReplicaGates.replicasFit(facts, leaving).forEach(p -> failures.add("replicas-fit: " + p));
        }
        if (runs.test("capacity-fits")) {
            ReplicaGates.capacityFits(facts, leaving).forEach(p -> failures.add("capacity-fits: " + p));
        }
        if (runs.test("tablet-scheduler")) {
            ReplicaGates.schedulerPaused(flavor, admin.frontendConfig(ReplicaGates.schedulerKeys(flavor)))
                    .ifPresent(p -> failures.add("tablet-scheduler: " + p));
        }
    }

    private static void followers(ClusterAdmin admin, Collection<Node> nodes, List<String> failures) {
        List<Node> leaving =
                nodes.stream().filter(n -> n.role() == Role.FE_FOLLOWER).toList();
        if (leaving.isEmpty()) {
            return;
        }
        List<Frontend> followers = admin.frontends().stream()
                .filter(fe -> fe.role() == Role.FE_FOLLOWER)
                .toList();
        List<Frontend> staying = followers.stream()
                .filter(fe -> leaving.stream().noneMatch(fe::matches))
                .toList();
        long alive = staying.stream().filter(Frontend::alive).count();
        List<String> ids = leaving.stream().map(Node::id).toList();
        if (2L * staying.size() <= followers.size()) {
            failures.add("follower-majority: removing " + leaving.size() + " of the " + followers.size()
                    + " followers " + ids + " leaves " + staying.size() + ", not a majority of " + followers.size()
                    + ": a majority must stay to elect a master and to agree on the removal; remove fewer followers"
                    + " per scale-in, or add followers first");
        } else if (alive < staying.size() / 2 + 1) {
            failures.add("follower-majority: of the " + staying.size() + " followers that stay only " + alive
                    + " are alive, fewer than their majority of " + (staying.size() / 2 + 1)
                    + "; start them first");
        }
    }

    private static void drill(ClusterAdmin admin, Supplier<Optional<Node>> master, List<String> failures) {
        List<Frontend> followers = admin.frontends().stream()
                .filter(fe -> fe.role() == Role.FE_FOLLOWER)
                .toList();
        long alive = followers.stream().filter(Frontend::alive).count();
        int majority = followers.size() / 2 + 1;
        if (alive < 3) {
            failures.add("drill-followers: " + alive + " of " + followers.size() + " followers are alive; a failover"
                    + " drill needs at least 3 alive followers, so that a majority elects a new master while the"
                    + " master is down. Add or start followers first");
        } else if (alive - 1 < majority) {
            failures.add("drill-followers: without the master " + (alive - 1) + " of " + followers.size()
                    + " followers would be alive, fewer than the majority of " + majority + "; start the others first");
        }
        if (master.get().isEmpty()) {
            failures.add("drill-followers: no FE of the topology is master now; fix the cluster first");
        }
    }
}
