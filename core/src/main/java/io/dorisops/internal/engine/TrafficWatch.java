package io.dorisops.internal.engine;

import io.dorisops.Traffic;
import io.dorisops.internal.journal.RunJournal;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals the counts of the client traffic a run is watched under ({@link Traffic}) while the run goes:
 *
 * <ol>
 *   <li>When the run begins (or resumes), the counts as they are.
 *   <li>Once a second, the counts when they changed since the last entry.
 *   <li>When the run ends, whatever its outcome, the counts once more (when they changed).
 * </ol>
 *
 * <p>A source that throws is logged and that sample skipped; the run never fails for it.
 */
final class TrafficWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrafficWatch.class);

    private final Traffic traffic;
    private final RunJournal journal;
    private final ScheduledExecutorService clock;
    private Traffic.Counts last;
    private boolean closed;

    private TrafficWatch(Traffic traffic, RunJournal journal) {
        this.traffic = traffic;
        this.journal = journal;
        this.clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dorisops-traffic");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts watching {@code traffic} into {@code journal}; nothing when there is none. */
    static TrafficWatch start(Optional<Traffic> traffic, RunJournal journal) {
        TrafficWatch watch = new TrafficWatch(traffic.orElse(null), journal);
        if (watch.traffic != null) {
            watch.sample();
            watch.clock.scheduleWithFixedDelay(watch::sample, 1, 1, TimeUnit.SECONDS);
        }
        return watch;
    }

    private synchronized void sample() {
        if (closed) {
            return;
        }
        Traffic.Counts now;
        try {
            now = traffic.counts();
        } catch (RuntimeException e) {
            log.warn("the traffic source failed; this sample is skipped: {}", e.toString());
            return;
        }
        if (now != null && !now.equals(last)) {
            try {
                journal.traffic(now);
                last = now;
            } catch (RuntimeException e) {
                log.warn("cannot journal the traffic counts: {}", e.getMessage());
            }
        }
    }

    /** Stops the clock and journals the last counts; idempotent. */
    @Override
    public void close() {
        clock.shutdownNow();
        if (traffic != null) {
            try {
                clock.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sampleLast();
    }

    private synchronized void sampleLast() {
        if (traffic != null && !closed) {
            sample();
        }
        closed = true;
    }
}
