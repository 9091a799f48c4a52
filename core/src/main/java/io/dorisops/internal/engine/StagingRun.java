package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.internal.journal.RunJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs consecutive preparatory steps (staging a package, installing one, writing a conf file) for the
 * {@link Runner}, on several hosts at once: none of them touches a running process, so they need no
 * gate, and the hosts' uploads overlap.
 *
 * <ol>
 *   <li>Submit every step, in plan order, to a pool of at most {@code parallel} threads: at most that many
 *       hosts are written at once; the others wait their turn.
 *   <li>Each step runs as when alone ({@link StepRunner#run}: its actions journaled one by one) and, once
 *       every action is done, is journaled done; a step that failed is not, so resume does it again.
 *   <li>Wait for every step, even after one failed: the other hosts' staging is kept, finished and
 *       journaled, never abandoned half way.
 *   <li>When any failed, throw the first failure in plan order (naming its node), the others attached;
 *       the run stops there.
 * </ol>
 */
final class StagingRun {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private StagingRun() {}

    /**
     * The steps the runner takes at once from pending step {@code first}: the pending preparatory node
     * steps from it up to the next step that is not one; {@code first} alone when it is not one.
     */
    static List<Integer> stepsFrom(Operation operation, List<Integer> pending, int first) {
        List<Integer> run = new ArrayList<>();
        for (int index : pending.subList(pending.indexOf(first), pending.size())) {
            Step step = operation.steps().get(index);
            if (step.onCluster()
                    || !step.preparatory()
                    || operation.batchOf(index).isPresent()) {
                break;
            }
            run.add(index);
        }
        return run.isEmpty() ? List.of(first) : run;
    }

    /**
     * Runs the steps {@code indexes}, at most {@code parallel} at once.
     *
     * @param actionsDone actions already journaled done per step (a resumed run)
     * @param done called on the runner's thread with each index whose step finished, in plan order
     */
    static void run(
            StepRunner steps,
            List<Integer> indexes,
            List<Step> all,
            Map<Integer, Integer> actionsDone,
            int parallel,
            RunJournal journal,
            IntConsumer done) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, indexes.size()), task -> {
            Thread thread = new Thread(task, "dorisops-stage-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int index : indexes) {
                Step step = all.get(index);
                running.add(pool.submit(() -> {
                    steps.run(index, step, actionsDone.getOrDefault(index, 0), Optional.empty());
                    journal.stepDone(index, step.nodeId(), true);
                }));
            }
            FirstFailure failures = new FirstFailure();
            for (int i = 0; i < running.size(); i++) {
                RuntimeException thrown = outcome(running.get(i), all.get(indexes.get(i)));
                if (thrown == null) {
                    done.accept(indexes.get(i));
                }
                failures.add(thrown);
            }
            failures.throwIfAny();
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a step's task ended with: null when it succeeded. */
    private static RuntimeException outcome(Future<?> task, Step step) {
        try {
            task.get();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NodeFailedException named) {
                return named;
            }
            if (cause instanceof RuntimeException runtime) {
                return new NodeFailedException(
                        step.nodeId(), "stage", step.nodeId() + ": staging failed: " + runtime.getMessage(), runtime);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new NodeFailedException(step.nodeId(), "stage", step.nodeId() + ": staging failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return new DorisOpsException("interrupted while staging " + step.nodeId() + "; the journal records"
                    + " each host's staging: dorisops resume continues it");
        }
    }
}
