package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Workload} did: per second and in total, the queries and loads that succeeded and
 * failed, the failures' error texts with how often each came, and the rows the successful loads wrote.
 *
 * @param seconds one entry per second since the start, in order
 * @param total the sums over all seconds
 * @param errors each distinct error text (prefixed {@code query: } or {@code load: }) and its count
 * @param started when second 0 began (wall clock), to lay the seconds beside a run's events
 */
public record WorkloadReport(List<Second> seconds, Second total, Map<String, Long> errors, Instant started) {
    public WorkloadReport {
        seconds = List.copyOf(seconds);
        requireNonNull(total, "total");
        errors = Map.copyOf(errors);
        requireNonNull(started, "started");
    }

    /**
     * The counts of one second (or of the whole run).
     *
     * @param second seconds since the start (the total has -1)
     * @param queriesOk queries that returned a result
     * @param queriesFailed queries that failed (refused by every FE, or an error)
     * @param loadsOk inserts that succeeded
     * @param loadsFailed inserts that failed
     * @param rowsWritten rows of the successful inserts
     */
    public record Second(
            long second, long queriesOk, long queriesFailed, long loadsOk, long loadsFailed, long rowsWritten) {}

    /** The rows every successful insert wrote: what {@code SELECT COUNT(*)} must find afterwards. */
    public long rowsWritten() {
        return total.rowsWritten();
    }

    /** Failed queries in total. */
    public long failedQueries() {
        return total.queriesFailed();
    }

    /** Failed loads in total. */
    public long failedLoads() {
        return total.loadsFailed();
    }

    /** The seconds in which at least one load failed. */
    public List<Second> secondsWithFailedLoads() {
        return seconds.stream().filter(second -> second.loadsFailed() > 0).toList();
    }

    /** When a second of this report began. */
    public Instant startOf(Second second) {
        return started.plusSeconds(second.second());
    }
}
