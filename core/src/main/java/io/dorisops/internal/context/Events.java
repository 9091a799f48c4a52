package io.dorisops.internal.context;

import io.dorisops.ProgressEvent;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.ProgressListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Emits a run's progress events to its listener and logs one INFO line per action (a transfer's ticks
 * at DEBUG, its start and end at INFO), with the MDC keys
 * {@code dorisops.run} and {@code dorisops.node}. A listener that throws is logged and ignored.
 */
public final class Events {
    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private final String runId;
    private final ProgressListener listener;

    public Events(String runId, ProgressListener listener) {
        this.runId = runId;
        this.listener = listener;
    }

    public String runId() {
        return runId;
    }

    public void emit(Type type, String nodeId, String action, Duration elapsed, String message, Throwable cause) {
        deliver(new ProgressEvent(
                type, runId, nodeId, action, Instant.now(), elapsed, message, Optional.ofNullable(cause)));
    }

    /** A {@link Type#TRANSFER} event of an upload to the node's host ({@link TransferProgress}), action {@code upload}. */
    void transfer(String nodeId, Duration elapsed, String message, ProgressEvent.Transfer transfer) {
        deliver(new ProgressEvent(
                Type.TRANSFER,
                runId,
                nodeId,
                "upload",
                Instant.now(),
                elapsed,
                message,
                Optional.empty(),
                Optional.of(transfer)));
    }

    private void deliver(ProgressEvent event) {
        Type type = event.type();
        String nodeId = event.nodeId();
        String message = event.message();
        Throwable cause = event.cause().orElse(null);
        String action = event.action();
        MDC.put("dorisops.run", runId);
        MDC.put("dorisops.node", nodeId);
        try {
            boolean tick = event.transfer()
                    .filter(transfer -> transfer.bytesDone() > 0 && !transfer.done())
                    .isPresent();
            if (type == Type.WAITING || tick) {
                log.debug("{}", message);
            } else if (cause != null) {
                log.warn("{} {} {}: {}", type, nodeId, action, message);
            } else {
                log.info("{} {} {}: {}", type, nodeId, action, message);
            }
            synchronized (this) { // the nodes of a batch run on threads of their own: one event at a time
                event.dispatchTo(listener);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "progress listener {} threw on {}; carrying on",
                    listener.getClass().getName(),
                    type,
                    e);
        } finally {
            MDC.remove("dorisops.node");
            MDC.remove("dorisops.run");
        }
    }

    public void info(Type type, String nodeId, String message) {
        emit(type, nodeId, "", Duration.ZERO, message, null);
    }

    public void waiting(String nodeId, String message) {
        emit(Type.WAITING, nodeId, "", Duration.ZERO, message, null);
    }

    /** Runs one step of a node between STEP_STARTED and STEP_FINISHED or STEP_FAILED. */
    public <T> T step(String nodeId, String action, String description, Supplier<T> body) {
        emit(Type.STEP_STARTED, nodeId, action, Duration.ZERO, description, null);
        long start = System.nanoTime();
        try {
            T result = body.get();
            emit(Type.STEP_FINISHED, nodeId, action, Duration.ofNanos(System.nanoTime() - start), description, null);
            return result;
        } catch (RuntimeException e) {
            emit(
                    Type.STEP_FAILED,
                    nodeId,
                    action,
                    Duration.ofNanos(System.nanoTime() - start),
                    String.valueOf(e.getMessage()),
                    e);
            throw e;
        }
    }

    public void step(String nodeId, String action, String description, Runnable body) {
        step(nodeId, action, description, () -> {
            body.run();
            return null;
        });
    }
}
