package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.WaitTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The engine's waits: polls a condition at the run's interval until it holds, a fail-fast condition
 * ends it, or the deadline passes; reports each new state to a listener (WAITING events).
 */
final class Waiter {

    private final Duration interval;
    private final Consumer<String> onNewState;

    Waiter(Duration interval, Consumer<String> onNewState) {
        this.interval = interval;
        this.onNewState = onNewState;
    }

    Duration interval() {
        return interval;
    }

    <T> T await(
            String what,
            Supplier<T> poll,
            Predicate<T> done,
            Function<T, String> describe,
            Duration timeout,
            String next) {
        return await(what, poll, done, value -> Optional.empty(), describe, timeout, next);
    }

    /**
     * @param failFast returns why the wait cannot succeed any more (e.g. the process exited), ending it at once
     */
    <T> T await(
            String what,
            Supplier<T> poll,
            Predicate<T> done,
            Function<T, Optional<String>> failFast,
            Function<T, String> describe,
            Duration timeout,
            String next) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = "nothing yet";
        int polls = 0;
        while (true) {
            T value = poll.get();
            polls++;
            if (done.test(value)) {
                return value;
            }
            String state = describe.apply(value);
            if (!state.equals(last)) {
                onNewState.accept(what + ": " + state);
                last = state;
            }
            Optional<String> fatal = failFast.apply(value);
            if (fatal.isPresent()) {
                throw new WaitTimeoutException(
                        DorisOpsException.message(what, "failed: " + fatal.get(), "", "", next),
                        what,
                        last,
                        polls,
                        Duration.ofNanos(System.nanoTime() - start));
            }
            if (System.nanoTime() >= deadline) {
                throw new WaitTimeoutException(
                        DorisOpsException.message(
                                what,
                                "not reached after " + timeout,
                                "",
                                "\"" + last + "\" (" + polls + " polls)",
                                next),
                        what,
                        last,
                        polls,
                        Duration.ofNanos(System.nanoTime() - start));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DorisOpsException("interrupted while waiting for " + what, e);
            }
        }
    }
}
