package io.dorisops.internal.engine;

import io.dorisops.ActionOutcome;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.NodeHook;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.SafetyCheck;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.gate.NoSqlAdmin;
import io.dorisops.internal.journal.RunJournal;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.ProcessControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one step of an operation for the {@link Runner}: gates and hooks before a disruptive step, then
 * each action through its handler in the dispatch table ({@link ActionHandlers}), each reported and
 * journaled in one place ({@link #perform}), its outcome kept for the run's result; when an action
 * fails, the step's undo actions put the node back, and the error names the node, the action, the
 * cause, the log's last lines and what to run next.
 */
final class StepRunner {

    private final Engine engine;
    private final Gates gates;
    private final Operation operation;
    private final String stamp;
    private final RunJournal journal;
    private final Events events;
    private final Set<String> changed;
    /** The start mark of each node whose start this step did, for its await (nodes of a batch run at once). */
    private final Map<String, ProcessControl.StartMark> marks = new java.util.concurrent.ConcurrentHashMap<>();
    /** Lets the tablet scheduler repair while the majority gate waits on missing versions. */
    private RepairWindow repair;
    /** Performs each action. */
    private final ActionHandlers handlers;
    /** What the actions found out (nodes of a batch add at once). */
    private final List<ActionOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

    StepRunner(
            Engine engine,
            Gates gates,
            Operation operation,
            String stamp,
            RunJournal journal,
            Events events,
            Set<String> changed,
            ActionHandlers handlers) {
        this.handlers = handlers;
        this.engine = engine;
        this.gates = gates;
        this.operation = operation;
        this.stamp = stamp;
        this.journal = journal;
        this.events = events;
        this.changed = changed;
        this.repair = RepairWindow.none(engine);
    }

    /** The topology node a step acts on. */
    Node node(Step step) {
        return engine.node(step.nodeId());
    }

    /** The run's repair window, once its balance pause is in place. */
    void repairWith(RepairWindow window) {
        this.repair = window;
    }

    /**
     * Runs step {@code index} from its action {@code first} (the ones before were journaled done).
     *
     * @param previous the node step finished last, for the {@code previous-node-ready} gate
     */
    void run(int index, Step step, int first, Optional<Step> previous) {
        if (step.onCluster() || step.preparatory()) {
            Optional<Node> target = step.onCluster() ? Optional.empty() : Optional.of(engine.node(step.nodeId()));
            for (int i = first; i < step.actions().size(); i++) {
                perform(index, step, i, step.actions().get(i), target);
            }
            return;
        }
        execute(index, step, first, prepare(step, previous, List.of()));
    }

    /**
     * The part of a node step before its actions: the node-started event, then, before a disruptive step
     * on a running node, its gates (waited on until they pass) and the before-stop hooks. A batch
     * prepares every node before any of them stops.
     *
     * @param together the nodes that stop with this one (its batch), for the majority gate
     * @return when the step started, for its elapsed time
     */
    long prepare(Step step, Optional<Step> previous, List<Node> together) {
        Node node = engine.node(step.nodeId());
        long start = System.nanoTime();
        events.emit(
                Type.NODE_STARTED, node.id(), "", Duration.ZERO, step.reason().sentence(), null);
        if (step.disruptive() && engine.processes().running(node)) {
            awaitGates(node, gates.nodeChecks(operation, previous, together, repair));
            if (rolling()) {
                engine.options().hooks().forEach(hook -> hook.beforeStop(node));
            }
        }
        return start;
    }

    /**
     * The actions of a prepared node step from {@code first}, undone on failure, then the after-ready
     * hooks; safe to call for several nodes at once (a batch), each on its own thread.
     */
    void execute(int index, Step step, int first, long start) {
        execute(index, step, first, step.actions().size(), start);
    }

    /**
     * How many actions of a node step come before its stop as its drain (disable the BE, wait until it
     * runs no query): a batch does these for every node before any of them stops.
     */
    static int drainActions(Step step) {
        int count = 0;
        while (count < step.actions().size()
                && step.actions().get(count).drain()
                && !step.actions().get(count).disruptive()) {
            count++;
        }
        return count;
    }

    /**
     * The actions {@code first} (inclusive) to {@code end} (exclusive) of a prepared node step, undone on
     * failure; the after-ready hooks and the node's finished event once {@code end} is its last action.
     */
    void execute(int index, Step step, int first, int end, long start) {
        if (first >= end) {
            return;
        }
        Node node = engine.node(step.nodeId());
        String current = step.actions().get(first).key();
        int position = first;
        // A start mark stays for a later step that only awaits the node (a cold start's followers are all
        // started before any is awaited): its failure then names what the log gained since the start.
        try {
            for (int i = first; i < end; i++) {
                Action action = step.actions().get(i);
                current = action.key();
                position = i;
                perform(index, step, i, action, Optional.of(node));
            }
        } catch (NodeHook.Veto veto) {
            throw veto;
        } catch (DorisOpsException failure) {
            if (failure instanceof NodeFailedException other && !other.nodeId().equals(node.id())) {
                throw other; // another node failed (a canary's soak saw it die): not this step's to undo
            }
            throw failed(index, step, node, current, position, failure, start);
        }
        if (end < step.actions().size()) {
            return;
        }
        if (rolling() && step.actions().stream().anyMatch(Action.AwaitReady.class::isInstance)) {
            engine.options().hooks().forEach(hook -> hook.afterReady(node));
        }
        events.emit(
                Type.NODE_FINISHED,
                node.id(),
                "",
                Duration.ofNanos(System.nanoTime() - start),
                node.label() + Gates.awaited(step).map(v -> " at " + v.number()).orElse(" done"),
                null);
    }

    private boolean rolling() {
        return ProcedureSpec.of(operation.kind()).rolling();
    }

    /** Does one action through its handler, as one step event and one journal entry; keeps its outcome. */
    private void perform(int index, Step step, int position, Action action, Optional<Node> node) {
        String nodeId = node.map(Node::id).orElse("");
        java.time.Instant started = java.time.Instant.now();
        ActionContext context = new ActionContext(engine, events, node, stamp, changed, marks, journal::transfer);
        events.step(nodeId, action.key(), action.describe(), () -> {
                    node.ifPresent(target -> gates.beforeAction(action, target));
                    return handlers.act(action, context);
                })
                .ifPresent(outcomes::add);
        if (index >= 0) {
            journal.actionDone(index, nodeId, position, action.key(), started);
        }
    }

    /** What the actions of this run found out, in order. */
    List<ActionOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /**
     * The failure of a step as the run's error, after the undo actions put the node back where they can
     * (when an action up to {@code position} took it out of service: a drain that failed before the stop
     * leaves the node running as it was) and the releases of the actions done up to {@code position} (a drained BE enabled again) ran,
     * whatever the undo did; the first error stays the cause, a failed release is added to the message.
     */
    private NodeFailedException failed(
            int index, Step step, Node node, String action, int position, DorisOpsException failure, long start) {
        String failedAt = failure instanceof NodeFailedException nodeFailure ? nodeFailure.step() : action;
        String logTail = safely(
                () -> engine.control().processes().map(p -> p.logTail(node)).orElse(""), "");
        String outcome = "";
        DorisOpsException undoFailure = null;
        boolean touched = step.actions().subList(0, position + 1).stream().anyMatch(Action::disruptive);
        if (engine.options().rollbackOnFailure() && !step.undo().isEmpty() && touched) {
            try {
                marks.remove(node.id());
                for (Action undo : step.undo()) {
                    perform(-1, step, 0, undo, Optional.of(node));
                }
                journal.undone(index, node.id(), "put back");
                outcome = step.from().map(v -> "; rolled back to " + v.number()).orElse("; put back")
                        + " and running again";
            } catch (DorisOpsException e) {
                undoFailure = e;
                journal.undone(index, node.id(), "failed: " + e.getMessage());
            }
        }
        List<DorisOpsException> releaseFailures = release(step, position, node);
        for (DorisOpsException e : releaseFailures) {
            outcome += "; " + e.getMessage();
        }
        boolean running = safely(
                () -> engine.control().processes().map(p -> p.running(node)).orElse(false), false);
        if (undoFailure != null || !running) {
            outcome += (undoFailure == null ? "" : "; putting it back failed too: " + undoFailure.getMessage())
                    + (running
                            ? "; it is running"
                            : "; it is STOPPED: start it by hand (bin/"
                                    + engine.topology().flavor().startScript(node.role()) + " --daemon in "
                                    + node.home() + ")");
        }
        String source = engine.topology().source();
        NodeFailedException error = new NodeFailedException(
                node.id(),
                failedAt,
                node.label() + ": " + operation.kind().key()
                        + operation.target().map(v -> " to " + v.number()).orElse("") + " failed at " + failedAt
                        + outcome + ".\n"
                        + "cause: " + failure.getMessage() + "\n"
                        + (logTail.isEmpty() ? "" : logTail + "\n")
                        + "Fix the cause, then run: dorisops resume --topology " + source
                        + (ProcedureSpec.of(operation.kind()).undoneByRollback()
                                ? "\n(or undo the upgraded nodes: dorisops rollback --topology " + source + ")"
                                : ""),
                failure);
        if (undoFailure != null) {
            error.addSuppressed(undoFailure);
        }
        releaseFailures.forEach(error::addSuppressed);
        events.emit(
                Type.NODE_FAILED,
                node.id(),
                "",
                Duration.ofNanos(System.nanoTime() - start),
                error.getMessage(),
                error);
        return error;
    }

    /**
     * Performs the release of each action of {@code step} up to {@code position} ({@link Action#release()}),
     * the last first, each once; returns those that failed, each naming the node and what to do by hand.
     */
    List<DorisOpsException> release(Step step, int position, Node node) {
        List<Action> releases = new ArrayList<>();
        for (int i = Math.min(position, step.actions().size() - 1); i >= 0; i--) {
            step.actions().get(i).release().filter(r -> !releases.contains(r)).ifPresent(releases::add);
        }
        List<DorisOpsException> failures = new ArrayList<>();
        for (Action release : releases) {
            try {
                perform(-1, step, 0, release, Optional.of(node));
            } catch (DorisOpsException e) {
                failures.add(new DorisOpsException(
                        node.label() + ": " + release.key() + " after the failure failed too (" + e.getMessage()
                                + "); do it by hand: " + release.describe(),
                        e));
            }
        }
        return failures;
    }

    /** What one evaluation of the gates saw: the failing ones, or a check that threw (a bug: the run stops). */
    private record Evaluation(List<String> failing, Optional<String> broken) {}

    private void awaitGates(Node node, List<SafetyCheck> checks) {
        engine.waiter(message -> events.waiting(node.id(), message))
                .await(
                        node.label(),
                        "cleared by the safety checks",
                        () -> evaluate(node, checks),
                        seen -> seen.failing().isEmpty() && seen.broken().isEmpty(),
                        Evaluation::broken,
                        seen -> String.join("; ", seen.failing()),
                        engine.readyTimeout(),
                        "Fix what the failing check names; the run goes on by itself once it passes.");
    }

    private Evaluation evaluate(Node node, List<SafetyCheck> checks) {
        List<String> failing = new ArrayList<>();
        for (SafetyCheck check : checks) {
            try {
                check.evaluate(engine.hasAdmin() ? engine.admin() : NoSqlAdmin.INSTANCE, node)
                        .ifPresent(why -> failing.add(check.name() + ": " + why));
            } catch (DorisOpsException e) {
                failing.add(check.name() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                return new Evaluation(
                        failing,
                        Optional.of("the safety check " + check.name() + " threw " + e + "; fix the check (the run"
                                + " stopped before " + node.id() + " was touched)"));
            }
        }
        return new Evaluation(failing, Optional.empty());
    }

    private static <T> T safely(java.util.function.Supplier<T> read, T otherwise) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    /** After a successful upgrade: each host keeps only the newest staged packages. */
    void pruneStaged() {
        Map<String, Node> byHost = new HashMap<>();
        operation.steps().stream()
                .filter(step -> step.reason() == Operation.Reason.STAGE_BEFORE_RESTARTS)
                .map(step -> engine.node(step.nodeId()))
                .forEach(node -> byHost.putIfAbsent(node.host() + " " + node.home(), node));
        for (Node node : byHost.values()) {
            try {
                engine.binaries().pruneStaged(node, engine.options().keepStagedPackages());
            } catch (DorisOpsException e) {
                // A staged copy left behind costs disk, not safety; the next run prunes again.
            }
        }
    }
}
