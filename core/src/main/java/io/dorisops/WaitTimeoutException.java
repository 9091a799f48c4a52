package io.dorisops;

import java.time.Duration;

/** A wait reached its deadline, or a fail-fast condition ended it early. */
public class WaitTimeoutException extends DorisOpsException {
    private static final long serialVersionUID = 1L;

    private final String awaited;
    private final String lastSeen;
    private final int polls;
    private final Duration waited;

    public WaitTimeoutException(String message, String awaited, String lastSeen, int polls, Duration waited) {
        super(message);
        this.awaited = awaited;
        this.lastSeen = lastSeen;
        this.polls = polls;
        this.waited = waited;
    }

    /** What was awaited, e.g. {@code be-2 (10.0.0.12) ready}. */
    public String awaited() {
        return awaited;
    }

    /** The last state seen, as text. */
    public String lastSeen() {
        return lastSeen;
    }

    /** How many times the condition was polled. */
    public int polls() {
        return polls;
    }

    /** How long the wait lasted. */
    public Duration waited() {
        return waited;
    }
}
