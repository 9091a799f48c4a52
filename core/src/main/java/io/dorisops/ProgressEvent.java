package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One thing that happened during a run, for listeners, the CLI's progress view and {@code --json}.
 *
 * @param type what happened
 * @param runId the run, e.g. {@code upgrade-20261123-101500}
 * @param nodeId the node, or empty for run-level events
 * @param action the step, e.g. {@code stop}, {@code deploy}, {@code start}, {@code await-ready}; empty for node- and run-level events
 * @param time when it happened
 * @param elapsed for finish and fail events, how long the run, node or step took; zero otherwise
 * @param message a sentence for people: what was done, or why the engine is waiting
 * @param cause the failure, for fail events
 * @param transfer for {@link Type#TRANSFER} events, the bytes moved to the node's host so far; empty otherwise
 */
public record ProgressEvent(
        Type type,
        String runId,
        String nodeId,
        String action,
        Instant time,
        Duration elapsed,
        String message,
        Optional<Throwable> cause,
        Optional<Transfer> transfer) {

    /** The kinds of events; they nest run › node › step. */
    public enum Type {
        RUN_STARTED,
        RUN_FINISHED,
        RUN_FAILED,
        NODE_STARTED,
        NODE_FINISHED,
        NODE_FAILED,
        STEP_STARTED,
        STEP_FINISHED,
        STEP_FAILED,
        /** The engine is waiting: a check is failing or a condition is not met yet; the message says why. */
        WAITING,
        /**
         * A file is being uploaded to the node's host: its start (nothing moved yet), ticks as it moves (a
         * few a second at most), its end ({@link Transfer#done()}); {@link #transfer()} says how far it is.
         */
        TRANSFER
    }

    /**
     * How far one upload to a host is.
     *
     * @param host the host written to
     * @param file the file being uploaded (its name on this machine)
     * @param bytesDone bytes moved so far
     * @param bytesTotal bytes of the whole upload
     * @param bytesPerSecond the average rate since the upload began; zero at its start
     * @param remaining the time left at that rate; empty while no rate is known yet
     */
    public record Transfer(
            String host,
            String file,
            long bytesDone,
            long bytesTotal,
            double bytesPerSecond,
            Optional<Duration> remaining) {
        public Transfer {
            requireNonNull(host, "host");
            requireNonNull(file, "file");
            requireNonNull(remaining, "remaining");
        }

        /** True once every byte moved. */
        public boolean done() {
            return bytesDone >= bytesTotal;
        }

        /** How far the upload is, 0 to 100. */
        public int percent() {
            return bytesTotal <= 0 ? 100 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
        }
    }

    /** An event without a transfer (every type but {@link Type#TRANSFER}). */
    public ProgressEvent(
            Type type,
            String runId,
            String nodeId,
            String action,
            Instant time,
            Duration elapsed,
            String message,
            Optional<Throwable> cause) {
        this(type, runId, nodeId, action, time, elapsed, message, cause, Optional.empty());
    }

    public ProgressEvent {
        requireNonNull(type, "type");
        requireNonNull(runId, "runId");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(action, "action");
        requireNonNull(time, "time");
        requireNonNull(elapsed, "elapsed");
        requireNonNull(message, "message");
        requireNonNull(cause, "cause");
        requireNonNull(transfer, "transfer");
    }

    /** Calls the listener method that matches {@link #type()}. */
    public void dispatchTo(ProgressListener listener) {
        switch (type) {
            case RUN_STARTED -> listener.runStarted(this);
            case RUN_FINISHED -> listener.runFinished(this);
            case RUN_FAILED -> listener.runFailed(this);
            case NODE_STARTED -> listener.nodeStarted(this);
            case NODE_FINISHED -> listener.nodeFinished(this);
            case NODE_FAILED -> listener.nodeFailed(this);
            case STEP_STARTED -> listener.stepStarted(this);
            case STEP_FINISHED -> listener.stepFinished(this);
            case STEP_FAILED -> listener.stepFailed(this);
            case WAITING -> listener.waiting(this);
            case TRANSFER -> listener.transfer(this);
        }
    }
}
