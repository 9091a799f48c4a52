package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import io.dorisops.internal.WaitLoop;
import io.github.resilience4j.retry.Retry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until a condition holds, a fail-fast condition gives a reason to stop, or a deadline
 * passes. Every wait names what it waits for, and its timeout message says what was expected and
 * the last state seen:
 *
 * <pre>{@code
 * Health ready = Wait.until(node.label(), "ready", () -> probe.probe(node))
 *         .succeedsWhen(Health::ready)
 *         .expecting("/api/health status OK")
 *         .describedBy(Health::evidence)
 *         .failFastWhen(health -> processGone() ? Optional.of("the process has exited") : Optional.empty())
 *         .timeout(Duration.ofMinutes(5))
 *         .pollInterval(Duration.ofSeconds(2))
 *         .hint("Check be.WARNING on the node or raise readyTimeout.")
 *         .onPoll(poll -> listener.waiting(...))
 *         .build()
 *         .await();
 * // be-2 (10.0.0.12): not ready after 5m; expected /api/health status OK, last seen "Service Unavailable" (41 polls).
 * // Check be.WARNING on the node or raise readyTimeout.
 * }</pre>
 *
 * <p>A user's callback polled inside a wait, whose exceptions must end the wait at once under its name:
 *
 * <pre>{@code
 * () -> {
 *     try {
 *         return check.evaluate(admin, node);
 *     } catch (RuntimeException e) {
 *         throw Wait.fatal("safety check " + check.name(), e);
 *     }
 * }
 * // fe-2 (10.0.0.12): stopped waiting for cleared by the safety checks after 0s at poll 1: safety check
 * // quiet-hours threw NullPointerException: zone. Waiting cannot fix this; the cause has the stack trace.
 * }</pre>
 *
 * <p>Algorithm: poll; if the state succeeds, return it; if the fail-fast condition gives a reason,
 * throw at once; if the deadline has passed, throw; else tell {@code onPoll}, sleep the poll interval
 * (never past the deadline) and poll again. The loop runs on resilience4j {@link Retry} (retry on
 * result); time comes from an injectable {@link Clock} and {@link Sleeper}, so tests do not sleep.
 * The loop itself is {@code io.dorisops.internal.WaitLoop}.
 *
 * <p>Failures inside a poll are told apart, so that a bug never hides as "not ready yet" until the
 * deadline:
 *
 * <ul>
 *   <li>An expected transient failure, one {@link #isTransient} accepts — a {@link DorisOpsException}
 *       (such as a {@link TransportException}, or the {@link WaitTimeoutException} of an inner wait) or a
 *       {@link java.io.UncheckedIOException} — counts as a failed poll whose state is the exception's
 *       message: "not yet", and the wait goes on.
 *   <li>Any other {@link RuntimeException} (a {@link NullPointerException}, {@link IllegalStateException}
 *       or {@link ClassCastException} from a bug, an exception from a user's code), and a {@link
 *       WaitAbortedException}, ends the wait at once: {@link #await()} throws a {@link
 *       WaitAbortedException} whose cause is the original exception and whose message names the subject,
 *       the condition and what threw ({@code the poll}, or the name given to {@link #fatal}). A {@code
 *       WaitAbortedException} thrown by an inner wait passes through unchanged.
 *   <li>To make a callback's every failure, transient or not, end the wait under the callback's own
 *       name, catch it in the poll and throw {@link #fatal(String, RuntimeException) Wait.fatal(name, e)}.
 *   <li>The same rules apply to exceptions from {@code succeedsWhen}, {@code failFastWhen} and {@code
 *       describedBy}. An {@link Error} propagates unchanged.
 * </ul>
 *
 * <p>An interrupt restores the thread's flag and throws {@link DorisOpsException}.
 *
 * @param <T> the polled state
 */
public final class Wait<T> {

    /** Sleeps between polls; {@link #SYSTEM} uses {@link Thread#sleep}. */
    @FunctionalInterface
    public interface Sleeper {
        /** The sleeper of real waits. */
        Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.getNano() % 1_000_000);

        /** Sleeps for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * One poll that did not end the wait, told to {@link Builder#onPoll}.
     *
     * @param awaited what is awaited, e.g. {@code be-2 (10.0.0.12) ready}
     * @param number 1 for the first poll
     * @param elapsed time since the wait began
     * @param remaining time left until the deadline
     * @param seen the polled state described
     */
    public record Poll(String awaited, int number, Duration elapsed, Duration remaining, String seen) {}

    private final WaitLoop<T> loop;

    private Wait(Builder<T> builder) {
        this.loop = new WaitLoop<>(
                builder.subject,
                builder.condition,
                builder.poll,
                builder.success,
                builder.failFast,
                builder.describer,
                builder.expected,
                builder.hint,
                builder.timeout,
                builder.pollInterval,
                builder.onPoll,
                builder.clock,
                builder.sleeper);
    }

    /**
     * Starts a wait.
     *
     * @param subject who is waited on, e.g. {@code be-2 (10.0.0.12)}; messages start with it
     * @param condition what should become true, e.g. {@code ready}; the timeout says "not ready after 5m"
     * @param poll reads the current state
     */
    public static <T> Builder<T> until(String subject, String condition, Supplier<T> poll) {
        return new Builder<>(subject, condition, poll);
    }

    /**
     * Whether a failure is an expected transient one that a poll may report as "not yet": a {@link
     * DorisOpsException} other than {@link WaitAbortedException}, or a {@link java.io.UncheckedIOException}.
     */
    public static boolean isTransient(Throwable failure) {
        requireNonNull(failure, "failure");
        return (failure instanceof DorisOpsException && !(failure instanceof WaitAbortedException))
                || failure instanceof UncheckedIOException;
    }

    /**
     * Marks a callback's exception as fatal: thrown from a poll, the returned exception ends the wait at
     * once, even when {@code failure} is transient, and the wait's {@link WaitAbortedException} names
     * {@code source} and has {@code failure} as its cause. Outside a wait it is an ordinary {@link
     * DorisOpsException} whose message names {@code source}.
     *
     * @param source what failed, e.g. {@code safety check quiet-hours}
     * @param failure the callback's exception; a {@link WaitAbortedException} is returned as it is
     */
    public static WaitAbortedException fatal(String source, RuntimeException failure) {
        requireNonNull(source, "source");
        requireNonNull(failure, "failure");
        if (failure instanceof WaitAbortedException aborted) {
            return aborted;
        }
        return new WaitAbortedException(source + " threw " + WaitLoop.describe(failure), "", source, 0, failure);
    }

    /** {@code be-2 (10.0.0.12) ready}: what this wait is for. */
    public String awaited() {
        return loop.awaited();
    }

    /**
     * Polls until success.
     *
     * @return the state that succeeded
     * @throws WaitTimeoutException at the deadline, or at once when the fail-fast condition gives a reason
     * @throws WaitAbortedException at once when a poll throws a failure that is not {@linkplain #isTransient
     *     transient}; its cause is the poll's exception
     * @throws DorisOpsException when the thread is interrupted (its flag is set again)
     */
    public T await() {
        return loop.await();
    }

    /**
     * Configures a {@link Wait}. Defaults: success when the state is {@code Boolean.TRUE}, timeout 5
     * min, poll interval 2 s, no fail-fast condition, states described by {@code String.valueOf}, the
     * system clock and sleeper.
     */
    public static final class Builder<T> {
        private final String subject;
        private final String condition;
        private final Supplier<T> poll;
        private Predicate<T> success = Boolean.TRUE::equals;
        private Function<T, Optional<String>> failFast = state -> Optional.empty();
        private Function<T, String> describer = String::valueOf;
        private String expected = "";
        private String hint = "";
        private Duration timeout = Duration.ofMinutes(5);
        private Duration pollInterval = Duration.ofSeconds(2);
        private Consumer<Poll> onPoll = poll -> {};
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder(String subject, String condition, Supplier<T> poll) {
            this.subject = requireNonNull(subject, "subject");
            this.condition = requireNonNull(condition, "condition");
            this.poll = requireNonNull(poll, "poll");
        }

        /** When the polled state is the awaited one. */
        public Builder<T> succeedsWhen(Predicate<T> success) {
            this.success = requireNonNull(success, "success");
            return this;
        }

        /**
         * A reason to stop before the deadline, e.g. "the process has exited": when it returns one, the
         * wait ends at once with a {@link WaitTimeoutException} that gives the reason.
         */
        public Builder<T> failFastWhen(Function<T, Optional<String>> failFast) {
            this.failFast = requireNonNull(failFast, "failFast");
            return this;
        }

        /** How a state is shown in messages and to {@code onPoll}. */
        public Builder<T> describedBy(Function<T, String> describer) {
            this.describer = requireNonNull(describer, "describer");
            return this;
        }

        /** What success looks like, for the message: {@code /api/health status OK}. */
        public Builder<T> expecting(String expected) {
            this.expected = requireNonNull(expected, "expected");
            return this;
        }

        /** The next step the message suggests: {@code Check be.WARNING on the node or raise readyTimeout.} */
        public Builder<T> hint(String hint) {
            this.hint = requireNonNull(hint, "hint").strip();
            return this;
        }

        /** The deadline, from the first poll. Must be positive. */
        public Builder<T> timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** The pause between polls. Must be positive. */
        public Builder<T> pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /** Told of every poll that did not end the wait; must be fast and must not throw. */
        public Builder<T> onPoll(Consumer<Poll> onPoll) {
            this.onPoll = requireNonNull(onPoll, "onPoll");
            return this;
        }

        /** The clock deadlines are measured with. */
        public Builder<T> clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** What pauses between polls. */
        public Builder<T> sleeper(Sleeper sleeper) {
            this.sleeper = requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The configured wait; {@link Wait#await()} runs it, and may be called again. */
        public Wait<T> build() {
            return new Wait<>(this);
        }

        private static Duration positive(Duration value, String name) {
            return Durations.positive(name, value);
        }
    }
}
