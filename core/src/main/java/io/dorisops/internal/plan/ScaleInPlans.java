package io.dorisops.internal.plan;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.internal.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The plan builders of scale-in, its cancel, and the failover drill (seeds 002 and 004). Balancing is
 * never paused: the tablet scheduler is what drains a decommissioned BE.
 *
 * <p>Scale-in, in order:
 *
 * <ol>
 *   <li>every leaving BE: {@code decommission}, all first, so no replica moves onto a BE that leaves too;
 *   <li>each BE: {@code await-drained} (progress events; stuck after {@code stuckAfter} without
 *       progress), {@code stop}, {@code drop-backend} (the master usually dropped it already);
 *   <li>each CN: {@code drop-backend}, {@code stop} (no replicas);
 *   <li>each observer, then each follower that is not master: {@code drop-frontend}, {@code stop};
 *   <li>the master last: {@code stop}, {@code await-new-master}, {@code drop-frontend} — neither Doris nor
 *       StarRocks has a statement that hands mastership over, and both refuse to drop the current master
 *       ({@code can not drop current master node.}), so it is stopped and the others elect one.
 * </ol>
 *
 * <p>The pre-flight gates on these plans are in {@code internal.gate.MembershipGates}. A removed node is stopped and its
 * files stay where they are.
 */
public final class ScaleInPlans {

    /** How long a drain may show no progress before it is reported stuck, by default. */
    static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(10);

    private ScaleInPlans() {}

    /**
     * The scale-in of {@code nodes}.
     *
     * @throws IllegalArgumentException naming the node when it cannot be scaled in (a MetaService, a
     *     Recycler, a broker, a decoupled cluster's BE) or none is given
     */
    public static Operation scaleIn(
            Topology topology, Collection<Node> nodes, Optional<Node> master, Duration stuckAfter) {
        List<Node> leaving = checked(topology, nodes, "scale-in");
        List<Step> steps = new ArrayList<>();
        List<Node> backends = of(leaving, Role.BE);
        for (Node be : backends) {
            steps.add(Step.on(
                    be, Optional.empty(), Reason.DECOMMISSION_TOGETHER, List.of(new Action.Decommission()), List.of()));
        }
        for (Node be : backends) {
            steps.add(Step.on(
                    be,
                    Optional.empty(),
                    Reason.DRAINED_BEFORE_STOP,
                    Drains.around(
                            Kind.SCALE_IN,
                            topology,
                            be,
                            List.of(
                                    new Action.AwaitDrained(stuckAfter),
                                    new Action.Stop(),
                                    new Action.DropBackend(false))),
                    List.of()));
        }
        for (Node cn : of(leaving, Role.CN)) {
            steps.add(Step.on(
                    cn,
                    Optional.empty(),
                    Reason.COMPUTE_NODE_DROPPED,
                    List.of(new Action.DropBackend(false), new Action.Stop()),
                    List.of()));
        }
        for (Node observer : of(leaving, Role.FE_OBSERVER)) {
            steps.add(Step.on(
                    observer,
                    Optional.empty(),
                    Reason.OBSERVER_DROPPED_FIRST,
                    List.of(new Action.DropFrontend(), new Action.Stop()),
                    List.of()));
        }
        Optional<Node> leavingMaster = master.filter(leaving::contains);
        for (Node follower : of(leaving, Role.FE_FOLLOWER)) {
            if (leavingMaster.isEmpty() || !leavingMaster.get().equals(follower)) {
                steps.add(Step.on(
                        follower,
                        Optional.empty(),
                        Reason.FOLLOWER_DROPPED_KEEPING_MAJORITY,
                        List.of(new Action.DropFrontend(), new Action.Stop()),
                        List.of()));
            }
        }
        leavingMaster.ifPresent(m -> steps.add(Step.on(
                m,
                Optional.empty(),
                Reason.MASTER_HANDS_OVER_LAST,
                List.of(new Action.Stop(), new Action.AwaitNewMaster(), new Action.DropFrontend()),
                List.of())));
        List<String> warnings = new ArrayList<>();
        warnings.add("removed nodes are stopped and keep their files; the topology file still lists them until it"
                + " is updated");
        return operation(Kind.SCALE_IN, topology, steps, warnings);
    }

    /** Cancels the decommission of BEs (those still draining take replicas again). */
    public static Operation cancel(Topology topology, Collection<Node> nodes) {
        List<Node> backends = checked(topology, nodes, "scale-in --cancel");
        List<Step> steps = new ArrayList<>();
        for (Node node : backends) {
            if (node.role() != Role.BE) {
                throw new IllegalArgumentException(node.label() + ": only a BE's decommission can be cancelled; "
                        + node.id() + " is a " + node.role().key());
            }
            steps.add(Step.on(
                    node,
                    Optional.empty(),
                    Reason.DECOMMISSION_CANCELLED,
                    List.of(new Action.CancelDecommission()),
                    List.of()));
        }
        return operation(Kind.CANCEL_SCALE_IN, topology, steps, List.of());
    }

    /** The failover drill: the master stops until another serves SQL, then starts again as a follower. */
    public static Operation failoverDrill(Topology topology, Node master) {
        List<Step> steps = List.of(
                Step.on(
                        master,
                        Optional.empty(),
                        Reason.DRILL_STOP_MASTER,
                        List.of(new Action.Stop(), new Action.AwaitNewMaster()),
                        List.of()),
                Step.on(
                        master,
                        Optional.empty(),
                        Reason.DRILL_OLD_MASTER_BACK,
                        List.of(new Action.Start(), new Action.AwaitReady(Optional.empty(), true)),
                        List.of()));
        return operation(Kind.FAILOVER_DRILL, topology, steps, List.of());
    }

    private static List<Node> checked(Topology topology, Collection<Node> nodes, String what) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(what + ": name at least one node (--node ID)");
        }
        for (Node node : nodes) {
            if (topology.node(node.id()).filter(node::equals).isEmpty()) {
                throw new IllegalArgumentException(
                        what + ": node " + node.id() + " is not in the topology " + topology.source() + "; use one of "
                                + topology.nodes().stream().map(Node::id).toList());
            }
            boolean supported = node.role().isFrontend() || node.role() == Role.BE || node.role() == Role.CN;
            if (!supported) {
                throw new IllegalArgumentException(what + ": " + node.label() + " is a "
                        + node.role().key() + "; scale-in removes BEs, CNs and FEs");
            }
            if (node.role() == Role.BE && Plans.decoupled(topology)) {
                throw new IllegalArgumentException(what + ": " + node.label() + " is a BE of a storage-compute"
                        + " decoupled cluster, whose data lives in shared storage; its scale-in (compute groups)"
                        + " is not supported yet");
            }
        }
        return topology.nodes().stream().filter(nodes::contains).toList();
    }

    private static List<Node> of(List<Node> nodes, Role role) {
        return nodes.stream().filter(node -> node.role() == role).toList();
    }

    private static Operation operation(Kind kind, Topology topology, List<Step> steps, List<String> warnings) {
        return new Operation(
                kind,
                topology.name(),
                topology.flavor(),
                Optional.empty(),
                false,
                steps,
                List.of(),
                warnings,
                Optional.empty(),
                Instant.now());
    }
}
