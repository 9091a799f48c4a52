package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A wait stopped at once because something it called failed in a way that waiting cannot fix: a bug
 * ({@link NullPointerException}, {@link IllegalStateException}, ...) or an exception from a user's code,
 * rather than a transient failure of the cluster. The original exception is the {@linkplain #getCause()
 * cause}; {@link #source()} names what threw.
 *
 * <p>Thrown by {@link Wait#await()}; also made by {@link Wait#fatal(String, RuntimeException)} inside a
 * poll, to end the wait at once naming the callback that failed (e.g. {@code safety check
 * quiet-hours}).
 */
public class WaitAbortedException extends DorisOpsException {
    private static final long serialVersionUID = 1L;

    private final String awaited;
    private final String source;
    private final int polls;

    /**
     * @param message the whole message, naming the subject and what threw
     * @param awaited what was awaited, e.g. {@code be-2 (10.0.0.12) ready}; empty outside a wait
     * @param source what threw, e.g. {@code the poll} or {@code safety check quiet-hours}
     * @param polls the number of the poll that threw; 0 outside a wait
     * @param cause the exception that ended the wait
     */
    public WaitAbortedException(String message, String awaited, String source, int polls, Throwable cause) {
        super(message, requireNonNull(cause, "cause"));
        this.awaited = requireNonNull(awaited, "awaited");
        this.source = requireNonNull(source, "source");
        this.polls = polls;
    }

    /** What was awaited, e.g. {@code be-2 (10.0.0.12) ready}; empty before the exception reached a wait. */
    public Optional<String> awaited() {
        return awaited.isEmpty() ? Optional.empty() : Optional.of(awaited);
    }

    /** What threw: {@code the poll}, or the name given to {@link Wait#fatal(String, RuntimeException)}. */
    public String source() {
        return source;
    }

    /** The number of the poll that threw (1 for the first); 0 before the exception reached a wait. */
    public int polls() {
        return polls;
    }
}
