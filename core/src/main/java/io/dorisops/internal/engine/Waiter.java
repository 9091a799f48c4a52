package io.dorisops.internal.engine;

import io.dorisops.Wait;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The engine's waits on {@link Wait}, at the run's poll interval, telling the run's listener each
 * time the state seen changes (WAITING events), so a stalled run always says what it waits for.
 */
final class Waiter {

    private final Duration interval;
    private final Consumer<String> onNewState;
    private final Clock clock;
    private final Wait.Sleeper sleeper;

    Waiter(Duration interval, Consumer<String> onNewState) {
        this(interval, onNewState, Clock.systemUTC(), Wait.Sleeper.SYSTEM);
    }

    /** A waiter on the given time: tests pass a clock that the sleeper moves, and take no real time. */
    Waiter(Duration interval, Consumer<String> onNewState, Clock clock, Wait.Sleeper sleeper) {
        this.interval = interval;
        this.onNewState = onNewState;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The clock the waits are timed with. */
    Clock clock() {
        return clock;
    }

    <T> T await(
            String subject,
            String condition,
            Supplier<T> poll,
            Predicate<T> done,
            Function<T, String> describe,
            Duration timeout,
            String hint) {
        return await(subject, condition, poll, done, value -> Optional.empty(), describe, timeout, hint);
    }

    /** @param failFast why the wait cannot succeed any more (e.g. the process exited): ends it at once */
    <T> T await(
            String subject,
            String condition,
            Supplier<T> poll,
            Predicate<T> done,
            Function<T, Optional<String>> failFast,
            Function<T, String> describe,
            Duration timeout,
            String hint) {
        String[] last = {""};
        return Wait.until(subject, condition, poll)
                .succeedsWhen(done)
                .failFastWhen(failFast)
                .describedBy(describe)
                .timeout(timeout)
                .pollInterval(interval)
                .clock(clock)
                .sleeper(sleeper)
                .hint(hint)
                .onPoll(seen -> {
                    if (!seen.seen().equals(last[0])) {
                        last[0] = seen.seen();
                        onNewState.accept(subject + " not " + condition + " yet: " + seen.seen());
                    }
                })
                .build()
                .await();
    }
}
