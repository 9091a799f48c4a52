package io.dorisops.internal.journal;

import java.security.SecureRandom;

/**
 * New run ids, {@code <kind>-<yyyyMMdd>-<HHmmss>-<6 random characters>} (e.g. {@code
 * upgrade-20261201-093000-k3x9qd}): the stamp orders them, the random part (30 bits) keeps two runs
 * started the same second on two machines apart, so their markers and journals never pass for one
 * run's. Lower-case letters, digits and {@code -} only: safe as a file name and as a shell word.
 */
public final class RunIds {

    /** Base 32 without the look-alikes 0, 1, l, o. */
    private static final String DIGITS = "abcdefghijkmnpqrstuvwxyz23456789";

    private static final int RANDOM_LENGTH = 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {}

    /** A new run id for an operation of {@code kind} stamped {@code stamp} ({@code yyyyMMdd_HHmmss}). */
    public static String next(String kind, String stamp) {
        StringBuilder id = new StringBuilder(kind)
                .append('-')
                .append(stamp.replace('_', '-'))
                .append('-');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            id.append(DIGITS.charAt(RANDOM.nextInt(DIGITS.length())));
        }
        return id.toString();
    }
}
