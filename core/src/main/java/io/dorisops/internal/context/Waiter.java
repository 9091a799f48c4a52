package io.dorisops.internal.context;

import io.dorisops.Wait;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The engine's waits on {@link Wait}, at the run's poll interval and on the run's clock and sleeper
 * ({@link Engine#waiter}), telling the run's listener each time the state seen changes (WAITING
 * events), so a stalled run always says what it waits for. Loops with their own messages and failures
 * (a drain, an election, a soak) poll through {@link #loop}.
 */
public final class Waiter {

    private final Duration interval;
    private final Clock clock;
    private final Wait.Sleeper sleeper;
    private final Consumer<String> onNewState;

    public Waiter(Duration interval, Clock clock, Wait.Sleeper sleeper, Consumer<String> onNewState) {
        this.interval = interval;
        this.clock = clock;
        this.sleeper = sleeper;
        this.onNewState = onNewState;
    }

    /** The clock the waits measure with. */
    public Clock clock() {
        return clock;
    }

    /**
     * Polls {@code step} until it returns a value, which is returned; its messages are its own (it emits
     * them), and what it throws ends the wait and is rethrown as it is (a poll of {@link Wait} would take
     * a {@code DorisOpsException} for "not yet").
     *
     * @param timeout the deadline, a {@link io.dorisops.WaitTimeoutException} past it
     */
    public <T> T loop(String subject, String condition, Duration timeout, Supplier<Optional<T>> step) {
        RuntimeException[] failure = {null};
        Optional<T> result = Wait.until(subject, condition, () -> {
                    try {
                        return step.get();
                    } catch (RuntimeException e) {
                        failure[0] = e;
                        return Optional.<T>empty();
                    }
                })
                .succeedsWhen(value -> value.isPresent() || failure[0] != null)
                .describedBy(value -> value.isPresent() ? "done" : "not yet")
                .timeout(timeout)
                .pollInterval(interval)
                .clock(clock)
                .sleeper(sleeper)
                .build()
                .await();
        if (failure[0] != null) {
            throw failure[0];
        }
        return result.orElseThrow();
    }

    public <T> T await(
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
    public <T> T await(
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
