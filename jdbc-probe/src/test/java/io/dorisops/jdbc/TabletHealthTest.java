package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.TabletHealth;
import io.dorisops.TabletHealth.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JdbcClusterAdmin#tabletHealth()} against canned answers with the audited column sets of each
 * flavor and version ({@code FakeCluster} builds them from {@code ColumnSet}): Doris 1.1 and later read
 * {@code /cluster_health/tablet_health} (their {@code /statistic} has no health columns), StarRocks and
 * older Doris {@code /statistic}.
 */
class TabletHealthTest {

    private static final String TABLET_HEALTH = "SHOW PROC '/cluster_health/tablet_health'";
    private static final String STATISTIC = "SHOW PROC '/statistic'";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "doris-1.2.8-rc01-ae923f7",
                "doris-2.0.15-rc01-ae923f7",
                "doris-2.1.8-rc01-ae923f7",
                "doris-3.0.3-rc03-43f06a5e26"
            })
    void dorisReadsTabletHealthAndNamesTheMissingReplicas(String version) {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.version(version);
            cluster.database("db1", 100, 300, Map.of("ReplicaMissingNum", 2L));
            cluster.database("db2", 20, 60, Map.of());

            TabletHealth health = admin.tabletHealth();

            assertThat(health.statement()).isEqualTo(TABLET_HEALTH);
            assertThat(health.tablets()).isEqualTo(120);
            assertThat(health.replicas()).isEqualTo(360);
            assertThat(health.unhealthy()).isEqualTo(2);
            assertThat(health.replicaMissing()).isEqualTo(2);
            assertThat(health.databases()).containsExactly("db1");
            assertThat(health.healthy()).isFalse();
            assertThat(health.summary())
                    .isEqualTo("2 of 120 tablets unhealthy: 2 replica missing (db1) (" + TABLET_HEALTH + ")");
            assertThat(cluster.statements()).contains(TABLET_HEALTH, STATISTIC);
        }
    }

    @Test
    void dorisReportsVersionIncompleteUnrecoverableAndCloningPerDatabase() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.database("db1", 100, 300, Map.of("VersionIncompleteNum", 3L, "UnrecoverableNum", 1L));
            cluster.database("db2", 50, 150, Map.of("VersionIncompleteNum", 1L, "CloningNum", 2L));

            TabletHealth health = admin.tabletHealth();

            assertThat(health.unhealthy()).isEqualTo(5);
            assertThat(health.versionIncomplete()).isEqualTo(4);
            assertThat(health.unrecoverable()).isEqualTo(1);
            assertThat(health.cloning()).isEqualTo(2);
            assertThat(health.databases(Problem.VERSION_INCOMPLETE)).containsExactly("db1", "db2");
            assertThat(health.summary())
                    .isEqualTo("5 of 150 tablets unhealthy: 4 version incomplete (db1, db2), 1 unrecoverable (db1);"
                            + " 2 cloning (" + TABLET_HEALTH + ")");
        }
    }

    @Test
    void dorisHealthyClusterIsHealthyThoughItsStatisticHasNoHealthColumns() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.database("db1", 100, 300, Map.of());

            TabletHealth health = admin.tabletHealth();

            assertThat(cluster.statisticColumns)
                    .containsExactly(
                            "DbId", "DbName", "TableNum", "PartitionNum", "IndexNum", "TabletNum", "ReplicaNum");
            assertThat(health.healthy()).isTrue();
            assertThat(health.summary()).isEqualTo("all 100 tablets healthy (" + TABLET_HEALTH + ")");
        }
    }

    @Test
    void dorisBefore11HasNoTabletHealthProcAndIsReadFromStatistic() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.version("doris-1.0.0-rc03-abcdef1");
            cluster.database("db1", 100, 300, Map.of("UnhealthyTabletNum", 2L, "CloningTabletNum", 1L));

            TabletHealth health = admin.tabletHealth();

            assertThat(health.statement()).isEqualTo(STATISTIC);
            assertThat(health.summary()).isEqualTo("2 of 100 tablets unhealthy (db1); 1 cloning (" + STATISTIC + ")");
            assertThat(cluster.statements()).containsSubsequence(TABLET_HEALTH, STATISTIC);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5.4-b11d6ea", "2.5.5-c3e5f1a", "3.3.5-7ef2b4a"})
    void starRocksReadsStatisticWithErrorStateWhereItHasIt(String version) {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.version(version);
            cluster.database("db1", 100, 300, Map.of("UnhealthyTabletNum", 2L));
            cluster.database("db2", 20, 60, Map.of("ErrorStateTabletNum", 1L));
            boolean errorState = cluster.statisticColumns.contains("ErrorStateTabletNum");

            TabletHealth health = admin.tabletHealth();

            assertThat(errorState).isEqualTo(!version.startsWith("2.5.4"));
            assertThat(health.statement()).isEqualTo(STATISTIC);
            assertThat(health.unhealthy()).isEqualTo(2);
            assertThat(health.errorState()).isEqualTo(errorState ? 1 : 0);
            assertThat(health.summary())
                    .isEqualTo("2 of 120 tablets unhealthy (db1)" + (errorState ? "; 1 in error state (db2)" : "")
                            + " (" + STATISTIC + ")");
            assertThat(cluster.statements()).doesNotContain(TABLET_HEALTH);
        }
    }

    @Test
    void theSummaryOfAHealthyStarRocksClusterNamesStatistic() {
        try (FakeCluster cluster = new FakeCluster(Flavor.STARROCKS, 1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.database("db1", 10, 30, Map.of());

            assertThat(admin.tabletHealth().summary()).isEqualTo("all 10 tablets healthy (" + STATISTIC + ")");
            assertThat(admin.tabletHealth().databases()).isEqualTo(List.of());
        }
    }
}
