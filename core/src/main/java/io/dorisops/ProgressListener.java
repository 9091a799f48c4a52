package io.dorisops;

/**
 * Told of a run's progress. Events nest: a run ({@code runStarted} … {@code runFinished} or {@code
 * runFailed}) holds nodes ({@code nodeStarted} … {@code nodeFinished}/{@code nodeFailed}), a node holds
 * steps ({@code stepStarted} … {@code stepFinished}/{@code stepFailed}); {@code waiting} may come at
 * any level and says why the engine is not moving; {@code transfer} tells of an upload to a node's host
 * within a step (staging, install).
 *
 * <p>Every method has a no-op default. Listeners must be fast and must not throw: an engine catches
 * and logs a listener's exception and carries on. A listener is called with one event at a time; the
 * nodes of a parallel batch call it from their own threads, so their events interleave (each names its
 * node). {@link #NONE} is the default listener.
 *
 * <pre>{@code
 * ProgressListener printer = new ProgressListener() {
 *     public void stepFinished(ProgressEvent e) { log.info("{} {} took {}", e.nodeId(), e.action(), e.elapsed()); }
 * };
 * }</pre>
 */
public interface ProgressListener {

    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {};

    default void runStarted(ProgressEvent event) {}

    default void runFinished(ProgressEvent event) {}

    default void runFailed(ProgressEvent event) {}

    default void nodeStarted(ProgressEvent event) {}

    default void nodeFinished(ProgressEvent event) {}

    default void nodeFailed(ProgressEvent event) {}

    default void stepStarted(ProgressEvent event) {}

    default void stepFinished(ProgressEvent event) {}

    default void stepFailed(ProgressEvent event) {}

    default void waiting(ProgressEvent event) {}

    /**
     * An upload to a node's host began, moved on or ended ({@link ProgressEvent#transfer()}); ticks come a
     * few times a second at most, from the uploading thread.
     */
    default void transfer(ProgressEvent event) {}

    /** A listener that hands every event, whatever its type, to one consumer: {@code ProgressListener.of(events::add)}. */
    static ProgressListener of(java.util.function.Consumer<ProgressEvent> consumer) {
        java.util.Objects.requireNonNull(consumer, "consumer");
        return new ProgressListener() {
            @Override
            public void runStarted(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void runFinished(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void runFailed(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void nodeStarted(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void nodeFinished(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void nodeFailed(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void stepStarted(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void stepFinished(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void stepFailed(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void waiting(ProgressEvent event) {
                consumer.accept(event);
            }

            @Override
            public void transfer(ProgressEvent event) {
                consumer.accept(event);
            }
        };
    }
}
