package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Doris or StarRocks release version, parsed from the strings the real systems print: {@code
 * doris-2.0.2-rc05-ae923f7}, {@code doris-2.1.8}, {@code 3.3.5-7ef2b4a}, {@code 2.5.22}, {@code
 * 3.1.11-ee}, {@code 2.0.2.1}, {@code Doris version doris-3.0.3-rc03-43f06a5e26 (Cloud Mode)}.
 *
 * <p>Ordering compares the numbers, then a release candidate before the release. The commit hash
 * and edition suffix do not take part: two builds of one release are {@linkplain #sameRelease the
 * same release}.
 *
 * @param major first number
 * @param minor second number; {@code major.minor} is the series upgrades must not skip
 * @param patch third number
 * @param hotfix fourth number of urgent-fix releases such as {@code 2.0.2.1}; 0 when absent
 * @param qualifier {@code rc05}, {@code trunk}, {@code ee}...; empty when absent
 * @param commit the short commit hash; empty when absent
 * @param raw the string as read
 */
public record Version(int major, int minor, int patch, int hotfix, String qualifier, String commit, String raw)
        implements Comparable<Version> {

    private static final Pattern PATTERN = Pattern.compile(
            "(?:^|[^0-9A-Za-z.])(?:(?:doris|starrocks|selectdb)-)?v?(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?"
                    + "((?:-(?:rc\\d+|trunk|ee|ce|release|SNAPSHOT|snapshot))*)(?:-([0-9a-f]{7,40}))?(?![0-9A-Za-z.])",
            Pattern.CASE_INSENSITIVE);

    private static final Comparator<Version> ORDER = Comparator.comparingInt(Version::major)
            .thenComparingInt(Version::minor)
            .thenComparingInt(Version::patch)
            .thenComparingInt(Version::hotfix)
            .thenComparingInt(Version::candidateRank);

    public Version {
        requireNonNull(qualifier, "qualifier");
        requireNonNull(commit, "commit");
        requireNonNull(raw, "raw");
        if (major < 0 || minor < 0 || patch < 0 || hotfix < 0) {
            throw new IllegalArgumentException("version numbers must not be negative: " + raw);
        }
    }

    /**
     * Parses a version string as printed by {@code SHOW FRONTENDS}, {@code /api/bootstrap}, {@code
     * select @@version_comment} or a release package name.
     *
     * @throws IllegalArgumentException naming the string when it holds no version
     */
    public static Version parse(String text) {
        requireNonNull(text, "text");
        Matcher m = PATTERN.matcher(text.trim());
        if (!m.find()) {
            throw new IllegalArgumentException("cannot read a version from \"" + text
                    + "\"; expected a form like doris-2.1.8, doris-2.0.2-rc05-ae923f7, 3.3.5-7ef2b4a or 2.5.22");
        }
        String qualifiers = m.group(5) == null ? "" : m.group(5);
        return new Version(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                qualifiers.isEmpty() ? "" : qualifiers.substring(1),
                m.group(6) == null ? "" : m.group(6).toLowerCase(java.util.Locale.ROOT),
                text.trim());
    }

    /** A plain version {@code major.minor.patch}. */
    public static Version of(int major, int minor, int patch) {
        return new Version(major, minor, patch, 0, "", "", major + "." + minor + "." + patch);
    }

    /** {@code 2.1}: the minor series. */
    public String series() {
        return major + "." + minor;
    }

    /** {@code 2.1.8} or {@code 2.0.2.1}: the numbers only. */
    public String number() {
        return major + "." + minor + "." + patch + (hotfix > 0 ? "." + hotfix : "");
    }

    /** True when both name one release: equal numbers, whatever the build hash or edition. */
    public boolean sameRelease(Version other) {
        return major == other.major && minor == other.minor && patch == other.patch && hotfix == other.hotfix;
    }

    /** True when both are in one minor series ({@code 2.1.x}). */
    public boolean sameSeries(Version other) {
        return major == other.major && minor == other.minor;
    }

    @Override
    public int compareTo(Version other) {
        return ORDER.compare(this, other);
    }

    private int candidateRank() {
        return qualifier.toLowerCase(java.util.Locale.ROOT).contains("rc") ? 0 : 1;
    }

    /** The string as read. */
    @Override
    public String toString() {
        return raw;
    }
}
