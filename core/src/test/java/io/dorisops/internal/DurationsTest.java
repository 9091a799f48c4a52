package io.dorisops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesTheShortFormsAndIso8601() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesAnythingElseSayingWhatIsAccepted() {
        assertThatThrownBy(() -> Durations.parse("5"))
                .hasMessage("\"5\" is not a duration; write a number and a unit such as 500ms, 5s, 2m or 1h (or"
                        + " ISO-8601 like PT5S)");
        assertThatThrownBy(() -> Durations.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("P")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsTheShortestExactForm() {
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    }

    @Test
    void aDurationLongerThanThirtyDaysIsRefusedWhenRead() {
        assertThat(Durations.parse("30d")).isEqualTo(Durations.MAX);
        assertThat(Durations.parse("PT720H")).isEqualTo(Durations.MAX);
        assertThatThrownBy(() -> Durations.parse("PT2562047788015215H"))
                .hasMessage("\"PT2562047788015215H\" is longer than 30 days, the longest duration dorisops takes;"
                        + " give at most 30d (PT720H)");
        assertThatThrownBy(() -> Durations.parse("999999999d")).hasMessageContaining("longer than 30 days");
        assertThatThrownBy(() -> Durations.parse("31d")).hasMessageContaining("longer than 30 days");
    }

    @Test
    void aHugeOrNegativeValueGivenInCodeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Durations.positive("readyTimeout", Duration.ofMillis(Long.MAX_VALUE)))
                .hasMessage("readyTimeout is PT2562047788015H12M55.807S, longer than 30 days, the longest duration"
                        + " dorisops takes; give at most 30d (PT720H)");
        assertThatThrownBy(() -> Durations.positive("soak", Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
                .hasMessageStartingWith("soak is PT2562047788015215H30M7.999999999S, longer than 30 days");
        assertThatThrownBy(() -> Durations.positive("poll", Duration.ZERO))
                .hasMessage("poll must be positive, was PT0S");
        assertThatThrownBy(() -> Durations.nonNegative("killGrace", Duration.ofSeconds(-1)))
                .hasMessage("killGrace must not be negative, was PT-1S");
        assertThat(Durations.nonNegative("killGrace", Duration.ZERO)).isZero();
        assertThat(Durations.positive("x", Durations.MAX)).isEqualTo(Durations.MAX);
    }

    @Test
    void formattingAndIntMillisNeverOverflow() {
        assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo("PT2562047788015215H30M7S");
        assertThat(Durations.intMillis(Durations.MAX)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Durations.intMillis(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        assertThat(Durations.intMillis(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(Durations.intMillis(Duration.ofSeconds(5))).isEqualTo(5000);
    }
}
