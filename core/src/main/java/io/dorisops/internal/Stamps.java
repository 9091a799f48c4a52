package io.dorisops.internal;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The run stamps that name runs and backups, {@code yyyyMMdd_HHmmss}: made here, never twice in one JVM,
 * and checked wherever one is made or read (an action's constructor, a journal's header).
 */
public final class Stamps {
    private static final Pattern FORM = Pattern.compile("\\d{8}_\\d{6}");

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    /** The last stamp made in this JVM, in epoch seconds: stamps never repeat. */
    private static final AtomicLong LAST_STAMP = new AtomicLong();

    private Stamps() {}

    /**
     * A new run stamp, {@code yyyyMMdd_HHmmss} in UTC: it names the run and its backups. Two runs started
     * in the same second get different stamps (the second one the next second), so a run never takes the
     * staged files or backups of another for its own.
     */
    public static String newStamp() {
        long now = Instant.now().getEpochSecond();
        long stamp = LAST_STAMP.updateAndGet(last -> Math.max(now, last + 1));
        return STAMP.format(Instant.ofEpochSecond(stamp));
    }

    /** @throws IllegalArgumentException when the stamp is not {@code yyyyMMdd_HHmmss} */
    public static String requireValid(String stamp) {
        requireNonNull(stamp, "stamp");
        if (!FORM.matcher(stamp).matches()) {
            throw new IllegalArgumentException("a backup stamp is yyyyMMdd_HHmmss (e.g. 20261201_093000), was \""
                    + (stamp.length() > 40 ? stamp.substring(0, 40) + "…" : stamp) + "\"");
        }
        return stamp;
    }
}
