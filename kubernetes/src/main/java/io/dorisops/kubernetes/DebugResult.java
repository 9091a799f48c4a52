package io.dorisops.kubernetes;

/**
 * What entering or leaving debug mode left: the pod's state afterwards and a sentence on what it means.
 *
 * @param pod the pod as it is now
 * @param note e.g. "running in debug mode: exec into it, start the service by hand on another query_port"
 */
public record DebugResult(PodState pod, String note) {}
