package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation.Step;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.internal.context.Events;
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
 * Runs the pending steps of one {@link io.dorisops.Operation.Batch} for the {@link Runner}: the same
 * {@link StepRunner} per node, several nodes at once.
 *
 * <ol>
 *   <li>Prepare every node in plan order: its node gates (no tablet below a majority of complete
 *       replicas with every node of the batch stopped, the previous node ready, the user's checks) waited on until they pass, then its before-stop
 *       hooks. No node of the batch stops before every node passed its gates.
 *   <li>Drain every node at once (its actions before its stop: disable the BE, wait until it runs no
 *       query, {@link StepRunner#drainActions}), and wait for all: no node of the batch stops while
 *       another still takes queries. When one fails, the others are enabled again and the run stops.
 *   <li>Run every node's other actions at once, one thread per node; each node is journaled step by step as
 *       when alone ({@code action}, {@code step}), so a resume continues each node where it stopped.
 *   <li>Wait for every node, even after one failed: a node half way through a restart is finished (or
 *       undone by its own step) rather than abandoned.
 *   <li>When any failed, throw the first failure (each failed node already put back by its step's undo
 *       actions), the others attached; the run stops there.
 * </ol>
 */
final class BatchRun {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private BatchRun() {}

    /**
     * Runs the steps {@code indexes} of a batch.
     *
     * @param actionsDone actions already journaled done per step (a resumed run)
     * @param previous the node step finished last before the batch
     * @param done called on the runner's thread with each index whose step finished, in plan order
     */
    static void run(
            StepRunner steps,
            List<Integer> indexes,
            List<Step> all,
            Map<Integer, Integer> actionsDone,
            Optional<Step> previous,
            RunJournal journal,
            Events events,
            IntConsumer done) {
        List<Long> starts = new ArrayList<>();
        List<Node> together = indexes.stream().map(i -> steps.node(all.get(i))).toList();
        for (int index : indexes) {
            starts.add(steps.prepare(all.get(index), previous, together));
        }
        events.info(
                Type.WAITING,
                "",
                "batch of " + indexes.size() + ": "
                        + String.join(
                                ", ",
                                indexes.stream().map(i -> all.get(i).nodeId()).toList()) + " at once");
        ExecutorService pool = Executors.newFixedThreadPool(indexes.size(), task -> {
            Thread thread = new Thread(task, "dorisops-batch-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> draining = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int i = 0; i < indexes.size(); i++) {
                int index = indexes.get(i);
                long start = starts.get(i);
                Step step = all.get(index);
                draining.add(pool.submit(() -> steps.execute(
                        index, step, actionsDone.getOrDefault(index, 0), StepRunner.drainActions(step), start)));
            }
            drained(steps, indexes, all, draining);
            for (int i = 0; i < indexes.size(); i++) {
                int index = indexes.get(i);
                long start = starts.get(i);
                Step step = all.get(index);
                int first = Math.max(actionsDone.getOrDefault(index, 0), StepRunner.drainActions(step));
                running.add(pool.submit(() -> {
                    steps.execute(index, step, first, start);
                    journal.stepDone(index, step.nodeId(), false);
                }));
            }
            FirstFailure failures = new FirstFailure();
            for (int i = 0; i < running.size(); i++) {
                RuntimeException thrown = outcome(running.get(i));
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

    /**
     * Waits for every node's drain; when one failed (it enabled itself again), enables the others again
     * and throws the first failure, the others attached.
     */
    private static void drained(StepRunner steps, List<Integer> indexes, List<Step> all, List<Future<?>> draining) {
        FirstFailure failures = new FirstFailure();
        List<Integer> drained = new ArrayList<>();
        for (int i = 0; i < draining.size(); i++) {
            RuntimeException thrown = outcome(draining.get(i));
            if (thrown == null) {
                drained.add(indexes.get(i));
            }
            failures.add(thrown);
        }
        if (!failures.any()) {
            return;
        }
        RuntimeException failure = failures.get();
        for (int index : drained) {
            Step step = all.get(index);
            steps.release(step, StepRunner.drainActions(step) - 1, steps.node(step))
                    .forEach(failure::addSuppressed);
        }
        throw failure;
    }

    /** What a node's task ended with: null when it succeeded. */
    private static RuntimeException outcome(Future<?> task) {
        try {
            task.get();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                return runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new DorisOpsException("a node of the batch failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return new DorisOpsException("interrupted while a batch of nodes restarted; the journal records"
                    + " each node's progress: dorisops resume continues it");
        }
    }
}
