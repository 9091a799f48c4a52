package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The upgrade-path rules of one flavor, from the official upgrade docs, as one queryable rule set.
 *
 * <ul>
 *   <li>{@code no-minor-skip}: upgrade one minor series at a time (Doris 2.0 → 2.1 → 3.0; StarRocks
 *       docs strongly recommend 3.1 → 3.2 → 3.3); patch releases within a series may be skipped.
 *   <li>{@code starrocks-3.0-from-2.5}: StarRocks 3.0 only from 2.5.
 *   <li>{@code no-downgrade}: refused unless allowed, and even then only within one minor series
 *       (X and Y are forward-only).
 * </ul>
 *
 * <pre>{@code
 * UpgradePath.Verdict verdict = Flavor.DORIS.upgradePath().check(Version.parse("doris-2.0.15"), Version.parse("2.1.8"), false);
 * if (!verdict.allowed()) throw new IllegalStateException(verdict.problems().toString());
 * }</pre>
 */
public final class UpgradePath {

    /** Doris minor series in release order, as the upgrade docs list them. */
    private static final List<String> DORIS_SERIES =
            List.of("0.13", "0.14", "0.15", "1.1", "1.2", "2.0", "2.1", "3.0", "3.1", "4.0");

    private static final List<String> STARROCKS_SERIES = List.of(
            "1.19", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "4.0", "4.1");

    /**
     * The outcome of one check.
     *
     * @param allowed true when no rule refuses the step
     * @param problems one sentence per refusing rule, prefixed with the rule name
     * @param warnings things to do or know that do not refuse the step
     */
    public record Verdict(boolean allowed, List<String> problems, List<String> warnings) {
        public Verdict {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }
    }

    private final Flavor flavor;

    private UpgradePath(Flavor flavor) {
        this.flavor = flavor;
    }

    /** The rules of a flavor. */
    public static UpgradePath of(Flavor flavor) {
        return new UpgradePath(requireNonNull(flavor, "flavor"));
    }

    /**
     * Checks a step from one version to another.
     *
     * @param allowDowngrade whether a downgrade within one minor series may pass
     */
    public Verdict check(Version from, Version to, boolean allowDowngrade) {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int order = from.compareTo(to);
        if (order > 0) {
            if (!allowDowngrade) {
                problems.add("no-downgrade: " + to + " is older than " + from
                        + "; downgrades are refused unless explicitly allowed");
            } else if (!from.sameSeries(to)) {
                problems.add("no-downgrade: " + from.series() + " to " + to.series()
                        + " crosses a minor series; only patch versions can be downgraded");
            } else {
                warnings.add("downgrade " + from.number() + " to " + to.number()
                        + ": roll back FEs before BEs, as the downgrade docs require");
            }
            return new Verdict(problems.isEmpty(), problems, warnings);
        }
        if (from.sameSeries(to)) {
            return new Verdict(true, problems, warnings);
        }
        if (flavor == Flavor.STARROCKS
                && to.major() == 3
                && to.minor() == 0
                && !from.series().equals("2.5")) {
            problems.add("starrocks-3.0-from-2.5: StarRocks 3.0 can only be reached from 2.5; upgrade " + from
                    + " to the latest 2.5 first");
        }
        List<String> next = nextSeriesCandidates(from);
        if (!next.contains(to.series()) && problems.isEmpty()) {
            problems.add("no-minor-skip: " + from.series() + " to " + to.series()
                    + " skips a minor series; upgrade to the latest " + String.join(".x or ", next) + ".x first");
        }
        if (flavor == Flavor.DORIS && from.series().equals("1.1") && to.series().equals("1.2")) {
            warnings.add("drop Native UDFs before upgrading 1.1 to 1.2, or the FE fails to start");
        }
        if (flavor.createsImageBetweenMinors()) {
            warnings.add("run ALTER SYSTEM CREATE IMAGE before the FE upgrade (minor version change)");
        }
        return new Verdict(problems.isEmpty(), problems, warnings);
    }

    /**
     * The minor series that follows a version's series: the next known one, else {@code X.(Y+1)} (a
     * series newer than the known list may also be followed by {@code (X+1).0}; {@link #check} accepts
     * both).
     */
    public String nextSeries(Version version) {
        return nextSeriesCandidates(version).get(0);
    }

    private List<String> nextSeriesCandidates(Version version) {
        List<String> series = flavor == Flavor.DORIS ? DORIS_SERIES : STARROCKS_SERIES;
        int index = series.indexOf(version.series());
        if (index >= 0 && index + 1 < series.size()) {
            return List.of(series.get(index + 1));
        }
        // Beyond the known releases nobody knows whether X.(Y+1) or (X+1).0 comes next.
        return List.of(version.major() + "." + (version.minor() + 1), (version.major() + 1) + ".0");
    }
}
