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
 */
public record ProgressEvent(
        Type type,
        String runId,
        String nodeId,
        String action,
        Instant time,
        Duration elapsed,
        String message,
        Optional<Throwable> cause) {

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
        WAITING
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
        }
    }
}
