package io.dorisops.internal.gate;

/** When the runner evaluates a gate. */
public enum Phase {
    /** Once before anything changes; every failure is reported together and the run is refused. */
    PREFLIGHT,
    /** Before each disruptive step of a rolling procedure; the runner waits while one fails. */
    PER_NODE,
    /**
     * Right before the action it guards, on the cluster as it is then; a failure fails the step (its
     * undo runs) with nothing sent. It applies by the action, whatever the procedure.
     */
    ACTION,
    /** Once after the balance switches are restored; the runner waits until it passes. */
    FINAL
}
