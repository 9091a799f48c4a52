package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.PreconditionFailedException;
import io.dorisops.SafetyCheck;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.gate.DeployGates;
import io.dorisops.internal.gate.Gate;
import io.dorisops.internal.gate.GateContext;
import io.dorisops.internal.gate.GateRegistry;
import io.dorisops.internal.gate.OperationContext;
import io.dorisops.internal.gate.Phase;
import io.dorisops.internal.procedure.ProcedureSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The runner's evaluation of the gate table ({@link GateRegistry}), phase by phase, for the gates its
 * {@link ProcedureSpec} names: each phase is "for each gate of the procedure's row, in table order,
 * unless forced, its check from its registry entry", reading the run through a context the engine
 * implements ({@link GatesContext}, {@link OperationGatesContext}). Pre-flight gates run once before
 * anything changes and report every failure together: the local ones ({@code lock}, {@code
 * unfinished-run}) before the run claims the cluster, the others after; node gates ({@link SafetyCheck}s:
 * the built-in ones, then the user's) run before each disruptive step and make the runner wait while one
 * fails; the {@code ACTION} gates run right before the action they guard; the final gates are awaited after
 * the balance restore. A name is what the user types after {@code --force}.
 */
final class Gates {

    private final Engine engine;

    Gates(Engine engine) {
        this.engine = engine;
    }

    /** The gates of a phase the operation's procedure runs and the user did not force, in table order. */
    private List<Gate> of(OperationContext run, Phase phase) {
        ProcedureSpec spec = run.spec();
        List<String> named = phase == Phase.PREFLIGHT ? spec.preflight() : spec.finalGates();
        return GateRegistry.all().stream()
                .filter(gate -> gate.phase() == phase
                        && named.contains(gate.name())
                        && !run.forced().contains(gate.name()))
                .toList();
    }

    /**
     * The local pre-flight failures ({@link Gate.LocalCheck}: the run lock, the journals), evaluated
     * before the run claims the cluster.
     *
     * @throws PreconditionFailedException naming the holder when another run holds the lock
     */
    List<String> local(OperationContext run) {
        List<String> failures = new ArrayList<>();
        for (Gate gate : of(run, Phase.PREFLIGHT)) {
            if (gate.check() instanceof Gate.LocalCheck check) {
                failures.addAll(check.check(run));
            }
        }
        return failures;
    }

    /**
     * The pre-flight failures on the cluster, each starting with its gate's name; empty when it may run.
     * Each check is given the failures before it; the new-node gates ({@link Gate.NewNodeCheck}) run at
     * the place of the first of them, for each new node in turn.
     */
    List<String> preflight(OperationContext run) {
        List<String> failures = new ArrayList<>();
        List<Gate> gates = of(run, Phase.PREFLIGHT);
        boolean newNodesChecked = false;
        for (Gate gate : gates) {
            if (gate.check() instanceof Gate.PreflightCheck check) {
                failures.addAll(check.check(run, List.copyOf(failures)));
            } else if (gate.check() instanceof Gate.NewNodeCheck && !newNodesChecked) {
                newNodesChecked = true;
                for (Node node : DeployGates.newNodes(run)) {
                    for (Gate each : gates) {
                        if (each.check() instanceof Gate.NewNodeCheck check) {
                            failures.addAll(check.check(run, node));
                        }
                    }
                }
            }
        }
        return failures;
    }

    /**
     * The node gates before a disruptive step of a rolling operation (none for start and stop): for each
     * per-node gate of the registry its procedure runs, its check on this run ({@link GatesContext}), then
     * the user's checks, with or without SQL; forced ones left out.
     *
     * @param previous the node step finished last in this run, if any
     * @param together the nodes that stop with the next one (the other nodes of its batch), or none
     * @param repair lets the tablet scheduler clone missing versions while the majority gate waits on them
     */
    List<SafetyCheck> nodeChecks(
            Operation operation, Optional<Step> previous, Collection<Node> together, RepairWindow repair) {
        ProcedureSpec spec = ProcedureSpec.of(operation.kind());
        if (!spec.rolling()) {
            return List.of(); // start, stop, scale-in, drill: their gates are pre-flight
        }
        GateContext run = new GatesContext(
                engine, operation.target(), previous.filter(step -> !step.onCluster()), together, repair);
        List<SafetyCheck> checks = new ArrayList<>();
        for (Gate gate : GateRegistry.all()) {
            if (gate.check() instanceof Gate.NodeCheck check && spec.perNode().contains(gate.name())) {
                checks.add(SafetyCheck.of(gate.name(), (admin, next) -> check.check(run, next)));
            }
        }
        checks.addAll(engine.options().checks()); // the user's: per-node gates too, with or without SQL
        checks.removeIf(check -> engine.options().forced().contains(check.name()));
        return checks;
    }

    /**
     * The gates of phase {@code ACTION} before {@code action} on {@code node}: each such gate's check from
     * the registry (whatever the procedure: a gate of this phase applies by its action), on the cluster
     * as it is now.
     *
     * @throws PreconditionFailedException naming every reason, nothing sent
     */
    void beforeAction(Action action, Node node) {
        GateContext run =
                new GatesContext(engine, Optional.empty(), Optional.empty(), List.of(), RepairWindow.none(engine));
        for (Gate gate : GateRegistry.all()) {
            if (gate.check() instanceof Gate.ActionCheck check
                    && !engine.options().forced().contains(gate.name())) {
                check.check(run, action, node);
            }
        }
    }

    /** The version the step's last await expects, if any. */
    static Optional<Version> awaited(Step step) {
        return step.actions().stream()
                .filter(Action.AwaitReady.class::isInstance)
                .map(action -> ((Action.AwaitReady) action).version())
                .reduce((first, second) -> second)
                .flatMap(v -> v);
    }

    /**
     * The final gates of an operation, awaited after the balance switches are restored (so the scheduler,
     * running again, repairs what a node missed while it was down): each applying gate's condition, until
     * every one holds or the ready timeout ends the run as not a success.
     */
    void finalGate(Operation operation) {
        OperationContext run = new OperationGatesContext(engine, operation);
        List<Gate.Awaited> awaited = new ArrayList<>();
        for (Gate gate : of(run, Phase.FINAL)) {
            ((Gate.FinalCheck) gate.check()).check(run).ifPresent(awaited::add);
        }
        if (awaited.isEmpty()) {
            return;
        }
        engine.waiter(message -> {})
                .await(
                        engine.topology().name(),
                        "ready: "
                                + String.join(
                                        " and ",
                                        awaited.stream().map(Gate.Awaited::what).toList()),
                        () -> {
                            List<String> problems = new ArrayList<>();
                            awaited.forEach(
                                    each -> problems.addAll(each.problems().get()));
                            return problems;
                        },
                        List::isEmpty,
                        problems -> String.join("; ", problems),
                        engine.readyTimeout(),
                        "The " + operation.kind().key() + " is not reported as a success (balance is restored, the"
                                + " tablet scheduler repairs on); check what is named, then run resume.");
    }

    /** Done means still done: a node this run finished that no longer runs stops the run, naming it. */
    void requireStillRunning(List<Step> finished) {
        for (Step step : finished) {
            Node node = engine.node(step.nodeId());
            if (stillRequiredRunning(step) && !engine.processes().running(node)) {
                throw new NodeFailedException(
                        node.id(),
                        "still-running",
                        node.label() + ": finished earlier in this run but is no longer running. "
                                + "Read its logs, then run: dorisops resume --topology "
                                + engine.topology().source()
                                + " (resume starts it again)\n"
                                + engine.processes().logTail(node));
            }
        }
    }

    static boolean stillRequiredRunning(Step step) {
        return step.actions().stream().anyMatch(Action.AwaitReady.class::isInstance);
    }
}
