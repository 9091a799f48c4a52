package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.Beta;
import io.dorisops.Wait;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Time that moves only when something sleeps on it: a {@link Clock} and a {@link Wait.Sleeper} at once, so
 * a run's waits (readiness, gates, drains, the final gate) take no real time. Pass it to {@code
 * Cluster.builder(topology).time(time, time)}; a {@link FakeCluster} has one ({@link FakeCluster#time()})
 * and measures its timed faults on it.
 *
 * <pre>{@code
 * VirtualTime time = new VirtualTime();
 * time.sleep(Duration.ofMinutes(5));       // returns at once
 * time.elapsed();                          // PT5M
 * }</pre>
 *
 * <p>Thread-safe; sleeps of parallel threads add up, as if they ran one after another.
 */
@Beta
public final class VirtualTime extends Clock implements Wait.Sleeper {

    /** Where every virtual time begins. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now = START;
    private final List<Duration> sleeps = new ArrayList<>();

    /** Moves the time on by {@code duration} and returns at once. */
    @Override
    public synchronized void sleep(Duration duration) {
        requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a sleep cannot be negative, got " + duration);
        }
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** How far the time moved since {@link #START}. */
    public synchronized Duration elapsed() {
        return Duration.between(START, now);
    }

    /** Every sleep so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    /** UTC. */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This same time: virtual time has no zone of its own. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
