package io.dorisops.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the short duration form of topology files and messages ({@code 500ms}, {@code 5s},
 * {@code 2m}, {@code 1h}), and bounds every duration dorisops takes: a topology timeout, a CLI flag or
 * an API option is longer than zero (or at least zero for a grace) and at most {@link #MAX}, 30 days,
 * checked where it enters, before anything runs. So {@code toNanos()}, {@code System.nanoTime() +
 * timeout} and {@code Instant.plus} cannot overflow, and {@link #intMillis} serves the APIs that take
 * an {@code int} of milliseconds.
 */
public final class Durations {

    /** The longest duration dorisops takes anywhere: 30 days. */
    public static final Duration MAX = Duration.ofDays(30);

    private static final String TOO_LONG =
            "longer than 30 days, the longest duration dorisops takes; give at most 30d (PT720H)";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5S}),
     * at most {@link #MAX}.
     *
     * @throws IllegalArgumentException with a sentence saying what forms are accepted, or that the
     *     duration is longer than {@link #MAX}
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return bounded(
                    text,
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            Duration parsed = null;
            try {
                parsed = Duration.parse(trimmed);
            } catch (DateTimeParseException | ArithmeticException e) {
                // fall through to the common message
            }
            if (parsed != null) {
                return bounded(text, parsed);
            }
        }
        throw new IllegalArgumentException(Excerpt.quote(text) + " is not a duration; write a number and a unit such as"
                + " 500ms, 5s, 2m or 1h (or ISO-8601 like PT5S)");
    }

    /**
     * {@code value} when it is longer than zero and at most {@link #MAX}.
     *
     * @throws IllegalArgumentException naming {@code field}, what it was and what to give
     */
    public static Duration positive(String field, Duration value) {
        requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return atMost(field, value);
    }

    /**
     * {@code value} when it is zero or more and at most {@link #MAX} (a grace time may be zero).
     *
     * @throws IllegalArgumentException naming {@code field}, what it was and what to give
     */
    public static Duration nonNegative(String field, Duration value) {
        requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return atMost(field, value);
    }

    /** Milliseconds as an {@code int} for the APIs that take one, at least 1, at most {@code Integer.MAX_VALUE}. */
    public static int intMillis(Duration duration) {
        return (int) Math.max(
                1, Math.min(Integer.MAX_VALUE, duration.compareTo(MAX) > 0 ? Long.MAX_VALUE : duration.toMillis()));
    }

    private static Duration atMost(String field, Duration value) {
        if (value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(field + " is " + format(value) + ", " + TOO_LONG);
        }
        return value;
    }

    private static Duration bounded(String text, Duration value) {
        if (value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(Excerpt.quote(text) + " is " + TOO_LONG);
        }
        return value;
    }

    /** The shortest exact form: {@code 5m}, {@code 90s}, {@code 1500ms}; ISO-8601 for sub-millisecond values or beyond {@link #MAX}. */
    public static String format(Duration duration) {
        long nanos = duration.getNano() % 1_000_000;
        if (nanos != 0 || duration.isNegative() || duration.compareTo(MAX) > 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
