package io.dorisops.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the short duration form of topology files and messages: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5S}).
     *
     * @throws IllegalArgumentException with a sentence saying what forms are accepted
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException | ArithmeticException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException(Excerpt.quote(text) + " is not a duration; write a number and a unit such as"
                + " 500ms, 5s, 2m or 1h (or ISO-8601 like PT5S)");
    }

    /** The shortest exact form: {@code 5m}, {@code 90s}, {@code 1500ms}; ISO-8601 for sub-millisecond values. */
    public static String format(Duration duration) {
        long nanos = duration.getNano() % 1_000_000;
        if (nanos != 0 || duration.isNegative()) {
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
