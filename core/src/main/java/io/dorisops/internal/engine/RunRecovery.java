package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.journal.RunHistory;
import io.dorisops.internal.journal.RunJournal;
import io.dorisops.internal.procedure.ProcedureSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link Runner} reads back from the journals of a cluster's earlier runs: the {@code
 * unfinished-run} refusal of its step 2, the run a {@link Runner#resume} continues and where, the
 * upgrade a {@link Runner#rollback} undoes, and marking that upgrade rolled back.
 */
final class RunRecovery {
    private final Engine engine;
    private final RunHistory history;

    RunRecovery(Engine engine, RunHistory history) {
        this.engine = engine;
        this.history = history;
    }

    /**
     * Where a resumed run goes on.
     *
     * @param stepsDone the steps not to run again
     * @param actionsDone per step in progress, how many of its actions are done
     */
    record Progress(Set<Integer> stepsDone, Map<Integer, Integer> actionsDone) {}

    /**
     * Step 2: an unfinished run of a resumable procedure blocks a new run of the procedures that name
     * the {@code unfinished-run} gate ({@link ProcedureSpec#refusedWhileUnfinished()}).
     */
    List<String> unfinished(Operation operation) {
        if (!ProcedureSpec.of(operation.kind()).refusedWhileUnfinished()) {
            return List.of();
        }
        return history.find(
                        Optional.empty(),
                        state -> state.outcome().equals("unfinished")
                                && state.header().kind().resumable())
                .map(run -> List.of("unfinished-run: " + run.header().kind().key() + " "
                        + run.header().runId()
                        + " (by " + run.header().user() + " on " + run.header().machine() + ") did not finish;"
                        + " resume it (dorisops resume) or roll it back (dorisops rollback) first"))
                .orElse(List.of());
    }

    /**
     * The newest run of this cluster that did not succeed (or the one named), of a resumable kind.
     *
     * @throws DorisOpsException when there is none, or it is a rollback journaled in format 1
     */
    RunJournal.State toResume(Optional<String> runId) {
        RunJournal.State state = history.find(
                        runId,
                        candidate -> !candidate.outcome().equals("succeeded")
                                && !candidate.outcome().equals("rolled-back")
                                && candidate.header().kind().resumable())
                .orElseThrow(() -> new DorisOpsException(
                        "no unfinished run of " + engine.topology().name() + " in " + history.runs()
                                + "; start one with dorisops upgrade or restart"));
        RunJournal.Header header = state.header();
        if (header.format() == 1 && spec(header).undoesRun()) {
            throw new DorisOpsException("the rollback " + header.runId() + " was journaled by an earlier dorisops"
                    + " (format 1) and cannot be resumed; run dorisops rollback again");
        }
        return state;
    }

    /**
     * The journaled progress re-read against the live cluster: a finished step whose node no longer
     * runs runs again (noted in the journal).
     */
    Progress progress(RunJournal.State state, RunJournal journal) {
        Set<Integer> done = new LinkedHashSet<>(state.stepsDone());
        Map<Integer, Integer> actionsDone = new HashMap<>(state.actionsDone());
        for (Integer index : state.stepsDone()) {
            Step step = state.header().operation().steps().get(index);
            if (!step.onCluster()
                    && Gates.stillRequiredRunning(step)
                    && !engine.processes().running(engine.node(step.nodeId()))) {
                done.remove(index);
                actionsDone.remove(index);
                journal.note(step.nodeId() + " finished before but is not running now: its step runs again");
            }
        }
        return new Progress(done, actionsDone);
    }

    /**
     * The newest upgrade (or the one named).
     *
     * @throws DorisOpsException when there is none, or the run named is not an upgrade
     */
    RunJournal.State toRollBack(Optional<String> runId) {
        RunJournal.State upgrade = history.find(
                        runId, state -> spec(state.header()).undoneByRollback())
                .orElseThrow(() -> new DorisOpsException(
                        "no upgrade of " + engine.topology().name() + " to roll back in " + history.runs()));
        if (!spec(upgrade.header()).undoneByRollback()) {
            throw new DorisOpsException(upgrade.header().runId() + " is a "
                    + upgrade.header().kind().key() + ", not an upgrade; only upgrades are rolled back");
        }
        return upgrade;
    }

    /**
     * The balance values a resumed run restores: those it journaled; for a rollback journaled without
     * them (by a dorisops before every run journaled its own), those of the upgrade it undoes.
     */
    Optional<Map<String, String>> balance(RunJournal.State state) {
        if (state.balance().isPresent() || !spec(state.header()).undoesRun()) {
            return state.balance();
        }
        return undone(state.header()).flatMap(RunJournal.State::balance);
    }

    /** After a resumed rollback succeeded: marks the upgrade it undid rolled back, as the rollback itself does. */
    void closeUndoneBy(RunJournal.Header rollback) {
        if (spec(rollback).undoesRun()) {
            undone(rollback).ifPresent(upgrade -> closeUndone(upgrade.file()));
        }
    }

    private Optional<RunJournal.State> undone(RunJournal.Header rollback) {
        return rollback.operation().of().flatMap(upgrade -> history.states().stream()
                .filter(state -> state.header().runId().equals(upgrade)
                        && spec(state.header()).undoneByRollback())
                .findFirst());
    }

    private static ProcedureSpec spec(RunJournal.Header header) {
        return ProcedureSpec.of(header.kind());
    }

    /** Marks the undone upgrade as rolled back, so it blocks no later run. */
    static void closeUndone(Path upgradeJournal) {
        try (RunJournal journal = RunJournal.reopen(upgradeJournal)) {
            journal.end("rolled-back", "undone by a rollback");
        }
    }
}
