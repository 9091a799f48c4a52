package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a probe saw of one node.
 *
 * @param nodeId the node probed
 * @param status the verdict
 * @param evidence what was seen, e.g. {@code /api/bootstrap code=1 "not ready"} or {@code connection refused}
 * @param latency how long the probe took
 * @param version the version the node reported, when it did
 */
public record Health(String nodeId, Status status, String evidence, Duration latency, Optional<Version> version) {

    /** A node's state as a probe judges it. */
    public enum Status {
        /** Serving. */
        READY,
        /**
         * Answering but not ready: an FE that lost its master or, as a new master, replays the journal
         * ("not ready"); a Doris BE that is starting ("Server is not ready"). A starting FE answers
         * nothing (its ports open once it is ready), so it is DOWN.
         */
        STARTING,
        /** Not reachable: refused, timed out, not running. */
        DOWN,
        /** Answered something the probe could not judge; never treated as ready. */
        UNKNOWN
    }

    public Health {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(status, "status");
        requireNonNull(evidence, "evidence");
        requireNonNull(latency, "latency");
        requireNonNull(version, "version");
    }

    /** True when the status is {@link Status#READY}. */
    public boolean ready() {
        return status == Status.READY;
    }
}
