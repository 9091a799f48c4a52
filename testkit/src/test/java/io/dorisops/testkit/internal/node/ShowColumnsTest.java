package io.dorisops.testkit.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every SHOW column set against its reference sample (conditional shared-data columns left out). */
class ShowColumnsTest {

    @ParameterizedTest
    @CsvSource({
        "DORIS, 1.2.8, doris-1.2-show-frontends-columns.UNVERIFIED.txt",
        "DORIS, 2.0.15, doris-2.0-show-frontends-columns.LastStartTime-UNCERTAIN.txt",
        "DORIS, 2.1.7, doris-2.1-and-later-show-frontends-columns.txt",
        "DORIS, 3.0.3, doris-2.1-and-later-show-frontends-columns.txt",
        "STARROCKS, 2.5.22, starrocks-2.5-3.x-show-frontends-columns.txt",
        "STARROCKS, 3.3.5, starrocks-2.5-3.x-show-frontends-columns.txt",
        "STARROCKS, 4.0.1, starrocks-4.x-show-frontends-columns.txt"
    })
    void frontendColumnsMatchTheSample(Flavor flavor, String version, String sample) throws IOException {
        assertThat(ShowColumns.frontends(flavor, Version.parse(version))).containsExactlyElementsOf(sample(sample));
    }

    @ParameterizedTest
    @CsvSource({
        "DORIS, 1.2.8, doris-1.2-show-backends-columns.PARTLY-VERIFIED.txt",
        "DORIS, 2.0.15, doris-2.0-show-backends-columns.txt",
        "DORIS, 2.1.7, doris-2.1-show-backends-columns.txt",
        "DORIS, 3.0.3, doris-3.x-latest-show-backends-columns.PARTLY-VERIFIED.txt",
        "STARROCKS, 3.3.5, starrocks-3.2-3.3-show-backends-columns.txt",
        "STARROCKS, 3.5.1, starrocks-3.5-4.x-show-backends-columns.txt",
        "STARROCKS, 4.0.1, starrocks-3.5-4.x-show-backends-columns.txt"
    })
    void backendColumnsMatchTheSample(Flavor flavor, String version, String sample) throws IOException {
        assertThat(ShowColumns.backends(flavor, Version.parse(version))).containsExactlyElementsOf(sample(sample));
    }

    @ParameterizedTest
    @CsvSource({
        "3.1.11, starrocks-3.0-3.1-show-compute-nodes-columns.txt",
        "3.3.5, starrocks-newer-show-compute-nodes-columns.txt"
    })
    void computeNodeColumnsMatchTheSample(String version, String sample) throws IOException {
        assertThat(ShowColumns.computeNodes(Version.parse(version))).containsExactlyElementsOf(sample(sample));
    }

    @org.junit.jupiter.api.Test
    void statisticColumnsMatchTheSample() throws IOException {
        assertThat(ShowColumns.STATISTIC)
                .containsExactlyElementsOf(sample("doris-old-show-proc-statistic-columns.txt"));
    }

    private static List<String> sample(String name) throws IOException {
        try (InputStream in = ShowColumnsTest.class.getResourceAsStream("/samples/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("(") && !line.startsWith("#"))
                    .toList();
        }
    }
}
