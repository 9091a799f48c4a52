package io.dorisops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.spi.Command;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every duration the public API takes is refused, naming the option, when it is longer than 30 days
 * ({@code Long.MAX_VALUE} milliseconds, {@code PT2562047788015215H}), before anything runs: no later
 * {@code toNanos()} or deadline sum can overflow.
 */
class DurationLimitsTest {

    private static final Duration MAX_MILLIS = Duration.ofMillis(Long.MAX_VALUE);
    private static final Duration HUGE = Duration.parse("PT2562047788015215H");
    private static final Duration DAY_31 = Duration.ofDays(31);

    private static Arguments entry(String field, Consumer<Duration> set) {
        return Arguments.of(field, set);
    }

    static Stream<Arguments> entryPoints() {
        Duration ok = Duration.ofSeconds(5);
        return Stream.of(
                entry("readyTimeout", d -> RunOptions.builder().readyTimeout(d)),
                entry("pollInterval", d -> RunOptions.builder().pollInterval(d)),
                entry("timeout", d -> FrontendCheckOptions.builder().timeout(d).build()),
                entry("soak", Canary::on),
                entry("soak", d -> Canary.auto().soak(d)),
                entry("timeout", d -> Command.of("true").withTimeout(d)),
                entry("timeout", d -> Wait.until("be-1", "ready", () -> 1).timeout(d)),
                entry("pollInterval", d -> Wait.until("be-1", "ready", () -> 1).pollInterval(d)),
                entry("timeout", HttpHealthProbe::withTimeout),
                entry("killGrace", d -> LocalTransport.builder().killGrace(d)),
                entry("drainGrace", d -> LocalTransport.builder().drainGrace(d)),
                entry("timeouts.ready", d -> new Topology.Timeouts(d, ok, ok, ok)),
                entry("timeouts.poll", d -> new Topology.Timeouts(ok, d, ok, ok)),
                entry("timeouts.command", d -> new Topology.Timeouts(ok, ok, d, ok)),
                entry("timeouts.probe", d -> new Topology.Timeouts(ok, ok, ok, d)),
                entry("sql.connectTimeout", d -> new Topology.Sql("root", Secret.NONE, d, ok, false)),
                entry("sql.socketTimeout", d -> new Topology.Sql("root", Secret.NONE, ok, d, false)),
                entry("stuckAfter", d -> Procedure.scaleIn(List.of(), d)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void aDurationOverThirtyDaysIsRefusedNamingTheOption(String field, Consumer<Duration> set) {
        for (Duration huge : List.of(MAX_MILLIS, HUGE, DAY_31)) {
            ThrowingCallable call = () -> set.accept(huge);
            assertThatThrownBy(call)
                    .as("%s = %s", field, huge)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(field + " is ")
                    .hasMessageContaining("longer than 30 days, the longest duration dorisops takes; give at most 30d");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void aZeroOrNegativeDurationIsRefusedNamingTheOption(String field, Consumer<Duration> set) {
        ThrowingCallable call = () -> set.accept(Duration.ofSeconds(-1));
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field + " must");
    }

    @org.junit.jupiter.api.Test
    void parseDurationRefusesAHugeValue() {
        assertThatThrownBy(() -> Topology.Timeouts.parseDuration("PT2562047788015215H"))
                .hasMessage("\"PT2562047788015215H\" is longer than 30 days, the longest duration dorisops takes;"
                        + " give at most 30d (PT720H)");
    }
}
