package io.dorisops.internal.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every named gate of dorisops, once: the table {@code --force} validation, the CLI's help, {@code
 * RunSettings.PREFLIGHT_CHECKS/NODE_CHECKS/UNFORCEABLE} and {@code docs/} are derived from. A
 * procedure names the gates it runs in its {@link io.dorisops.internal.procedure.ProcedureSpec}. Every
 * entry holds its check, whose kind says its phase ({@link Gate.Check}); the runner evaluates a phase as
 * "for each gate of the procedure's row, in this order, unless forced, its check", through a context the
 * engine implements ({@link GateContext}, {@link OperationContext}).
 *
 * <p>Adding a gate: one entry here with its check, its name in the specs of the procedures that run it, and
 * a row in {@code docs/DESIGN.md}'s gate table ({@code GateDocsTableTest}).
 */
public final class GateRegistry {

    /** The gates, pre-flight first, in the order they are evaluated and documented. */
    private static final List<Gate> ALL = List.of(
            local("lock", false, "no other run of this cluster holds its run lock", run -> {
                run.lock();
                return List.of();
            }),
            local(
                    "unfinished-run",
                    false,
                    "no earlier upgrade, restart, scale-in, deploy or scale-out of the cluster is unfinished; resume"
                            + " or roll it back first",
                    OperationContext::unfinishedRun),
            preflight(
                    "package",
                    true,
                    "the package holds the planned release, with a component for every role the plan touches",
                    PackageGates::packageHolds),
            preflight(
                    "upgrade-path",
                    true,
                    "every node may go from its version to the target in one step (no downgrade unless allowed)",
                    PackageGates::upgradePath),
            preflight(
                    "disk-space",
                    true,
                    "every host has room to stage the package (4 times its size plus 64 MB)",
                    PackageGates::diskSpace),
            preflight("nodes-alive", true, "every node of the topology is alive and ready", ClusterGates::nodesAlive),
            preflight("tablets-healthy", true, "no tablet is unhealthy", ClusterGates::tabletsHealthy),
            preflight(
                    "single-follower",
                    true,
                    "an upgrade by image (Kubernetes) has at least two FE followers, so its metadata has another copy",
                    ClusterGates::singleFollower),
            preflight(
                    "single-replica",
                    true,
                    "no BE an upgrade or restart drains holds the only readable, version-complete replica of a tablet"
                            + " (an upgrade by image: no partition has one replica)",
                    ClusterGates::singleReplica),
            preflight(
                    "balance-paused",
                    true,
                    "tablet balancing is not already paused (an earlier run may have left it so)",
                    ClusterGates::balancePaused),
            preflight(
                    "members",
                    false,
                    "every node to remove (or whose decommission to cancel) is a member, and a follower stays",
                    MembershipGates::members),
            preflight(
                    "replicas-fit",
                    true,
                    "the BEs that stay hold every partition's replicas in each location tag",
                    (run, earlier) ->
                            both(MembershipGates.replicasFit(run, earlier), ComponentGates.replicasFit(run, earlier))),
            preflight(
                    "capacity-fits",
                    true,
                    "per tag, the data of the leaving BEs fits the free space of the BEs that stay",
                    MembershipGates::capacityFits),
            preflight(
                    "tablet-scheduler",
                    true,
                    "the tablet scheduler runs, so a decommissioned BE's replicas move",
                    MembershipGates::tabletScheduler),
            preflight(
                    "follower-majority",
                    true,
                    "the FE followers that stay are a majority of today's, and a majority of them is alive",
                    (run, earlier) -> both(
                            MembershipGates.followerMajority(run, earlier),
                            ComponentGates.followerMajority(run, earlier))),
            preflight(
                    "drill-followers",
                    false,
                    "a failover drill has at least 3 alive followers and a majority of them without the master",
                    MembershipGates::drillFollowers),
            preflight(
                    "rebuild-replicas",
                    false,
                    "a rebuilt BE's every tablet has its other replicas healthy, on 3 or more replicas and live BEs",
                    (run, earlier) -> RebuildGates.preflight(
                            run.admin(),
                            run.flavor(),
                            run.node(run.operation().steps().get(0).nodeId()))),
            newNode("empty-home", false, "no new node's meta dir or storage root holds a file", DeployGates::emptyHome),
            newNode(
                    "ports-free",
                    false,
                    "nothing accepts connections on a new node's ports yet",
                    DeployGates::portsFree),
            preflight(
                    "already-member",
                    false,
                    "no new node is a member of the cluster already",
                    DeployGates::alreadyMember),
            preflight(
                    "helper-reachable",
                    false,
                    "the FE new FEs join through is alive and its edit log port answers from their hosts",
                    DeployGates::helperReachable),
            preflight(
                    "same-version",
                    true,
                    "new nodes come up at the version the cluster runs",
                    DeployGates::sameVersion),
            preflight(
                    "fe-metadata-check",
                    true,
                    "a test FE of the target version loads a copy of the master's metadata (minor and major upgrades)",
                    PackageGates::frontendMetadata),
            perNode(
                    "previous-node-ready",
                    true,
                    "the node finished last is ready (at the target) before the next one stops",
                    NodeGates::previousNodeReady),
            perNode(
                    "fe-quorum-after-stop",
                    false,
                    "stopping a follower leaves a quorum of followers alive (or every follower is alive)",
                    NodeGates::feQuorumAfterStop),
            perNode(
                    "no-unhealthy-tablets",
                    true,
                    "no tablet falls below a majority of complete replicas when the node (or its batch) stops",
                    NodeGates::noUnhealthyTablets),
            perNode(
                    "master-last",
                    false,
                    "the master FE goes last, once every other FE runs the target",
                    NodeGates::masterLast),
            action(
                    "drop-replicas",
                    false,
                    "an unforced drop of a BE that holds replicas: it is not alive, no tablet is unhealthy, no"
                            + " partition of its tag has a single replica, and its replicas can be re-created elsewhere"
                            + " (a drop the plan forces, as the rebuild's after rebuild-replicas, skips it)",
                    ReplicaGates::beforeDrop),
            new Gate(
                    "ready-at-target",
                    Phase.FINAL,
                    false,
                    "after an upgrade, every node is ready at the target",
                    (Gate.FinalCheck) ClusterGates::readyAtTarget),
            new Gate(
                    "tablets-repaired",
                    Phase.FINAL,
                    false,
                    "after the balance switches are restored, no tablet is unhealthy (skipped when tablets-healthy or"
                            + " no-unhealthy-tablets is forced)",
                    (Gate.FinalCheck) ClusterGates::tabletsRepaired));

    private GateRegistry() {}

    private static Gate perNode(String name, boolean forceable, String guards, Gate.NodeCheck check) {
        return new Gate(name, Phase.PER_NODE, forceable, guards, check);
    }

    private static Gate action(String name, boolean forceable, String guards, Gate.ActionCheck check) {
        return new Gate(name, Phase.ACTION, forceable, guards, check);
    }

    private static Gate local(String name, boolean forceable, String guards, Gate.LocalCheck check) {
        return new Gate(name, Phase.PREFLIGHT, forceable, guards, check);
    }

    private static Gate preflight(String name, boolean forceable, String guards, Gate.PreflightCheck check) {
        return new Gate(name, Phase.PREFLIGHT, forceable, guards, check);
    }

    private static Gate newNode(String name, boolean forceable, String guards, Gate.NewNodeCheck check) {
        return new Gate(name, Phase.PREFLIGHT, forceable, guards, check);
    }

    /** The failures of a gate checked on hosts' nodes and on components (one of them applies). */
    private static List<String> both(List<String> onNodes, List<String> onComponents) {
        List<String> failures = new ArrayList<>(onNodes);
        failures.addAll(onComponents);
        return failures;
    }

    /** Every gate, pre-flight first. */
    public static List<Gate> all() {
        return ALL;
    }

    /** The gate of this name. */
    public static Optional<Gate> named(String name) {
        return ALL.stream().filter(gate -> gate.name().equals(name)).findFirst();
    }

    /** The names of the gates of a phase that {@code --force} may (or may not) skip, in table order. */
    public static Set<String> names(Phase phase, boolean forceable) {
        Set<String> names = new LinkedHashSet<>();
        ALL.stream()
                .filter(gate -> gate.phase() == phase && gate.forceable() == forceable)
                .forEach(gate -> names.add(gate.name()));
        return names;
    }

    /** The names of every gate {@code --force} can never skip. */
    public static Set<String> unforceable() {
        Set<String> names = new LinkedHashSet<>();
        ALL.stream().filter(gate -> !gate.forceable()).forEach(gate -> names.add(gate.name()));
        return names;
    }

    /** The names {@code --force} takes, pre-flight first, in table order. */
    public static List<String> forceable() {
        return ALL.stream().filter(Gate::forceable).map(Gate::name).toList();
    }
}
