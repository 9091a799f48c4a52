package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.TabletHealth;
import io.dorisops.TabletHealth.Problem;
import io.dorisops.jdbc.Samples;
import io.dorisops.testkit.internal.sql.ColumnSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Edge and error paths of reading tablet health, on the audited column sets. */
class TabletHealthMappingTest {

    private static ResultTable table(String statement, List<String> columns, List<List<String>> rows) {
        return new ResultTable(statement, "fe-1 (127.0.0.1:9030)", columns, rows, () -> "doris-2.1.8");
    }

    @Test
    void theSevenColumnDorisStatisticCannotGiveHealth() {
        List<String> columns = ColumnSet.DORIS_STATISTIC.columns();
        ResultTable table =
                table("SHOW PROC '/statistic'", columns, List.of(Samples.row(columns, Map.of("DbId", "Total"))));

        assertThatThrownBy(() -> TabletHealthMapping.fromStatistic(table))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("fe-1 (127.0.0.1:9030): SHOW PROC '/statistic' has no column"
                        + " UnhealthyTabletNum (FE version doris-2.1.8)");
    }

    @Test
    void statisticWithoutTotalRowIsAnError() {
        List<String> columns = ColumnSet.STARROCKS_STATISTIC.columns();
        List<String> row = Samples.row(columns, Map.of("DbId", "10002", "TabletNum", "1"));
        assertThatThrownBy(
                        () -> TabletHealthMapping.fromStatistic(table("SHOW PROC '/statistic'", columns, List.of(row))))
                .hasMessage("fe-1 (127.0.0.1:9030): SHOW PROC '/statistic' has no Total row; expected a row with"
                        + " DbId=Total, last seen 1 rows. Run the statement by hand and report its output.");
    }

    @Test
    void anEmptyStarRocksStatisticMeansNoTablets() {
        TabletHealth health = TabletHealthMapping.fromStatistic(
                table("SHOW PROC '/statistic'", ColumnSet.STARROCKS_STATISTIC.columns(), List.of()));

        assertThat(health.tablets()).isZero();
        assertThat(health.healthy()).isTrue();
    }

    @Test
    void tabletHealthIsReadByNameWhateverTheOrder() {
        List<String> columns = new ArrayList<>(ColumnSet.DORIS_TABLET_HEALTH.columns());
        columns.add(0, "NewLeadingColumn");
        columns.remove("ReplicaMissingNum");
        columns.add("ReplicaMissingNum");
        Map<String, String> numbers = Map.of("TabletNum", "30", "HealthyNum", "27", "ReplicaMissingNum", "3");
        List<String> db = Samples.row(columns, with(numbers, "DbId", "10002", "DbName", "sales"));
        List<String> total = Samples.row(columns, with(numbers, "DbId", "Total", "DbName", "1"));

        TabletHealth health = TabletHealthMapping.fromTabletHealth(
                zeroed(table("SHOW PROC '/cluster_health/tablet_health'", columns, List.of(db, total))),
                Optional.empty());

        assertThat(health.unhealthy()).isEqualTo(3);
        assertThat(health.problems()).isEqualTo(Map.of(Problem.REPLICA_MISSING, 3L));
        assertThat(health.databases(Problem.REPLICA_MISSING)).containsExactly("sales");
        assertThat(health.replicas()).isZero();
    }

    @Test
    void theCatalogEraSetCountsReplicaMissingInCluster() {
        List<String> columns = ColumnSet.DORIS_TABLET_HEALTH_1_1.columns();
        Map<String, String> numbers = Map.of("TabletNum", "10", "HealthyNum", "9", "ReplicaMissingInClusterNum", "1");
        List<String> total = Samples.row(columns, with(numbers, "DbId", "Total", "DbName", "1"));

        TabletHealth health = TabletHealthMapping.fromTabletHealth(
                zeroed(table("SHOW PROC '/cluster_health/tablet_health'", columns, List.of(total))), Optional.empty());

        assertThat(health.count(Problem.REPLICA_MISSING_IN_CLUSTER)).isEqualTo(1);
        assertThat(health.summary())
                .isEqualTo("1 of 10 tablets unhealthy: 1 replica missing in cluster"
                        + " (SHOW PROC '/cluster_health/tablet_health')");
    }

    @Test
    void unhealthyTabletsOutsideTheProblemColumnsStillCount() {
        // REPLICA_COMPACTION_TOO_SLOW is not HEALTHY but has no status column of its own (TabletHealthProcDir).
        List<String> columns = ColumnSet.DORIS_TABLET_HEALTH.columns();
        Map<String, String> numbers = Map.of("TabletNum", "10", "HealthyNum", "8");
        List<String> db = Samples.row(columns, with(numbers, "DbId", "10002", "DbName", "logs"));
        List<String> total = Samples.row(columns, with(numbers, "DbId", "Total", "DbName", "1"));

        TabletHealth health = TabletHealthMapping.fromTabletHealth(
                zeroed(table("SHOW PROC '/cluster_health/tablet_health'", columns, List.of(db, total))),
                Optional.empty());

        assertThat(health.summary())
                .isEqualTo("2 of 10 tablets unhealthy (logs) (SHOW PROC '/cluster_health/tablet_health')");
    }

    private static Map<String, String> with(Map<String, String> numbers, String... pairs) {
        Map<String, String> values = new java.util.HashMap<>(numbers);
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    /** Every cell Samples.row left as {@code other-<column>} becomes 0, as the FE prints counts. */
    private static ResultTable zeroed(ResultTable table) {
        List<List<String>> rows = table.rows().stream()
                .map(row -> row.stream()
                        .map(cell -> cell.startsWith("other-") ? "0" : cell)
                        .toList())
                .toList();
        return new ResultTable(
                "SHOW PROC '/cluster_health/tablet_health'",
                table.answeredBy(),
                table.columns(),
                rows,
                () -> "doris-2.1.8");
    }
}
