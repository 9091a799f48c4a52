package io.dorisops.internal.engine;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.NodeHook;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.RunRecord;
import io.dorisops.RunResult;
import io.dorisops.internal.Stamps;
import io.dorisops.internal.context.ClusterIdentity;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.journal.RunHistory;
import io.dorisops.internal.journal.RunIds;
import io.dorisops.internal.journal.RunJournal;
import io.dorisops.internal.journal.RunLock;
import io.dorisops.internal.journal.RunPackage;
import io.dorisops.internal.plan.Plans;
import io.dorisops.internal.plan.RollingOrder;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.Backend;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one runner of every {@link Operation}: upgrade, rolling restart, start, stop, rollback.
 *
 * <p>Algorithm of a run:
 *
 * <ol>
 *   <li>Refuse an operation naming an action no handler takes ({@link ActionHandlers#requireHandled}), or
 *       needing a node-control capability the cluster lacks ({@link ActionHandlers#requireCapable}).
 *       The local pre-flight gates ({@link Gates#local}): {@code lock} takes the run lock ({@code
 *       <stateDir>/lock}), refused when another run holds it.
 *   <li>{@code unfinished-run} refuses an upgrade or restart while an earlier one of this cluster is
 *       unfinished ({@link RunRecovery#unfinished}): it is resumed or rolled back first, so its
 *       balance values are not lost. Then
 *       claim the cluster with a marker in the FEs' homes ({@link ClusterClaim}), refused while
 *       another operator's run holds it.
 *   <li>The other pre-flight gates of the procedure's row ({@link Gates#preflight}), each its registry
 *       entry's check, every failure reported together; forced gates are skipped and the journal
 *       records which. Nothing has changed when this refuses.
 *   <li>Journal the run: id, who, where, the cluster's identity, the operation, the package's SHA-512
 *       ({@link RunPackage}; a package verified against no checksum is said in the output and the journal).
 *   <li>When the operation pauses balancing: journal the switches' values (the journaled ones when
 *       continuing a run), then pause them ({@link BalancePause}).
 *   <li>Until every step is done, take the next ({@link RollingOrder#next}: plan order, the FE phase
 *       following the live master) and run it ({@link StepRunner}): before a disruptive step on a running
 *       node, wait until its node gates pass (the majority gate may let the scheduler repair meanwhile,
 *       {@link RepairWindow}) and run the before-stop hooks; do each action, journaled as
 *       it finishes; on failure, undo the step and stop the run naming the node; run the after-ready
 *       hooks; journal the step done; re-apply the pause after a master change. The pending steps of a
 *       batch ({@link Operation#batches()}) run together ({@link BatchRun}): every node's gates and
 *       hooks first, then their actions at once, each node journaled as alone; the next step's gates
 *       wait until no tablet would fall below a majority of complete replicas. Consecutive preparatory
 *       steps (staging, installing) run on up to {@code transferParallel} hosts at once ({@link
 *       StagingRun}), each journaled done as it finishes.
 *   <li>Before each node step, and in the final gate, every node finished in this run must still be
 *       running ("done means still done"); one that died stops the run naming it.
 *   <li>In every outcome restore the balance switches. A restore that fails after another failure is
 *       attached to it, never in its place.
 *   <li>Then the final gate (an upgrade: every node ready at the target; an upgrade or restart: tablets
 *       healthy), with the scheduler running again, so it repairs what the paused one left lacking; on
 *       success read the switches back.
 *   <li>Journal the outcome, tell the listener, return the result or throw the first failure. From the
 *       first step to the outcome, the client traffic the run is watched under, if any, is journaled once a
 *       second while it changes ({@link TrafficWatch}).
 * </ol>
 *
 * <p>{@link #resume} continues an unfinished or failed run of the same cluster from its journal after
 * re-reading the live cluster ({@link RunRecovery#progress}): finished steps are skipped unless their
 * node no longer runs, the step in progress goes on from its first unfinished action (every action is
 * idempotent). A package whose SHA-512 is no longer the journaled one is refused before anything is done.
 */
public final class Runner {

    private final Engine engine;
    private final Gates gates;
    private final RunHistory history;
    private final RunRecovery recovery;
    private final ActionHandlers handlers;

    public Runner(Engine engine) {
        this(engine, ActionHandlers.ALL);
    }

    /** A runner performing actions through {@code handlers} (a test's partial table). */
    Runner(Engine engine, ActionHandlers handlers) {
        this.handlers = handlers;
        this.engine = engine;
        this.gates = new Gates(engine);
        this.history = new RunHistory(engine.stateDir(), engine.topology());
        this.recovery = new RunRecovery(engine, history);
    }

    /** Runs a new operation (steps 1–10). */
    @SuppressWarnings("try") // the lock is held for the body, never referenced in it
    public RunResult run(Operation operation, String stamp) {
        return run(operation, stamp, Optional.empty(), Optional.empty());
    }

    @SuppressWarnings("try") // the lock is held for the body, never referenced in it
    private RunResult run(
            Operation operation, String stamp, Optional<Map<String, String>> balance, Optional<Path> undoes) {
        handlers.requireHandled(operation);
        handlers.requireCapable(operation, engine.control());
        String runId = history.uniqueRunId(RunIds.next(operation.kind().key(), stamp));
        Events events = new Events(runId, engine.options().listener());
        try (OperationGatesContext checks = new OperationGatesContext(
                engine,
                operation,
                balance.isPresent(),
                () -> recovery.unfinished(operation),
                Optional.of(() -> {
                    RunLock lock = RunLock.acquire(engine.stateDir(), runId);
                    events.info(
                            Type.RUN_STARTED,
                            "",
                            operation.kind().key() + " " + engine.topology().name()
                                    + operation
                                            .target()
                                            .map(v -> " to " + v.number())
                                            .orElse("") + ": "
                                    + operation.order().size() + " steps");
                    return lock;
                }),
                events)) {
            // Before the claim: a killed run's marker is still on the cluster, and unfinished-run says what to do.
            refuseIf(operation, gates.local(checks), events);
            try (ClusterClaim claim = ClusterClaim.take(
                    engine, runId, undoes.map(RunHistory::runIdOf).orElse(""), this::hasJournal)) {
                refuseIf(operation, gates.preflight(checks), events);
                return journalAndDrive(operation, runId, stamp, balance, undoes, events);
            }
        }
    }

    /**
     * A dry run: every check {@link #run} makes before its first change, the {@code unfinished-run} gate
     * and the operation's pre-flight gates, with the same options and the same failures, each reported;
     * nothing is locked, claimed, journaled or changed. The run's lock and cluster claim are not taken,
     * so a run holding them now is not seen.
     *
     * @throws PreconditionFailedException listing every failing gate, as the run would
     */
    public void preflight(Operation operation) {
        handlers.requireHandled(operation);
        handlers.requireCapable(operation, engine.control());
        try (OperationGatesContext checks = new OperationGatesContext(
                engine,
                operation,
                false,
                () -> recovery.unfinished(operation),
                Optional.empty(),
                new Events("dry-run", engine.options().listener()))) {
            List<String> failures = new ArrayList<>(gates.local(checks));
            failures.addAll(gates.preflight(checks));
            if (!failures.isEmpty()) {
                throw refusal(operation, failures);
            }
        }
    }

    private void refuseIf(Operation operation, List<String> failures, Events events) {
        if (failures.isEmpty()) {
            return;
        }
        PreconditionFailedException refused = refusal(operation, failures);
        events.emit(Type.RUN_FAILED, "", "", Duration.ZERO, refused.getMessage(), refused);
        throw refused;
    }

    private PreconditionFailedException refusal(Operation operation, List<String> failures) {
        return new PreconditionFailedException(
                "pre-flight refused the " + operation.kind().key() + " of "
                        + engine.topology().name()
                        + operation.target().map(v -> " to " + v.number()).orElse("")
                        + "; nothing was changed. Fix these, or skip a check with --force NAME:",
                failures);
    }

    private RunResult journalAndDrive(
            Operation operation,
            String runId,
            String stamp,
            Optional<Map<String, String>> balance,
            Optional<Path> undoes,
            Events events) {
        RunJournal.Header header = new RunJournal.Header(
                runId,
                operation.kind(),
                stamp,
                System.getProperty("user.name", "unknown"),
                machineName(),
                List.copyOf(engine.options().forced()),
                ClusterIdentity.of(engine.topology()),
                operation,
                RunJournal.FORMAT,
                Instant.now(),
                RunPackage.of(engine, operation));
        try (RunJournal journal = RunJournal.create(history.runFile(runId), header, engine.journalSync())) {
            header.pkg().ifPresent(pkg -> pkg.announce(events, journal));
            RunResult result = drive(header, journal, events, Set.of(), Map.of(), balance);
            undoes.ifPresent(RunRecovery::closeUndone);
            return result;
        }
    }

    /** The operation {@link #resume} continues: the newest run that did not succeed (or the one named). */
    public Operation toResume(Optional<String> runId) {
        return recovery.toResume(runId).header().operation();
    }

    /** Continues the newest run of this cluster that did not succeed (or the one named). */
    @SuppressWarnings("try") // the lock is held for the body, never referenced in it
    public RunResult resume(Optional<String> runId) {
        RunJournal.State state = recovery.toResume(runId);
        RunJournal.Header header = state.header();
        handlers.requireHandled(header.operation());
        handlers.requireCapable(header.operation(), engine.control());
        header.pkg().ifPresent(pkg -> pkg.requireUnchanged(engine, header.runId(), header.operation()));
        Events events = new Events(header.runId(), engine.options().listener());
        try (RunLock lock = RunLock.acquire(engine.stateDir(), header.runId());
                ClusterClaim claim = ClusterClaim.take(engine, header.runId(), "", this::hasJournal);
                RunJournal journal = RunJournal.reopen(state.file(), engine.journalSync())) {
            state.damaged().forEach(journal::note);
            RunRecovery.Progress progress = recovery.progress(state, journal);
            events.info(
                    Type.RUN_STARTED,
                    "",
                    "resume " + header.runId() + ": " + state.nodesDone().size() + " nodes finished before");
            journal.resumed(System.getProperty("user.name", "unknown"), machineName());
            RunResult result = drive(
                    header, journal, events, progress.stepsDone(), progress.actionsDone(), recovery.balance(state));
            recovery.closeUndoneBy(header);
            return result;
        }
    }

    /** The rollback of the newest upgrade (or the one named) as the operation {@link #rollback(Operation)} runs. */
    public Operation planRollback(Optional<String> runId) {
        RunJournal.State upgrade = recovery.toRollBack(runId);
        String stamp = upgrade.header().stamp();
        return Plans.rollback(
                engine.topology(),
                upgrade.header().operation(),
                upgrade.header().runId(),
                stamp,
                node -> engine.binaries().hasBackup(node, stamp),
                disabledBackends());
    }

    /** Which backends the master shows with queries or loads disabled now (none without SQL). */
    private Predicate<Node> disabledBackends() {
        if (!engine.hasAdmin()) {
            return node -> false;
        }
        List<Backend> disabled = engine.admin().backends().stream()
                .filter(be -> be.queryDisabled() || be.loadDisabled())
                .toList();
        return node -> disabled.stream().anyMatch(be -> be.matches(node));
    }

    /** Runs a planned rollback of the upgrade it names ({@link Operation#of()}), with that upgrade's balance values. */
    public RunResult rollback(Operation rollback) {
        RunJournal.State upgrade = recovery.toRollBack(rollback.of());
        return run(rollback, Stamps.newStamp(), upgrade.balance(), Optional.of(upgrade.file()));
    }

    /** Every run of the cluster, newest first. */
    public List<RunRecord> history() {
        return history.records();
    }

    private RunResult drive(
            RunJournal.Header header,
            RunJournal journal,
            Events events,
            Set<Integer> stepsDone,
            Map<Integer, Integer> actionsDone,
            Optional<Map<String, String>> balance) {
        Operation operation = header.operation();
        long start = System.nanoTime();
        TrafficWatch traffic = TrafficWatch.start(engine.options().traffic(), journal);
        List<String> acted = new ArrayList<>();
        Set<String> changed = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
        List<Step> finished = new ArrayList<>();
        StepRunner steps = new StepRunner(engine, gates, operation, header.stamp(), journal, events, changed, handlers);
        BalanceGuard guard = null;
        RuntimeException failure = null;
        String outcome = "failed";
        try {
            guard = BalancePause.pause(engine, operation, balance, journal);
            if (guard != null) {
                steps.repairWith(new RepairWindow(engine, guard, message -> {
                    journal.note(message);
                    events.info(Type.WAITING, "", message);
                }));
            }
            // Only a paused balance needs the master followed (re-applied on a new one); reading it while
            // no master can answer (a start or stop of the whole cluster, a deploy) would wait for one.
            Optional<Node> master = guard != null ? engine.masterNow() : Optional.empty();
            Optional<Step> previous = Optional.empty();
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < operation.steps().size(); i++) {
                if (!stepsDone.contains(i)) {
                    pending.add(i);
                }
            }
            while (!pending.isEmpty()) {
                int index = next(operation, pending);
                Step step = operation.steps().get(index);
                List<Integer> batch = operation
                        .batchOf(index)
                        .map(b -> b.steps().stream().filter(pending::contains).toList())
                        .orElse(StagingRun.stepsFrom(operation, pending, index));
                pending.removeAll(batch);
                if (!step.onCluster()) {
                    gates.requireStillRunning(finished);
                }
                List<Step> batchDone = new ArrayList<>();
                if (batch.size() > 1 && step.preparatory()) {
                    StagingRun.run(
                            steps,
                            batch,
                            operation.steps(),
                            actionsDone,
                            engine.options().transferParallel(),
                            journal,
                            i -> batchDone.add(operation.steps().get(i)));
                } else if (batch.size() > 1) {
                    BatchRun.run(
                            steps,
                            batch,
                            operation.steps(),
                            actionsDone,
                            previous,
                            journal,
                            events,
                            i -> batchDone.add(operation.steps().get(i)));
                } else {
                    steps.run(index, step, actionsDone.getOrDefault(index, 0), previous);
                    journal.stepDone(index, step.nodeId(), step.preparatory());
                    batchDone.add(step);
                }
                for (Step each : batchDone) {
                    if (!each.onCluster() && !each.preparatory()) {
                        previous = Optional.of(each);
                        finished.add(each);
                        if (!acted.contains(each.nodeId())) {
                            acted.add(each.nodeId());
                        }
                    }
                }
                Optional<Node> now = guard != null ? engine.masterNow() : Optional.empty();
                if (now.isPresent() && master.isPresent() && !now.equals(master)) {
                    journal.master(master.get().id(), now.get().id());
                    events.info(
                            Type.WAITING,
                            "",
                            "master changed from " + master.get().id() + " to "
                                    + now.get().id() + ": re-applying the balance pause");
                    guard.reapply();
                }
                master = now.isPresent() ? now : master;
            }
            gates.requireStillRunning(finished);
            outcome = "succeeded";
        } catch (NodeHook.Veto veto) {
            failure = veto;
            outcome = "vetoed";
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            failure = BalancePause.restore(guard, failure, journal);
        }
        if (failure == null) {
            // After the restore: the scheduler, running again, clones what the paused one left lacking.
            try {
                gates.finalGate(operation);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure == null && guard != null) {
            failure = BalancePause.verifyRestored(engine, guard.previous(), journal);
        }
        traffic.close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (failure != null) {
            journal.failed(outcome.equals("succeeded") ? "failed" : outcome, failure);
            events.emit(Type.RUN_FAILED, "", "", elapsed, outcome + ": " + failure.getMessage(), failure);
            throw failure;
        }
        String message = operation
                .target()
                .map(v -> "every node at " + v.number())
                .orElse(operation.kind().key() + " done");
        journal.end("succeeded", message);
        ProcedureSpec spec = ProcedureSpec.of(operation.kind());
        if (spec.prunesStaged()) {
            steps.pruneStaged();
        }
        events.emit(Type.RUN_FINISHED, "", "", elapsed, message, null);
        List<String> skipped = new ArrayList<>();
        stepsDone.forEach(i -> {
            String id = operation.steps().get(i).nodeId();
            if (!id.isEmpty() && !skipped.contains(id) && !acted.contains(id)) {
                skipped.add(id);
            }
        });
        operation.skipped().forEach(skip -> skipped.add(skip.nodeId()));
        List<String> result = spec.result() == ProcedureSpec.Result.CHANGED_NODES ? List.copyOf(changed) : acted;
        return new RunResult(
                events.runId(), result, skipped, elapsed, journal.file(), steps.outcomes(), Optional.empty());
    }

    private int next(Operation operation, List<Integer> pending) {
        List<Step> steps = pending.stream().map(operation.steps()::get).toList();
        Step first = steps.get(0);
        boolean followsMaster = ProcedureSpec.of(operation.kind()).followsMaster();
        if (!followsMaster || first.onCluster() || !first.frontend() || !engine.hasAdmin() || first.preparatory()) {
            return pending.get(0);
        }
        Node master = engine.waiter(message -> {})
                .await(
                        engine.topology().name(),
                        "served by a master FE",
                        () -> engine.view()
                                .master()
                                .orElseThrow(() -> new DorisOpsException("the master is not in the topology")),
                        any -> true,
                        Node::id,
                        engine.readyTimeout(),
                        "Without a majority of followers alive there is no master; start the followers that are down.");
        Step chosen =
                RollingOrder.next(steps, master.id(), id -> !engine.processes().running(engine.node(id)));
        return pending.get(steps.indexOf(chosen));
    }

    private boolean hasJournal(String runId) {
        return java.nio.file.Files.exists(history.runFile(runId));
    }

    static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
