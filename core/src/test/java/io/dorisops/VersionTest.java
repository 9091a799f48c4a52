package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            doris-2.0.2-rc05-ae923f7                                  | 2 | 0 | 2  | 0 | rc05  | ae923f7
            doris-2.1.8                                               | 2 | 1 | 8  | 0 |       |
            3.3.5-7ef2b4a                                             | 3 | 3 | 5  | 0 |       | 7ef2b4a
            2.5.22                                                    | 2 | 5 | 22 | 0 |       |
            3.1.11-ee                                                 | 3 | 1 | 11 | 0 | ee    |
            2.0.2.1                                                   | 2 | 0 | 2  | 1 |       |
            doris-0.0.0-trunk-7a61953                                 | 0 | 0 | 0  | 0 | trunk | 7a61953
            Doris version doris-3.0.3-rc03-43f06a5e26 (Cloud Mode)    | 3 | 0 | 3  | 0 | rc03  | 43f06a5e26
            """)
    void parsesTheStringsTheRealSystemsPrint(
            String text, int major, int minor, int patch, int hotfix, String qualifier, String commit) {
        Version version = Version.parse(text);

        assertThat(version.major()).isEqualTo(major);
        assertThat(version.minor()).isEqualTo(minor);
        assertThat(version.patch()).isEqualTo(patch);
        assertThat(version.hotfix()).isEqualTo(hotfix);
        assertThat(version.qualifier()).isEqualTo(qualifier == null ? "" : qualifier);
        assertThat(version.commit()).isEqualTo(commit == null ? "" : commit);
        assertThat(version.raw()).isEqualTo(text.strip());
        assertThat(version.toString()).isEqualTo(text.strip());
    }

    @Test
    void ordersByNumbersWithReleaseCandidatesBeforeTheRelease() {
        List<Version> versions = new ArrayList<>(List.of(
                Version.parse("3.3.5-7ef2b4a"),
                Version.parse("doris-2.1.8"),
                Version.parse("2.0.2.1"),
                Version.parse("doris-2.0.2-rc05-ae923f7"),
                Version.parse("doris-0.0.0-trunk-7a61953"),
                Version.parse("2.0.2"),
                Version.parse("2.5.22"),
                Version.parse("3.1.11-ee"),
                Version.parse("Doris version doris-3.0.3-rc03-43f06a5e26 (Cloud Mode)")));
        Collections.shuffle(versions, new java.util.Random(7));

        Collections.sort(versions);

        assertThat(versions)
                .extracting(Version::raw)
                .containsExactly(
                        "doris-0.0.0-trunk-7a61953",
                        "doris-2.0.2-rc05-ae923f7",
                        "2.0.2",
                        "2.0.2.1",
                        "doris-2.1.8",
                        "2.5.22",
                        "Doris version doris-3.0.3-rc03-43f06a5e26 (Cloud Mode)",
                        "3.1.11-ee",
                        "3.3.5-7ef2b4a");
    }

    @Test
    void twoBuildsOfOneReleaseAreTheSameRelease() {
        assertThat(Version.parse("3.3.5-7ef2b4a").sameRelease(Version.parse("3.3.5")))
                .isTrue();
        assertThat(Version.parse("3.3.5-7ef2b4a").compareTo(Version.parse("3.3.5-0000000")))
                .isZero();
        assertThat(Version.parse("doris-2.1.8").sameSeries(Version.parse("2.1.0")))
                .isTrue();
        assertThat(Version.parse("doris-2.1.8").sameSeries(Version.parse("2.0.8")))
                .isFalse();
        assertThat(Version.parse("2.0.2.1").number()).isEqualTo("2.0.2.1");
        assertThat(Version.parse("doris-2.1.8").series()).isEqualTo("2.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "doris", "2.1", "latest", "v2", "2.1.x", "1.2.3.4.5"})
    void anUnparseableStringIsAnErrorNamingIt(String text) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read a version from \"" + text + "\"");
    }
}
