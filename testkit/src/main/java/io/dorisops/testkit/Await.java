package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Wait;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits in a test until a condition holds, with a deadline and without {@code Thread.sleep}: the one
 * await of dorisops' own tests, and of yours. It is {@link Wait} with a short poll interval ({@value
 * #POLL_MILLIS} ms) whose failures are {@link AssertionError}s, so a test fails with what it waited for
 * and the last state seen:
 *
 * <pre>{@code
 * Await.until(Duration.ofSeconds(30), "fe-2 elected master", () -> sandbox.pid("fe-1").isEmpty());
 * Backend be3 = Await.until(Duration.ofSeconds(30), "be-3 dead in the master's view",
 *         () -> admin.backend(be3Node).orElseThrow(), backend -> !backend.alive());
 * // AssertionError: be-3 dead in the master's view: not reached after 30s; last seen "Backend[... alive=true ...]" (1500 polls).
 * }</pre>
 *
 * <p>As in {@link Wait}, a condition that throws a transient failure (a {@link DorisOpsException} or an
 * {@link java.io.UncheckedIOException}) is "not yet"; any other exception fails the await at once, with
 * the exception as the cause. Call from the test's thread; an interrupt fails the await and keeps the
 * thread's flag.
 */
public final class Await {

    /** The pause between polls, in milliseconds. */
    public static final long POLL_MILLIS = 20;

    private Await() {}

    /**
     * Polls {@code condition} until it is true.
     *
     * @param timeout how long to wait at most; must be positive
     * @param what what is awaited, for the failure message: {@code "fe-2 elected master"}
     * @throws AssertionError at the deadline, or at once when the condition throws a non-transient exception
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        requireNonNull(condition, "condition");
        until(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Polls {@code poll} until {@code done} accepts what it returned, and returns that.
     *
     * @param timeout how long to wait at most; must be positive
     * @param what what is awaited, for the failure message
     * @throws AssertionError at the deadline, or at once when the poll throws a non-transient exception
     */
    public static <T> T until(Duration timeout, String what, Supplier<T> poll, Predicate<T> done) {
        requireNonNull(timeout, "timeout");
        requireNonNull(what, "what");
        try {
            return Wait.until(what, "reached", poll)
                    .succeedsWhen(done)
                    .timeout(timeout)
                    .pollInterval(Duration.ofMillis(POLL_MILLIS))
                    .build()
                    .await();
        } catch (DorisOpsException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
