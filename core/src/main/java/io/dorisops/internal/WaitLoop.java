package io.dorisops.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Wait;
import io.dorisops.WaitAbortedException;
import io.dorisops.WaitTimeoutException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of one {@link Wait} and its polling loop, on resilience4j {@link Retry} (retry on
 * result):
 *
 * <ol>
 *   <li>Poll; describe the state, test success, and when not yet, ask the fail-fast condition.
 *   <li>Success returns the state; a fail-fast reason throws {@link WaitTimeoutException} at once.
 *   <li>A {@linkplain Wait#isTransient transient} failure of the poll or a condition is a "not yet"
 *       whose state is its message; any other failure throws {@link WaitAbortedException} at once.
 *   <li>Past the deadline, throw {@link WaitTimeoutException} with the last state seen.
 *   <li>Else tell {@code onPoll}, sleep the poll interval (never past the deadline) and poll again.
 * </ol>
 *
 * <p>Time comes from the clock and sleeper given, so tests do not sleep. Not API: {@link Wait} is.
 *
 * @param <T> the polled state
 */
public record WaitLoop<T>(
        String subject,
        String condition,
        Supplier<T> poll,
        Predicate<T> success,
        Function<T, Optional<String>> failFast,
        Function<T, String> describer,
        String expected,
        String hint,
        Duration timeout,
        Duration pollInterval,
        Consumer<Wait.Poll> onPoll,
        Clock clock,
        Wait.Sleeper sleeper) {

    // The public class's logger: its lines keep the category users configure.
    private static final Logger log = LoggerFactory.getLogger(Wait.class);

    /** {@code be-2 (10.0.0.12) ready}: what this wait is for. */
    public String awaited() {
        return subject + " " + condition;
    }

    /** Runs the loop; see {@link Wait#await()}. */
    public T await() {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Attempt<T> last = new Attempt<>();
        RetryConfig config = RetryConfig.<Outcome>custom()
                .maxAttempts(Integer.MAX_VALUE)
                .retryOnResult(outcome -> outcome == Outcome.PENDING)
                .retryOnException(e -> false)
                // The pause between polls is ours (injectable clock and sleeper), so Retry's own is zero.
                .intervalFunction(attempt -> 0L)
                .consumeResultBeforeRetryAttempt((attempt, outcome) -> pause(last, start, deadline))
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of("dorisops-wait", config);
        Outcome outcome = retry.executeSupplier(() -> attempt(last, start, deadline));
        if (outcome == Outcome.SUCCEEDED) {
            return last.state;
        }
        Duration waited = Duration.between(start, clock.instant());
        String seen = "\"" + last.seen + "\" (" + last.number + (last.number == 1 ? " poll)" : " polls)");
        String what = outcome == Outcome.FAILED_FAST
                ? "stopped waiting for " + condition + " after " + Durations.format(truncate(waited)) + ": "
                        + last.reason
                : "not " + condition + " after " + Durations.format(timeout);
        throw new WaitTimeoutException(
                DorisOpsException.message(subject, what, expected, seen, hint),
                awaited(),
                last.seen,
                last.number,
                waited);
    }

    /** {@code Class: message}, or the class alone when there is no message. */
    public static String describe(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private Outcome attempt(Attempt<T> last, Instant start, Instant deadline) {
        last.number++;
        T state;
        try {
            state = poll.get();
        } catch (RuntimeException e) {
            return failedPoll(last, start, deadline, "the poll", e);
        }
        String seen;
        boolean succeeded;
        Optional<String> reason;
        try {
            seen = describer.apply(state);
            succeeded = success.test(state);
            reason = succeeded ? Optional.empty() : failFast.apply(state);
        } catch (RuntimeException e) {
            return failedPoll(last, start, deadline, "the condition", e);
        }
        last.state = state;
        last.seen = seen;
        if (succeeded) {
            return Outcome.SUCCEEDED;
        }
        if (reason.isPresent()) {
            last.reason = reason.get();
            return Outcome.FAILED_FAST;
        }
        log.debug("{}: poll {} saw {}", awaited(), last.number, last.seen);
        return clock.instant().isBefore(deadline) ? Outcome.PENDING : Outcome.TIMED_OUT;
    }

    /** A transient failure is a "not yet"; anything else ends the wait with a {@link WaitAbortedException}. */
    private Outcome failedPoll(Attempt<T> last, Instant start, Instant deadline, String source, RuntimeException e) {
        if (Wait.isTransient(e)) {
            last.state = null;
            last.seen = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.debug("{}: poll {} failed: {}", awaited(), last.number, last.seen);
            return clock.instant().isBefore(deadline) ? Outcome.PENDING : Outcome.TIMED_OUT;
        }
        if (e instanceof WaitAbortedException aborted && aborted.awaited().isPresent()) {
            throw aborted;
        }
        String thrower = source;
        Throwable cause = e;
        if (e instanceof WaitAbortedException marked) {
            thrower = marked.source();
            cause = marked.getCause();
        }
        Duration waited = truncate(Duration.between(start, clock.instant()));
        String seen = last.number > 1 ? "\"" + last.seen + "\"" : "";
        throw new WaitAbortedException(
                DorisOpsException.message(
                        subject,
                        "stopped waiting for " + condition + " after " + Durations.format(waited) + " at poll "
                                + last.number + ": " + thrower + " threw " + describe(cause),
                        "",
                        seen,
                        "Waiting cannot fix this; the cause has the stack trace."),
                awaited(),
                thrower,
                last.number,
                cause);
    }

    private void pause(Attempt<T> last, Instant start, Instant deadline) {
        Instant now = clock.instant();
        Duration remaining = Duration.between(now, deadline);
        try {
            onPoll.accept(new Wait.Poll(awaited(), last.number, Duration.between(start, now), remaining, last.seen));
        } catch (RuntimeException e) {
            log.warn("{}: onPoll hook failed; carrying on", awaited(), e);
        }
        Duration sleep = pollInterval.compareTo(remaining) < 0 ? pollInterval : remaining;
        try {
            if (!sleep.isNegative() && !sleep.isZero()) {
                sleeper.sleep(sleep);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DorisOpsException(
                    subject + ": interrupted while waiting for " + condition + " (" + last.number
                            + " polls, last seen \"" + last.seen + "\")",
                    e);
        }
    }

    private static Duration truncate(Duration duration) {
        return duration.compareTo(Duration.ofSeconds(1)) >= 0
                ? Duration.ofSeconds(duration.getSeconds())
                : Duration.ofMillis(duration.toMillis());
    }

    private enum Outcome {
        PENDING,
        SUCCEEDED,
        FAILED_FAST,
        TIMED_OUT
    }

    /** The mutable record of the latest poll; confined to the waiting thread. */
    private static final class Attempt<T> {
        int number;
        T state;
        String seen = "";
        String reason = "";
    }
}
