package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The membership gates of scale-in, its cancel and the failover drill, each failure starting with its
 * gate's name (what {@code --force} takes; {@code members} and {@code drill-followers} cannot be
 * forced); a read of the cluster that fails is a {@code members} failure. The nodes are those of the
 * operation's node steps (none for a scale-in of components, Kubernetes, which {@link ComponentGates}
 * guards by the same names):
 *
 * <ol>
 *   <li>{@code members}: every node to remove is listed by the master; at least one follower stays;
 *   <li>{@code replicas-fit}, {@code capacity-fits}, {@code tablet-scheduler}: the replica rules of {@link
 *       ReplicaGates} on the live {@link ReplicaFacts}, when BEs leave (once {@code members} passed);
 *   <li>{@code follower-majority}: the followers that stay are more than half of those there are now,
 *       and a majority of them is alive (seed 002: removing followers carelessly can damage metadata;
 *       once {@code members} passed);
 *   <li>{@code drill-followers}: a drill needs at least 3 alive followers, and a majority of the
 *       followers alive without the master.
 * </ol>
 */
public final class MembershipGates {

    private static final String UNREADABLE = "members: cannot read the cluster: ";

    private MembershipGates() {}

    /** {@code members}: every node the operation removes (or whose decommission it cancels) is a member. */
    public static List<String> members(OperationContext run, List<String> earlier) {
        List<Node> nodes = removed(run);
        List<String> failures = new ArrayList<>();
        if (nodes.isEmpty()) {
            return failures;
        }
        try {
            members(run.admin(), run.flavor(), nodes, failures);
        } catch (DorisOpsException e) {
            failures.add(UNREADABLE + e.getMessage());
        }
        return failures;
    }

    /** {@code replicas-fit}: the BEs that stay hold every partition's replicas in each location tag. */
    public static List<String> replicasFit(OperationContext run, List<String> earlier) {
        return onLeavingBackends(run, earlier, (facts, leaving) -> ReplicaGates.replicasFit(facts, leaving).stream()
                .map(p -> "replicas-fit: " + p)
                .toList());
    }

    /** {@code capacity-fits}: per tag, the data of the leaving BEs fits the free space of those that stay. */
    public static List<String> capacityFits(OperationContext run, List<String> earlier) {
        return onLeavingBackends(run, earlier, (facts, leaving) -> ReplicaGates.capacityFits(facts, leaving).stream()
                .map(p -> "capacity-fits: " + p)
                .toList());
    }

    /** {@code tablet-scheduler}: the tablet scheduler runs, so a decommissioned BE's replicas move. */
    public static List<String> tabletScheduler(OperationContext run, List<String> earlier) {
        return onLeavingBackends(run, earlier, (facts, leaving) -> ReplicaGates.schedulerPaused(
                        run.flavor(), run.admin().frontendConfig(ReplicaGates.schedulerKeys(run.flavor())))
                .map(p -> List.of("tablet-scheduler: " + p))
                .orElse(List.of()));
    }

    /**
     * A replica gate's failures when the operation removes BEs, once {@code members} passed. Without
     * replica facts none of them can be checked: the first of them the run evaluates says so, as a {@code
     * replicas-fit} failure.
     */
    private static List<String> onLeavingBackends(
            OperationContext run,
            List<String> earlier,
            BiFunction<ReplicaFacts, List<ReplicaFacts.Storage>, List<String>> gate) {
        List<Node> backends =
                removed(run).stream().filter(n -> n.role() == Role.BE).toList();
        if (backends.isEmpty() || failed("members", earlier)) {
            return List.of();
        }
        try {
            ReplicaFacts facts;
            try {
                facts = run.replicaFacts();
            } catch (UnsupportedOperationException e) {
                return !failed("replicas-fit", earlier)
                        ? List.of("replicas-fit: " + e.getMessage() + "; without the replica facts the scale-in of a"
                                + " BE cannot be checked")
                        : List.of();
            }
            List<ReplicaFacts.Storage> leaving = new ArrayList<>();
            for (Node be : backends) {
                facts.backend(be).ifPresent(leaving::add);
            }
            return gate.apply(facts, leaving);
        } catch (DorisOpsException e) {
            return List.of(UNREADABLE + e.getMessage());
        }
    }

    /** {@code follower-majority} on hosts: the followers that stay are a majority, and a majority of them alive. */
    public static List<String> followerMajority(OperationContext run, List<String> earlier) {
        List<Node> nodes = removed(run);
        if (nodes.isEmpty() || failed("members", earlier)) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        try {
            followers(run.admin(), nodes, failures);
        } catch (DorisOpsException e) {
            failures.add(UNREADABLE + e.getMessage());
        }
        return failures;
    }

    /** {@code drill-followers}: enough alive followers to elect a new master while the master is down. */
    public static List<String> drillFollowers(OperationContext run, List<String> earlier) {
        List<String> failures = new ArrayList<>();
        try {
            drill(run.admin(), run::masterNow, failures);
        } catch (DorisOpsException e) {
            failures.add(UNREADABLE + e.getMessage());
        }
        return failures;
    }

    /** The topology nodes of the operation's node steps: those it removes, or whose decommission it cancels. */
    private static List<Node> removed(OperationContext run) {
        Set<Node> removed = new LinkedHashSet<>();
        run.operation().steps().stream()
                .filter(step -> !step.onCluster())
                .forEach(step -> removed.add(run.node(step.nodeId())));
        return List.copyOf(removed);
    }

    private static boolean failed(String gate, List<String> earlier) {
        return earlier.stream().anyMatch(failure -> failure.startsWith(gate + ": "));
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
