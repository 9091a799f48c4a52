package io.dorisops.internal;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The run stamps that name backups, {@code yyyyMMdd_HHmmss}: checked wherever one is made or read (an
 * action's constructor, a journal's header).
 */
public final class Stamps {
    private static final Pattern FORM = Pattern.compile("\\d{8}_\\d{6}");

    private Stamps() {}

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
