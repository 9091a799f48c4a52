package io.dorisops.internal.engine;

import io.dorisops.Wait;
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

    Waiter(Duration interval, Consumer<String> onNewState) {
        this.interval = interval;
        this.onNewState = onNewState;
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
