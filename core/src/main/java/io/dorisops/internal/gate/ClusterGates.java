package io.dorisops.internal.gate;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.internal.action.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pre-flight gates on the state of the whole cluster, each failure starting with its gate's name:
 * {@code nodes-alive} (every node's health and the master's view of it), {@code tablets-healthy}, {@code
 * balance-paused}, and the gates of an upgrade by image {@code single-follower} and {@code single-replica}
 * (a rolling upgrade's or restart's {@code single-replica} is {@link DrainGates}'); and the final gates
 * {@code ready-at-target} and {@code tablets-repaired}, awaited after the balance restore. The SQL ones
 * apply when the cluster has a SQL control plane.
 */
public final class ClusterGates {

    private ClusterGates() {}

    /**
     * {@code nodes-alive}: every node of the topology is alive and ready; a scale-in passes over the nodes
     * that left the cluster in an earlier one (the topology may still list them).
     */
    public static List<String> nodesAlive(OperationContext run, List<String> earlier) {
        boolean passesOverLeft = run.spec().runs("members") && run.hasAdmin();
        List<String> failures = new ArrayList<>();
        for (Node node : run.nodes()) {
            try {
                if (passesOverLeft && !run.isMember(node)) {
                    continue;
                }
                run.notReady(node, Optional.empty())
                        .ifPresent(state -> failures.add("nodes-alive: " + node.label() + " is " + state));
            } catch (DorisOpsException e) {
                failures.add("nodes-alive: " + node.label() + ": " + e.getMessage());
            }
        }
        return failures;
    }

    /** {@code tablets-healthy}: no tablet is unhealthy. */
    public static List<String> tabletsHealthy(OperationContext run, List<String> earlier) {
        if (!run.hasAdmin()) {
            return List.of();
        }
        try {
            TabletHealth tablets = run.admin().tabletHealth();
            return tablets.healthy()
                    ? List.of()
                    : List.of("tablets-healthy: " + tablets.summary() + "; wait for them to repair");
        } catch (DorisOpsException e) {
            return List.of("tablets-healthy: " + e.getMessage());
        }
    }

    /**
     * {@code balance-paused}: tablet balancing runs, when the operation pauses it (unless the run restores
     * values an earlier run journaled: a rollback of an unfinished upgrade).
     */
    public static List<String> balancePaused(OperationContext run, List<String> earlier) {
        if (!run.operation().pausesBalance() || !run.hasAdmin() || run.balanceKnown()) {
            return List.of();
        }
        try {
            Map<String, String> now = BalanceGuard.read(run.admin(), run.flavor());
            return BalanceGuard.isPaused(run.flavor(), now)
                    ? List.of("balance-paused: tablet balancing is already paused (" + now + "); if a run left it"
                            + " so, resume or roll back that run; if you paused it on purpose, force balance-paused")
                    : List.of();
        } catch (DorisOpsException e) {
            return List.of("balance-paused: " + e.getMessage());
        }
    }

    /**
     * {@code single-follower} of an upgrade by image (seed 002): compatibility cannot be checked before the
     * operator recreates a pod, so a lone FE follower is refused unless forced.
     */
    public static List<String> singleFollower(OperationContext run, List<String> earlier) {
        if (!rollsImages(run)) {
            return List.of();
        }
        try {
            long followers = run.admin().frontends().stream()
                    .filter(fe -> fe.role() == Role.FE_FOLLOWER)
                    .count();
            return followers < 2
                    ? List.of("single-follower: the cluster has " + followers + " FE follower; an upgrade that"
                            + " breaks its metadata has no other copy. Add followers first, or force single-follower")
                    : List.of();
        } catch (DorisOpsException e) {
            return List.of("single-follower: " + e.getMessage());
        }
    }

    /**
     * {@code single-replica}: of an upgrade by image, no partition has a single replica (a BE that does not
     * come back loses it); of a rolling run on hosts, no BE it drains holds the only readable replica of a
     * tablet ({@link DrainGates#singleReplica}).
     */
    public static List<String> singleReplica(OperationContext run, List<String> earlier) {
        if (!run.hasAdmin()) {
            return List.of();
        }
        if (!rollsImages(run)) {
            return DrainGates.singleReplica(run.admin(), run.drained());
        }
        try {
            return ReplicaGates.singleReplica(run.admin().replicaFacts())
                    .map(why -> List.of("single-replica: " + why))
                    .orElse(List.of());
        } catch (UnsupportedOperationException e) {
            TabletHealth tablets = run.admin().tabletHealth(); // totals only: fewer replicas than twice the tablets
            return tablets.tablets() > 0 && tablets.replicas() < 2 * tablets.tablets()
                    ? List.of("single-replica: " + tablets.replicas() + " replicas for " + tablets.tablets()
                            + " tablets, so some tablet has one replica; a BE that does not come back loses it."
                            + " Raise replication_num first, or force single-replica")
                    : List.of();
        } catch (DorisOpsException e) {
            return List.of("single-replica: " + e.getMessage());
        }
    }

    /** {@code ready-at-target}: after an upgrade, every node is ready at the target. */
    public static Optional<Gate.Awaited> readyAtTarget(OperationContext run) {
        return run.operation()
                .target()
                .map(target -> new Gate.Awaited("every node at " + target.number(), () -> {
                    List<String> problems = new ArrayList<>();
                    for (Node node : run.nodes()) {
                        run.notReady(node, Optional.of(target))
                                .ifPresent(state -> problems.add(node.id() + " is " + state));
                    }
                    return problems;
                }));
    }

    /**
     * {@code tablets-repaired}: no tablet is unhealthy once the scheduler runs again (it repairs the replicas a
     * node missed while it was down); skipped when the user forced {@code tablets-healthy} or {@code
     * no-unhealthy-tablets}, and without SQL unless the run is an upgrade.
     */
    public static Optional<Gate.Awaited> tabletsRepaired(OperationContext run) {
        if ((run.operation().target().isEmpty() && !run.hasAdmin())
                || run.forced().contains("tablets-healthy")
                || run.forced().contains("no-unhealthy-tablets")) {
            return Optional.empty();
        }
        return Optional.of(new Gate.Awaited("tablets healthy", () -> {
            TabletHealth health = run.admin().tabletHealth();
            return health.healthy() ? List.of() : List.of(health.summary());
        }));
    }

    /** True when the operation upgrades by image (with SQL): a plan of components whose images it patches. */
    private static boolean rollsImages(OperationContext run) {
        return run.hasAdmin()
                && run.operation().steps().stream()
                        .flatMap(step -> step.actions().stream())
                        .anyMatch(Action.PatchImage.class::isInstance);
    }
}
