package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {

    private final FakeTime time = new FakeTime();

    private <T> Wait.Builder<T> waitFor(java.util.function.Supplier<T> poll) {
        return Wait.until("be-2 (10.0.0.12)", "ready", poll).clock(time).sleeper(time);
    }

    @Test
    void returnsTheStateThatSucceeded() {
        AtomicInteger polls = new AtomicInteger();

        String state = waitFor(() -> polls.incrementAndGet() < 3 ? "Service Unavailable" : "OK")
                .succeedsWhen("OK"::equals)
                .pollInterval(Duration.ofSeconds(2))
                .build()
                .await();

        assertThat(state).isEqualTo("OK");
        assertThat(polls).hasValue(3);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void timesOutWithTheHouseMessageShape() {
        WaitTimeoutException e = catchThrowableOfType(
                () -> waitFor(() -> "Service Unavailable")
                        .succeedsWhen("OK"::equals)
                        .expecting("/api/health status OK")
                        .hint("Check be.WARNING on the node or raise readyTimeout.")
                        .timeout(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(7500))
                        .build()
                        .await(),
                WaitTimeoutException.class);

        assertThat(e.getMessage())
                .isEqualTo("be-2 (10.0.0.12): not ready after 5m; expected /api/health status OK, last seen \"Service"
                        + " Unavailable\" (41 polls). Check be.WARNING on the node or raise readyTimeout.");
        assertThat(e.polls()).isEqualTo(41);
        assertThat(e.lastSeen()).isEqualTo("Service Unavailable");
        assertThat(e.awaited()).isEqualTo("be-2 (10.0.0.12) ready");
        assertThat(e.waited()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void neverSleepsPastTheDeadline() {
        assertThatThrownBy(() -> waitFor(() -> false)
                        .timeout(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofSeconds(2))
                        .build()
                        .await())
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining("(4 polls)");

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    void failFastEndsTheWaitAtOnceWithTheReason() {
        AtomicInteger polls = new AtomicInteger();

        WaitTimeoutException e = catchThrowableOfType(
                () -> waitFor(() -> polls.incrementAndGet())
                        .succeedsWhen(n -> false)
                        .failFastWhen(n -> n == 3 ? Optional.of("the process has exited") : Optional.empty())
                        .describedBy(n -> "poll " + n)
                        .expecting("/api/health status OK")
                        .timeout(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofSeconds(2))
                        .build()
                        .await(),
                WaitTimeoutException.class);

        assertThat(e.getMessage())
                .isEqualTo("be-2 (10.0.0.12): stopped waiting for ready after 4s: the process has exited; expected"
                        + " /api/health status OK, last seen \"poll 3\" (3 polls).");
        assertThat(e.waited()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aPollThatThrowsATransientFailureIsAFailedPollAndTheWaitGoesOn() {
        AtomicInteger polls = new AtomicInteger();

        Boolean ready = waitFor(() -> {
                    int poll = polls.incrementAndGet();
                    if (poll == 1) {
                        throw new TransportException("10.0.0.12", "connection refused");
                    }
                    if (poll == 2) {
                        throw new UncheckedIOException(new IOException("connection reset"));
                    }
                    return true;
                })
                .build()
                .await();

        assertThat(ready).isTrue();
        assertThat(polls).hasValue(3);
    }

    @Test
    void aPollThatKeepsThrowingShowsTheLastErrorAtTheDeadline() {
        assertThatThrownBy(() -> waitFor(() -> {
                            throw new TransportException("10.0.0.12", "connection refused");
                        })
                        .timeout(Duration.ofSeconds(1))
                        .build()
                        .await())
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessage("be-2 (10.0.0.12): not ready after 1s; last seen \"connection refused\" (2 polls).");
    }

    @Test
    void aPollThatThrowsABugEndsTheWaitAtOnceWithTheCauseAndTheSubject() {
        AtomicInteger polls = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("wires crossed");

        WaitAbortedException e = catchThrowableOfType(
                () -> waitFor(() -> {
                            if (polls.incrementAndGet() == 3) {
                                throw bug;
                            }
                            return "Service Unavailable";
                        })
                        .succeedsWhen("OK"::equals)
                        .timeout(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofSeconds(2))
                        .build()
                        .await(),
                WaitAbortedException.class);

        assertThat(e)
                .hasMessage("be-2 (10.0.0.12): stopped waiting for ready after 4s at poll 3: the poll threw"
                        + " IllegalStateException: wires crossed; last seen \"Service Unavailable\". Waiting cannot"
                        + " fix this; the cause has the stack trace.")
                .hasCause(bug);
        assertThat(e.awaited()).contains("be-2 (10.0.0.12) ready");
        assertThat(e.source()).isEqualTo("the poll");
        assertThat(e.polls()).isEqualTo(3);
        assertThat(polls).hasValue(3);
    }

    @Test
    void everyUnexpectedExceptionTypeEndsTheWaitAtOnce() {
        List<RuntimeException> bugs = List.of(
                new NullPointerException(),
                new ClassCastException("class A cannot be cast to class B"),
                new IllegalArgumentException("bad"),
                new RuntimeException("user code"));
        for (RuntimeException bug : bugs) {
            AtomicInteger polls = new AtomicInteger();

            assertThatThrownBy(() -> waitFor(() -> {
                                polls.incrementAndGet();
                                throw bug;
                            })
                            .build()
                            .await())
                    .as(bug.toString())
                    .isInstanceOf(WaitAbortedException.class)
                    .hasMessageStartingWith("be-2 (10.0.0.12): stopped waiting for ready after 0s at poll 1: the"
                            + " poll threw " + bug.getClass().getSimpleName())
                    .hasCause(bug);
            assertThat(polls).as(bug.toString()).hasValue(1);
        }
    }

    @Test
    void fatalEndsTheWaitUnderTheCallbacksNameEvenForATransientFailure() {
        TransportException refused = new TransportException("10.0.0.12", "connection refused");

        WaitAbortedException e = catchThrowableOfType(
                () -> waitFor(() -> {
                            try {
                                throw refused;
                            } catch (RuntimeException failure) {
                                throw Wait.fatal("safety check quiet-hours", failure);
                            }
                        })
                        .build()
                        .await(),
                WaitAbortedException.class);

        assertThat(e)
                .hasMessage("be-2 (10.0.0.12): stopped waiting for ready after 0s at poll 1: safety check quiet-hours"
                        + " threw TransportException: connection refused. Waiting cannot fix this; the cause has the"
                        + " stack trace.")
                .hasCause(refused);
        assertThat(e.source()).isEqualTo("safety check quiet-hours");
    }

    @Test
    void fatalOutsideAWaitIsAnExceptionNamingTheSource() {
        NullPointerException bug = new NullPointerException("zone");

        WaitAbortedException e = Wait.fatal("safety check quiet-hours", bug);

        assertThat(e)
                .hasMessage("safety check quiet-hours threw NullPointerException: zone")
                .hasCause(bug);
        assertThat(e.awaited()).isEmpty();
        assertThat(Wait.fatal("other", e)).isSameAs(e);
        assertThat(Wait.isTransient(e)).isFalse();
        assertThat(Wait.isTransient(new WaitTimeoutException("x", "x", "", 1, Duration.ZERO)))
                .isTrue();
    }

    @Test
    void anInnerWaitsAbortPassesThroughTheOuterWaitUnchanged() {
        IllegalStateException bug = new IllegalStateException("wires crossed");
        Wait<Boolean> inner = Wait.<Boolean>until("be-1", "alive", () -> {
                    throw bug;
                })
                .clock(time)
                .sleeper(time)
                .build();

        WaitAbortedException e =
                catchThrowableOfType(() -> waitFor(inner::await).build().await(), WaitAbortedException.class);

        assertThat(e.awaited()).contains("be-1 alive");
        assertThat(e).hasCause(bug);
    }

    @Test
    void anInnerWaitsTimeoutIsATransientFailureOfTheOuterWait() {
        AtomicInteger outer = new AtomicInteger();
        Boolean ready = waitFor(() -> {
                    if (outer.incrementAndGet() == 1) {
                        return Wait.until("be-1", "alive", () -> false)
                                .clock(time)
                                .sleeper(time)
                                .timeout(Duration.ofSeconds(1))
                                .build()
                                .await();
                    }
                    return true;
                })
                .build()
                .await();

        assertThat(ready).isTrue();
        assertThat(outer).hasValue(2);
    }

    @Test
    void aConditionThatThrowsABugEndsTheWaitAtOnce() {
        assertThatThrownBy(() -> waitFor(() -> "OK")
                        .succeedsWhen(state -> {
                            throw new ClassCastException("String cannot be cast to Health");
                        })
                        .build()
                        .await())
                .isInstanceOf(WaitAbortedException.class)
                .hasMessageContaining(
                        "at poll 1: the condition threw ClassCastException: String cannot be cast to" + " Health");
    }

    @Test
    void onPollHearsEveryPollThatDidNotEndTheWait() {
        List<Wait.Poll> heard = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();

        waitFor(() -> polls.incrementAndGet() >= 3)
                .describedBy(ok -> ok ? "up" : "down")
                .pollInterval(Duration.ofSeconds(2))
                .timeout(Duration.ofSeconds(30))
                .onPoll(heard::add)
                .build()
                .await();

        assertThat(heard)
                .containsExactly(
                        new Wait.Poll("be-2 (10.0.0.12) ready", 1, Duration.ZERO, Duration.ofSeconds(30), "down"),
                        new Wait.Poll(
                                "be-2 (10.0.0.12) ready", 2, Duration.ofSeconds(2), Duration.ofSeconds(28), "down"));
    }

    @Test
    void aThrowingOnPollHookDoesNotStopTheWait() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(waitFor(() -> polls.incrementAndGet() >= 2)
                        .onPoll(poll -> {
                            throw new IllegalStateException("listener bug");
                        })
                        .build()
                        .await())
                .isTrue();
    }

    @Test
    void anInterruptRestoresTheFlagAndThrows() {
        try {
            assertThatThrownBy(() -> Wait.until("be-2 (10.0.0.12)", "ready", () -> false)
                            .clock(time)
                            .sleeper(duration -> {
                                throw new InterruptedException();
                            })
                            .build()
                            .await())
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessage("be-2 (10.0.0.12): interrupted while waiting for ready (1 polls, last seen \"false\")")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theBuilderRejectsNonPositiveDurations() {
        Wait.Builder<Boolean> builder = Wait.until("x", "ready", () -> true);

        assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, was PT0S");
        assertThatThrownBy(() -> builder.pollInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pollInterval must be positive, was PT-1S");
    }

    @Test
    void realTimeWaitsWorkWithTheSystemClock() {
        long start = System.nanoTime();

        assertThat(Wait.until("x", "ready", () -> System.nanoTime() - start > 30_000_000L)
                        .pollInterval(Duration.ofMillis(10))
                        .timeout(Duration.ofSeconds(10))
                        .build()
                        .await())
                .isTrue();
    }
}
