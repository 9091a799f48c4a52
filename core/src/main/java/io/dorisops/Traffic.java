package io.dorisops;

/**
 * The client traffic a run is watched under, as counts that only grow: queries and loads that succeeded
 * and failed since the traffic began. Given to a run ({@link RunOptions.Builder#traffic}), it is read once
 * a second while the run goes; each change is journaled, so the run report's timeline shows the failed
 * queries and loads beside each node's drain and downtime, and {@code dorisops history --json} their
 * totals. The sandbox {@code Workload} is one; an application counts its own.
 *
 * <pre>{@code
 * AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
 * RunOptions options = RunOptions.builder()
 *         .traffic(() -> new Traffic.Counts(ok.get(), failed.get(), 0, 0))
 *         .build();
 * }</pre>
 *
 * <p>Called from a thread of the run's own; it must return at once and not throw (a failure is logged and
 * the sample skipped).
 */
@Beta
@FunctionalInterface
public interface Traffic {

    /** The counts so far. */
    Counts counts();

    /**
     * Queries and loads since the traffic began.
     *
     * @param queriesOk queries that returned a result
     * @param queriesFailed queries that failed
     * @param loadsOk loads that succeeded
     * @param loadsFailed loads that failed
     */
    record Counts(long queriesOk, long queriesFailed, long loadsOk, long loadsFailed) {
        public Counts {
            if (queriesOk < 0 || queriesFailed < 0 || loadsOk < 0 || loadsFailed < 0) {
                throw new IllegalArgumentException("traffic counts cannot be negative: " + queriesOk + ", "
                        + queriesFailed + ", " + loadsOk + ", " + loadsFailed);
            }
        }

        /** The counts from {@code earlier} to these. */
        public Counts since(Counts earlier) {
            return new Counts(
                    Math.max(0, queriesOk - earlier.queriesOk),
                    Math.max(0, queriesFailed - earlier.queriesFailed),
                    Math.max(0, loadsOk - earlier.loadsOk),
                    Math.max(0, loadsFailed - earlier.loadsFailed));
        }
    }
}
