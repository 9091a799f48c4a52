package io.dorisops.spi;

import io.dorisops.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The process-control capability of a {@link NodeControl}: whether a node runs, starting and stopping
 * it, and what its logs say about a failed start or a crash. On hosts it runs the flavor's start and stop
 * scripts; a backend whose nodes another system starts (a Kubernetes operator) does not have it.
 *
 * <p>Every method is idempotent (a resumed run repeats the one a crash cut short) and never touches a
 * data directory.
 */
public interface ProcessControl {

    /** What a node looked like just before a start, so a wait can tell this start's failure from an old one. */
    interface StartMark {}

    /** True when the node's process is running now. */
    boolean running(Node node);

    /** Marks the node's state before a start; give it to {@link #startFailure}. */
    StartMark mark(Node node);

    /**
     * Starts the node; false when it was already running (nothing done).
     *
     * @param args further start options (a new FE's {@code --helper}), usually none
     */
    boolean start(Node node, List<String> args);

    /**
     * Stops the node and waits until it is gone; false when it was already stopped.
     *
     * @param waiting told each time what the wait sees changes
     */
    boolean stop(Node node, boolean graceful, Duration timeout, Consumer<String> waiting);

    /**
     * Why a start can no longer succeed (the process exited, a fatal log line, nothing started), or
     * empty while it still may.
     *
     * @param sinceStart how long ago the start was made
     */
    Optional<String> startFailure(Node node, StartMark mark, Duration sinceStart);

    /**
     * The first fatal line the node's logs gained while it runs (a canary's soak), or empty. Each call
     * reads only what the logs gained since the previous call with this {@code mark} (since the mark on
     * the first), and a rotated or truncated log from the start of the new file.
     */
    Optional<String> fatalLogLine(Node node, StartMark mark);

    /** The last lines of the node's logs, for messages; empty when there are none. */
    String logTail(Node node);
}
