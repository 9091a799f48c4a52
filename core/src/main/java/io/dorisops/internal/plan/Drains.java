package io.dorisops.internal.plan;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.internal.PlanNodes;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.procedure.ProcedureSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a BE's drain goes in a plan ({@code docs/drain.md}): in the procedures whose {@link
 * ProcedureSpec#drains()} row says so, on a flavor that can disable a BE ({@code
 * Flavor#disablesBackends()}: Doris), a BE's step disables it and waits until it runs no query fragment
 * before its stop, and enables it again as its last action; a failure enables it too ({@link
 * Action#release()}). On StarRocks the graceful stop is the drain and the step is unchanged.
 */
public final class Drains {

    /** The longest a drain waits for running queries by default, as Doris' {@code grace_shutdown_wait_seconds}. */
    static final Duration LONGEST = Duration.ofSeconds(120);

    private Drains() {}

    /**
     * {@code actions} of {@code node}'s step in a plan of {@code kind}: with the drain around its first
     * stop when the procedure drains, the node is a BE or CN and the flavor can disable it; as given
     * otherwise.
     */
    static List<Action> around(Kind kind, Topology topology, Node node, List<Action> actions) {
        int stop = actions.stream()
                .filter(Action.Stop.class::isInstance)
                .findFirst()
                .map(actions::indexOf)
                .orElse(-1);
        if (!ProcedureSpec.of(kind).drains()
                || !node.role().isBackend()
                || !topology.flavor().disablesBackends()
                || stop < 0) {
            return actions;
        }
        List<Action> drained = new ArrayList<>(actions.subList(0, stop));
        drained.add(new Action.DisableBackend());
        drained.add(new Action.AwaitIdle(deadline(topology)));
        drained.addAll(actions.subList(stop, actions.size()));
        drained.add(new Action.EnableBackend());
        return drained;
    }

    /** How long a drain waits: {@link #LONGEST}, or the topology's ready timeout when shorter. */
    static Duration deadline(Topology topology) {
        Duration ready = topology.timeouts().ready();
        return ready.compareTo(LONGEST) < 0 ? ready : LONGEST;
    }

    /** True when some step of {@code operation} drains its node. */
    static boolean drains(Step step) {
        return step.actions().stream().anyMatch(Action.DisableBackend.class::isInstance);
    }

    /**
     * The BEs and CNs a run of {@code operation} drains and stops, for the {@code single-replica} gate;
     * none when its procedure does not drain, or on a cluster with one BE, where every tablet's only
     * replica is on it and no drain can keep it readable.
     */
    public static List<Node> drained(Topology topology, Operation operation) {
        if (!ProcedureSpec.of(operation.kind()).drains()
                || topology.nodes(Role.BE).size() < 2) {
            return List.of();
        }
        return operation.steps().stream()
                .filter(step -> !step.onCluster() && step.actions().stream().anyMatch(Action.Stop.class::isInstance))
                .map(step -> PlanNodes.node(topology, step.nodeId()))
                .filter(node -> node.role().isBackend())
                .distinct()
                .toList();
    }

    /** The operation without its drain actions ({@code --no-drain}): each BE just stops, as before the drain. */
    public static Operation without(Operation operation) {
        List<Step> steps = new ArrayList<>();
        for (Step step : operation.steps()) {
            List<Action> kept =
                    step.actions().stream().filter(action -> !action.drain()).toList();
            steps.add(
                    kept.isEmpty()
                            ? step
                            : new Step(
                                    step.nodeId(),
                                    step.role(),
                                    step.host(),
                                    step.from(),
                                    step.reason(),
                                    kept,
                                    step.undo().stream()
                                            .filter(action -> !action.drain())
                                            .toList()));
        }
        return new Operation(
                operation.kind(),
                operation.cluster(),
                operation.flavor(),
                operation.target(),
                operation.pausesBalance(),
                steps,
                operation.skipped(),
                operation.warnings(),
                operation.of(),
                operation.createdAt(),
                operation.batches(),
                operation.basis(),
                operation.options());
    }
}
