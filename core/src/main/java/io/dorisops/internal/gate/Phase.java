package io.dorisops.internal.gate;

/** When the runner evaluates a gate. */
public enum Phase {
    /** Once before anything changes; every failure is reported together and the run is refused. */
    PREFLIGHT,
    /** Before each disruptive step of a rolling procedure; the runner waits while one fails. */
    PER_NODE,
    /** Once after the balance switches are restored; the runner waits until it passes. */
    FINAL
}
