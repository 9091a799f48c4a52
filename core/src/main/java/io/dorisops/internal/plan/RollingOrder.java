package io.dorisops.internal.plan;

import io.dorisops.Node;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The runbooks' orders, in one place, for every operation.
 *
 * <ul>
 *   <li>Rolling (upgrade, restart): MetaService, Recycler, BEs and CNs, FE observers, FE followers that
 *       are not master, the master last, brokers. In the FE phase the live cluster decides: observers,
 *       then followers that are not master now (those already down first: they cost no extra downtime),
 *       the current master last — see {@link #nextFrontend}.
 *   <li>Start: MetaService, Recycler, FE followers with the master (the FE that was master last) last,
 *       observers, BEs and CNs, brokers.
 *   <li>Stop: the reverse of start.
 *   <li>Join (deploy, scale-out): FE followers, then observers, then BEs and CNs.
 * </ul>
 *
 * Within a group nodes keep their topology order.
 */
public final class RollingOrder {

    private RollingOrder() {}

    /** The order new nodes join a cluster (deploy, scale-out): followers, observers, BEs and CNs. */
    public static List<Node> join(Collection<Node> nodes) {
        List<Node> order = new ArrayList<>();
        order.addAll(of(nodes, n -> n.role() == Role.FE_FOLLOWER));
        order.addAll(of(nodes, n -> n.role() == Role.FE_OBSERVER));
        order.addAll(of(nodes, n -> n.role().isBackend()));
        return order;
    }

    /** The rolling order of some nodes (in topology order) given the master now. */
    public static List<Node> rolling(Collection<Node> nodes, Optional<Node> master) {
        List<Node> order = new ArrayList<>();
        order.addAll(of(nodes, n -> n.role() == Role.META_SERVICE));
        order.addAll(of(nodes, n -> n.role() == Role.RECYCLER));
        order.addAll(of(nodes, n -> n.role().isBackend()));
        order.addAll(of(nodes, n -> n.role() == Role.FE_OBSERVER));
        order.addAll(of(nodes, n -> n.role() == Role.FE_FOLLOWER && !isMaster(n, master)));
        order.addAll(of(nodes, n -> isMaster(n, master)));
        order.addAll(of(nodes, n -> n.role() == Role.BROKER));
        return order;
    }

    /** The start order of some nodes given the FE that was master last. */
    public static List<Node> start(Collection<Node> nodes, Optional<Node> lastMaster) {
        List<Node> order = new ArrayList<>();
        order.addAll(of(nodes, n -> n.role() == Role.META_SERVICE));
        order.addAll(of(nodes, n -> n.role() == Role.RECYCLER));
        order.addAll(of(nodes, n -> n.role() == Role.FE_FOLLOWER && !isMaster(n, lastMaster)));
        order.addAll(of(nodes, n -> isMaster(n, lastMaster)));
        order.addAll(of(nodes, n -> n.role() == Role.FE_OBSERVER));
        order.addAll(of(nodes, n -> n.role().isBackend()));
        order.addAll(of(nodes, n -> n.role() == Role.BROKER));
        return order;
    }

    /** The stop order: the reverse of {@link #start}. */
    public static List<Node> stop(Collection<Node> nodes, Optional<Node> lastMaster) {
        List<Node> order = new ArrayList<>(start(nodes, lastMaster));
        java.util.Collections.reverse(order);
        return order;
    }

    /** Why a node stands where it does in the rolling order. */
    public static Reason rollingReason(Node node, Optional<Node> master) {
        return switch (node.role()) {
            case META_SERVICE -> Reason.META_SERVICE_FIRST;
            case RECYCLER -> Reason.RECYCLER_AFTER_META_SERVICE;
            case BE, CN -> Reason.BACKEND_BEFORE_FRONTENDS;
            case FE_OBSERVER -> Reason.OBSERVER_BEFORE_FOLLOWERS;
            case FE_FOLLOWER -> isMaster(node, master) ? Reason.MASTER_LAST : Reason.FOLLOWER_BEFORE_MASTER;
            case BROKER -> Reason.BROKER_LAST;
        };
    }

    /**
     * The next of the pending steps: the first, except when the first is a node step on an FE. Then,
     * among the FE node steps that lead the pending ones, observers first, then followers that are not master now (those
     * already stopped first), the current master last.
     *
     * @param masterId the id of the master now
     * @param stopped whether a node is not running now
     */
    public static Step next(List<Step> pending, String masterId, Predicate<String> stopped) {
        List<Step> frontends = new ArrayList<>();
        for (Step step : pending) {
            if (step.onCluster() || !step.frontend() || step.reason() == Reason.STAGE_BEFORE_RESTARTS) {
                break;
            }
            frontends.add(step);
        }
        if (frontends.isEmpty()) {
            return pending.get(0);
        }
        Comparator<Step> order = Comparator.comparing((Step step) -> step.role().orElseThrow() != Role.FE_OBSERVER)
                .thenComparing(step -> step.nodeId().equals(masterId))
                .thenComparing(step -> !stopped.test(step.nodeId()));
        return frontends.stream().min(order).orElseThrow();
    }

    private static boolean isMaster(Node node, Optional<Node> master) {
        return master.map(m -> m.id().equals(node.id())).orElse(false);
    }

    private static List<Node> of(Collection<Node> nodes, Predicate<Node> filter) {
        return nodes.stream().filter(filter).toList();
    }
}
