package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpgradePathTest {

    private static UpgradePath.Verdict doris(String from, String to, boolean allowDowngrade) {
        return UpgradePath.of(Flavor.DORIS).check(Version.parse(from), Version.parse(to), allowDowngrade);
    }

    private static UpgradePath.Verdict starrocks(String from, String to, boolean allowDowngrade) {
        return UpgradePath.of(Flavor.STARROCKS).check(Version.parse(from), Version.parse(to), allowDowngrade);
    }

    @Test
    void patchUpgradesAndTheNextMinorSeriesAreAllowed() {
        assertThat(doris("doris-2.1.8", "2.1.10", false).allowed()).isTrue();
        assertThat(doris("doris-2.0.2-rc05-ae923f7", "doris-2.1.8", false).allowed())
                .isTrue();
        assertThat(doris("doris-2.1.8", "3.0.3", false).allowed()).isTrue();
        assertThat(doris("2.0.2", "2.0.2.1", false).allowed()).isTrue();
        assertThat(starrocks("2.5.22", "3.0.9", false).allowed()).isTrue();
        assertThat(starrocks("3.1.11-ee", "3.2.1", false).allowed()).isTrue();
    }

    @Test
    void skippingAMinorSeriesIsRefused() {
        UpgradePath.Verdict verdict = doris("doris-2.0.2-rc05-ae923f7", "3.0.3", false);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.problems())
                .containsExactly("no-minor-skip: 2.0 to 3.0 skips a minor series; upgrade to the latest 2.1.x first");
        assertThat(starrocks("3.1.11-ee", "3.3.5-7ef2b4a", false).problems())
                .containsExactly("no-minor-skip: 3.1 to 3.3 skips a minor series; upgrade to the latest 3.2.x first");
    }

    @Test
    void starRocks30IsOnlyReachedFrom25() {
        UpgradePath.Verdict verdict = starrocks("2.4.3", "3.0.1", false);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.problems())
                .containsExactly("starrocks-3.0-from-2.5: StarRocks 3.0 can only be reached from 2.5; upgrade 2.4.3 to"
                        + " the latest 2.5 first");
    }

    @Test
    void aDowngradeIsRefusedUnlessAllowed() {
        UpgradePath.Verdict verdict = doris("doris-2.1.8", "2.1.7", false);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.problems())
                .containsExactly("no-downgrade: 2.1.7 is older than doris-2.1.8; downgrades are refused unless"
                        + " explicitly allowed");
    }

    @Test
    void aPatchDowngradeIsAllowedWhenAllowed() {
        UpgradePath.Verdict verdict = doris("doris-2.1.8", "2.1.7", true);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).hasSize(1);
        assertThat(starrocks("3.3.5-7ef2b4a", "3.3.2", true).allowed()).isTrue();
    }

    @Test
    void aMinorDowngradeIsRefusedEvenWhenAllowed() {
        UpgradePath.Verdict verdict = doris("3.0.3", "doris-2.1.8", true);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.problems())
                .containsExactly(
                        "no-downgrade: 3.0 to 2.1 crosses a minor series; only patch versions can be" + " downgraded");
    }

    @Test
    void anUnknownFutureSeriesAcceptsBothPossibleNextSeries() {
        assertThat(doris("4.0.1", "4.1.0", false).allowed()).isTrue();
        assertThat(doris("4.0.1", "5.0.0", false).allowed()).isTrue();
        assertThat(doris("7.3.1", "7.4.0", false).allowed()).isTrue();
        assertThat(doris("7.3.1", "8.0.0", false).allowed()).isTrue();
        assertThat(doris("7.3.1", "8.1.0", false).problems())
                .containsExactly("no-minor-skip: 7.3 to 8.1 skips a minor series; upgrade to the latest 7.4.x or 8.0.x"
                        + " first");
        assertThat(starrocks("4.1.2", "5.0.0", false).allowed()).isTrue();
    }

    @Test
    void knownSeriesFollowTheReleaseList() {
        assertThat(UpgradePath.of(Flavor.DORIS).nextSeries(Version.parse("doris-2.1.8")))
                .isEqualTo("3.0");
        assertThat(UpgradePath.of(Flavor.DORIS).nextSeries(Version.parse("1.2.7")))
                .isEqualTo("2.0");
        assertThat(doris("1.2.7", "1.3.0", false).allowed()).isFalse();
        assertThat(UpgradePath.of(Flavor.STARROCKS).nextSeries(Version.parse("2.5.22")))
                .isEqualTo("3.0");
    }

    @Test
    void warningsSayWhatToDoAroundTheStep() {
        assertThat(doris("1.1.5", "1.2.7", false).warnings())
                .containsExactly("drop Native UDFs before upgrading 1.1 to 1.2, or the FE fails to start");
        assertThat(starrocks("3.2.1", "3.3.5", false).warnings())
                .containsExactly("run ALTER SYSTEM CREATE IMAGE before the FE upgrade (minor version change)");
        assertThat(starrocks("3.3.1", "3.3.5", false).warnings()).isEmpty();
    }
}
