package io.dorisops.internal.plan;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.PlanNodes;
import io.dorisops.internal.action.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The plan builders: each procedure of the runbooks as an {@link Operation} for the runner, its order
 * from {@link RollingOrder} (the upgrade's is {@link UpgradePlanner}). A new procedure is a new builder
 * here, never a new loop.
 */
public final class Plans {

    private Plans() {}

    /**
     * A rolling restart: in rolling order, each node stopped (a BE drained first, {@link Drains}), started
     * and awaited ready before the next, started again if anything fails after its stop; balancing paused while BEs restart.
     */
    public static Operation restart(Topology topology, Collection<Node> nodes, Optional<Node> master) {
        List<Step> steps = new ArrayList<>();
        for (Node node : RollingOrder.rolling(inTopologyOrder(topology, nodes), master)) {
            steps.add(Step.on(
                    node,
                    Optional.empty(),
                    RollingOrder.rollingReason(node, master),
                    Drains.around(
                            Kind.RESTART, topology, node, List.of(new Action.Stop(), new Action.Start(), awaitAny())),
                    List.of(new Action.Start(), awaitAny())));
        }
        boolean backends = nodes.stream().anyMatch(node -> node.role().isBackend());
        return operation(Kind.RESTART, topology, backends && !decoupled(topology), steps, Optional.empty());
    }

    /**
     * A start in the runbooks' order, fit for a cold start of a real FE group: every follower is started
     * before any is awaited, since a real FE opens its HTTP and MySQL ports only once a majority of the
     * followers runs and has elected a master ({@code DorisFE}: {@code waitForReady()} before {@code
     * httpServer.start()}); then each follower is awaited serving (HTTP ready and alive in the master's
     * view); then observers, BEs and CNs, brokers, each started and awaited.
     */
    public static Operation start(Topology topology, Collection<Node> nodes, Optional<Node> lastMaster) {
        List<Node> order = RollingOrder.start(inTopologyOrder(topology, nodes), lastMaster);
        List<Node> followers =
                order.stream().filter(node -> node.role() == Role.FE_FOLLOWER).toList();
        List<Step> steps = new ArrayList<>();
        for (Node node : order) {
            if (node.role() != Role.FE_FOLLOWER) {
                steps.add(Step.on(
                        node,
                        Optional.empty(),
                        startReason(node, lastMaster),
                        List.of(new Action.Start(), awaitAny()),
                        List.of()));
                continue;
            }
            steps.add(Step.on(
                    node, Optional.empty(), startReason(node, lastMaster), List.of(new Action.Start()), List.of()));
            if (node.equals(followers.get(followers.size() - 1))) {
                for (Node each : followers) {
                    steps.add(
                            Step.on(each, Optional.empty(), Reason.FOLLOWERS_SERVING, List.of(awaitAny()), List.of()));
                }
            }
        }
        return operation(Kind.START, topology, false, steps, Optional.empty());
    }

    /** A stop in the reverse of the start order. */
    public static Operation stop(Topology topology, Collection<Node> nodes, Optional<Node> lastMaster) {
        List<Step> steps = new ArrayList<>();
        for (Node node : RollingOrder.stop(inTopologyOrder(topology, nodes), lastMaster)) {
            steps.add(Step.on(node, Optional.empty(), Reason.STOP_IN_REVERSE, List.of(new Action.Stop()), List.of()));
        }
        return operation(Kind.STOP, topology, false, steps, Optional.empty());
    }

    /**
     * Undoes an upgrade run: the nodes it backed up, in reverse order (FEs before BEs), each stopped,
     * restored, started and awaited at the version it had (a BE drained around its stop); a BE the
     * upgrade drained but did not back up, and which the master shows disabled (a kill between the two),
     * is enabled again.
     *
     * @param upgrade the upgrade operation being undone
     * @param backedUp whether a node has a backup of the upgrade's stamp
     * @param disabled whether the master shows a backend with queries or loads disabled now
     */
    public static Operation rollback(
            Topology topology,
            Operation upgrade,
            String upgradeRun,
            String stamp,
            Predicate<Node> backedUp,
            Predicate<Node> disabled) {
        List<Step> steps = new ArrayList<>();
        List<Operation.Skipped> untouched = new ArrayList<>();
        List<Step> reversed = new ArrayList<>(upgrade.steps());
        java.util.Collections.reverse(reversed);
        for (Step step : reversed) {
            if (step.onCluster() || step.from().isEmpty() || step.reason() == Reason.STAGE_BEFORE_RESTARTS) {
                continue;
            }
            Node node = PlanNodes.node(topology, step.nodeId());
            if (!backedUp.test(node)) {
                untouched.add(new Operation.Skipped(node.id(), "no backup of " + stamp + ": not upgraded"));
                if (Drains.drains(step) && disabled.test(node)) { // drained, then killed before its backup
                    steps.add(Step.on(
                            node,
                            step.from(),
                            Reason.ROLLBACK_FRONTENDS_FIRST,
                            List.of(new Action.EnableBackend()),
                            List.of()));
                }
                continue;
            }
            Version from = step.from().get();
            steps.add(Step.on(
                    node,
                    step.from(),
                    Reason.ROLLBACK_FRONTENDS_FIRST,
                    Drains.around(
                            Kind.ROLLBACK,
                            topology,
                            node,
                            List.of(
                                    new Action.Stop(),
                                    new Action.Restore(stamp),
                                    new Action.Start(),
                                    Action.AwaitReady.at(from))),
                    List.of(new Action.Start(), awaitAny())));
        }
        return new Operation(
                Kind.ROLLBACK,
                topology.name(),
                topology.flavor(),
                upgrade.steps().stream().flatMap(s -> s.from().stream()).findFirst(),
                !decoupled(topology),
                steps,
                untouched,
                List.of(),
                Optional.of(upgradeRun),
                Instant.now());
    }

    private static Reason startReason(Node node, Optional<Node> lastMaster) {
        return switch (node.role()) {
            case META_SERVICE -> Reason.META_SERVICE_FIRST;
            case RECYCLER -> Reason.RECYCLER_AFTER_META_SERVICE;
            case FE_FOLLOWER -> Reason.FOLLOWER_STARTS_BEFORE_MASTER;
            case FE_OBSERVER -> Reason.OBSERVER_AFTER_FOLLOWERS;
            case BE, CN -> Reason.BACKEND_AFTER_FRONTENDS;
            case BROKER -> Reason.BROKER_LAST;
        };
    }

    private static Action.AwaitReady awaitAny() {
        return new Action.AwaitReady(Optional.empty(), true);
    }

    private static Operation operation(
            Kind kind, Topology topology, boolean pausesBalance, List<Step> steps, Optional<Version> target) {
        return new Operation(
                kind,
                topology.name(),
                topology.flavor(),
                target,
                pausesBalance,
                steps,
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());
    }

    private static List<Node> inTopologyOrder(Topology topology, Collection<Node> nodes) {
        return topology.nodes().stream().filter(nodes::contains).toList();
    }

    static boolean decoupled(Topology topology) {
        return !topology.nodes(Role.META_SERVICE).isEmpty();
    }
}
