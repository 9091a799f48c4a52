package io.dorisops.internal.engine;

import io.dorisops.Wait;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Virtual time for a run: a clock that moves only when the run's sleeper sleeps (a test's engine {@code withTime}). */
final class RunClock extends Clock implements Wait.Sleeper {
    private volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @Override
    public synchronized void sleep(Duration duration) {
        now = now.plus(duration);
    }

    /** How far the run's time moved since it began. */
    Duration elapsed() {
        return Duration.between(Instant.parse("2026-12-07T10:00:00Z"), now);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
