package io.dorisops.testkit.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShowColumnsTest {

    /** Which call and versions each sample file describes. */
    private record Variant(
            String show, BiFunction<Flavor, Version, List<String>> columns, Flavor flavor, List<String> versions) {}

    private static Variant doris(String show, BiFunction<Flavor, Version, List<String>> columns, String... versions) {
        return new Variant(show, columns, Flavor.DORIS, List.of(versions));
    }

    private static Variant starrocks(
            String show, BiFunction<Flavor, Version, List<String>> columns, String... versions) {
        return new Variant(show, columns, Flavor.STARROCKS, List.of(versions));
    }

    private static final Map<String, Variant> SAMPLES = Map.ofEntries(
            Map.entry(
                    "doris-1.2-show-frontends-columns.UNVERIFIED.txt",
                    doris("frontends", ShowColumns::frontends, "1.2.0", "1.2.8")),
            Map.entry(
                    "doris-2.0-show-frontends-columns.LastStartTime-UNCERTAIN.txt",
                    doris("frontends", ShowColumns::frontends, "2.0.0", "doris-2.0.2-rc05-ae923f7", "2.0.15")),
            Map.entry(
                    "doris-2.1-and-later-show-frontends-columns.txt",
                    doris("frontends", ShowColumns::frontends, "2.1.0", "2.1.8", "3.0.3", "3.1.0")),
            Map.entry(
                    "doris-1.2-show-backends-columns.PARTLY-VERIFIED.txt",
                    doris("backends", ShowColumns::backends, "1.2.0", "1.2.8")),
            Map.entry(
                    "doris-2.0-show-backends-columns.txt", doris("backends", ShowColumns::backends, "2.0.0", "2.0.15")),
            Map.entry(
                    "doris-2.1-show-backends-columns.txt", doris("backends", ShowColumns::backends, "2.1.0", "2.1.8")),
            Map.entry(
                    "doris-3.x-latest-show-backends-columns.PARTLY-VERIFIED.txt",
                    doris("backends", ShowColumns::backends, "3.0.0", "3.0.3", "3.1.0")),
            Map.entry(
                    "doris-old-show-proc-statistic-columns.txt",
                    doris("PROC '/statistic'", ShowColumns::statistic, "0.15.0", "1.0.0")),
            Map.entry(
                    "doris-1.1-and-later-show-proc-statistic-columns.txt",
                    doris("PROC '/statistic'", ShowColumns::statistic, "1.1.0", "1.2.8", "2.0.15", "2.1.8", "3.0.3")),
            Map.entry(
                    "doris-2.x-show-proc-cluster_health-tablet_health-columns.txt",
                    doris(
                            "PROC '/cluster_health/tablet_health'",
                            ShowColumns::tabletHealth,
                            "2.0.0",
                            "2.1.8",
                            "3.0.3")),
            // The 16-column SHOW PROC '/cluster_health' before apache/doris#8324 (ClusterHealthProcDir with a
            // Catalog): no release the SDK reads has it, so it answers nothing here; the mapping reads every
            // problem column as optional, so it would read it too.
            Map.entry(
                    "doris-1.1-catalog-era-show-proc-cluster_health-columns.txt",
                    doris("PROC '/cluster_health' (pre-#8324)", (flavor, version) -> preTabletHealth(), "1.0.0")),
            Map.entry(
                    "starrocks-2.5.5-and-later-show-proc-statistic-columns.txt",
                    starrocks("PROC '/statistic'", ShowColumns::statistic, "2.5.5", "3.3.5", "4.0.1")),
            Map.entry(
                    "doris-admin-show-frontend-config-columns.txt",
                    doris("ADMIN SHOW FRONTEND CONFIG", ShowColumns::frontendConfig, "1.2.8", "2.1.8", "3.0.3")),
            Map.entry(
                    "starrocks-3.x-admin-show-frontend-config-columns.txt",
                    starrocks("ADMIN SHOW FRONTEND CONFIG", ShowColumns::frontendConfig, "3.0.9", "3.3.5")),
            Map.entry(
                    "starrocks-2.5-3.x-show-frontends-columns.txt",
                    starrocks("frontends", ShowColumns::frontends, "2.5.22", "3.0.9", "3.3.5", "3.5.0")),
            Map.entry(
                    "starrocks-4.x-show-frontends-columns.txt",
                    starrocks("frontends", ShowColumns::frontends, "4.0.0", "4.0.1")),
            Map.entry(
                    "starrocks-3.2-3.3-show-backends-columns.txt",
                    starrocks("backends", ShowColumns::backends, "3.2.0", "3.3.5-7ef2b4a")),
            Map.entry(
                    "starrocks-3.5-4.x-show-backends-columns.txt",
                    starrocks("backends", ShowColumns::backends, "3.5.0", "4.0.1")),
            Map.entry(
                    "starrocks-3.0-3.1-show-compute-nodes-columns.txt",
                    starrocks("compute nodes", ShowColumns::computeNodes, "3.0.0", "3.1.11")),
            Map.entry(
                    "starrocks-newer-show-compute-nodes-columns.txt",
                    starrocks("compute nodes", ShowColumns::computeNodes, "3.2.0", "3.3.5", "4.0.1")));

    @Test
    void everyColumnSampleMatchesItsVariantExactly() throws IOException, URISyntaxException {
        Path dir = Path.of(ShowColumnsTest.class.getResource("/samples").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().contains("-columns"))
                    .sorted()
                    .toList();
        }
        assertThat(files.stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(SAMPLES.keySet());
        for (Path file : files) {
            // Lines such as "(shared-data only:) StarletPort" are columns of modes the sandbox does not simulate.
            List<String> expected = Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("("))
                    .toList();
            Variant variant = SAMPLES.get(file.getFileName().toString());
            for (String version : variant.versions()) {
                assertThat(variant.columns().apply(variant.flavor(), Version.parse(version)))
                        .as("%s SHOW %s of %s", variant.flavor(), variant.show(), version)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    /** The tablet_health set of 1.1-1.2 without the three columns #8324 added and with the Catalog-era one. */
    private static List<String> preTabletHealth() {
        List<String> columns = new java.util.ArrayList<>(ColumnSet.DORIS_TABLET_HEALTH_1_1.columns());
        columns.removeAll(List.of("InconsistentNum", "OversizeNum", "CloningNum"));
        return columns;
    }

    @Test
    void dorisFromOneOneHasTabletHealthAndASevenColumnStatistic() {
        for (String version : List.of("1.1.0", "1.2.8", "2.0.15", "2.1.8", "3.0.3")) {
            Version v = Version.parse(version);
            assertThat(ShowColumns.hasTabletHealth(Flavor.DORIS, v)).as(version).isTrue();
            assertThat(ShowColumns.statistic(Flavor.DORIS, v)).as(version).doesNotContain("UnhealthyTabletNum");
            assertThat(ShowColumns.tabletHealth(Flavor.DORIS, v)).as(version).contains("HealthyNum", "CloningNum");
        }
        assertThat(ShowColumns.hasTabletHealth(Flavor.DORIS, Version.parse("1.0.0")))
                .isFalse();
        assertThat(ShowColumns.tabletHealth(Flavor.DORIS, Version.parse("1.2.8")))
                .contains("ReplicaMissingInClusterNum");
        assertThat(ShowColumns.tabletHealth(Flavor.DORIS, Version.parse("2.0.0")))
                .doesNotContain("ReplicaMissingInClusterNum");
    }

    @Test
    void starRocksHasNoTabletHealthAndAddsErrorStateIn255() {
        assertThat(ShowColumns.hasTabletHealth(Flavor.STARROCKS, Version.parse("3.3.5")))
                .isFalse();
        assertThatThrownBy(() -> ShowColumns.tabletHealth(Flavor.STARROCKS, Version.parse("3.3.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("starrocks 3.3.5 has no SHOW PROC '/cluster_health/tablet_health' in the audited table");
        assertThat(ShowColumns.statistic(Flavor.STARROCKS, Version.parse("2.5.4")))
                .doesNotContain("ErrorStateTabletNum");
        assertThat(ShowColumns.statistic(Flavor.STARROCKS, Version.parse("2.5.5")))
                .endsWith("ErrorStateTabletNum");
    }

    @Test
    void starRocksBeforeThreeTwoLacksTheDataCacheAndLocationColumns() {
        List<String> older = ShowColumns.backends(Flavor.STARROCKS, Version.parse("2.5.22"));
        List<String> newer = ShowColumns.backends(Flavor.STARROCKS, Version.parse("3.2.0"));
        assertThat(older).doesNotContain("DataCacheMetrics", "location");
        assertThat(newer.stream().filter(c -> !older.contains(c))).containsExactly("DataCacheMetrics", "location");
        assertThat(ShowColumns.backends(Flavor.STARROCKS, Version.parse("3.1.11")))
                .isEqualTo(older);
    }

    @Test
    void starRocksFrontendsHaveNoIsMasterColumn() {
        for (String version : List.of("2.5.0", "3.3.5", "4.0.1")) {
            assertThat(ShowColumns.frontends(Flavor.STARROCKS, Version.parse(version)))
                    .contains("Role", "StartTime")
                    .doesNotContain("IsMaster");
        }
    }

    @Test
    void dorisHasNoShowComputeNodes() {
        assertThatThrownBy(() -> ShowColumns.computeNodes(Flavor.DORIS, Version.parse("2.1.8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "SHOW COMPUTE NODES is a StarRocks statement; a Doris compute node is a BE listed by SHOW BACKENDS");
    }
}
