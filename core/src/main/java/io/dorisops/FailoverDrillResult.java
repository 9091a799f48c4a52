package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a failover drill measured ({@link Procedure#failoverDrill()}, {@link RunResult#failoverDrill()}): how long the master took to stop, how
 * long until another follower was master and served SQL, and how long the old master took to start and
 * be alive again as a follower.
 *
 * @param runId the drill's run, journaled like every operation
 * @param oldMaster the node that was master
 * @param newMaster the node elected while it was down
 * @param stop from the stop script to the process gone
 * @param election from the process gone to the new master answering SQL: the outage of writes
 * @param rejoin from the old master's start to its being alive in the new master's view
 * @param total the whole drill
 */
public record FailoverDrillResult(
        String runId,
        String oldMaster,
        String newMaster,
        Duration stop,
        Duration election,
        Duration rejoin,
        Duration total) {
    public FailoverDrillResult {
        requireNonNull(runId, "runId");
        requireNonNull(oldMaster, "oldMaster");
        requireNonNull(newMaster, "newMaster");
        requireNonNull(stop, "stop");
        requireNonNull(election, "election");
        requireNonNull(rejoin, "rejoin");
        requireNonNull(total, "total");
    }

    /** One line for people: {@code fe-1 stopped in 0.4 s; fe-2 served SQL as master 1.3 s later; ...}. */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "%s stopped in %.3f s; %s served SQL as master %.3f s later; %s was back as a follower %.3f s after"
                        + " its start (%.3f s in all)",
                oldMaster,
                stop.toNanos() / 1e9,
                newMaster,
                election.toNanos() / 1e9,
                oldMaster,
                rejoin.toNanos() / 1e9,
                total.toNanos() / 1e9);
    }
}
