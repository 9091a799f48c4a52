package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.ClusterAdmin.TabletHealth;
import io.dorisops.DorisOpsException;
import io.dorisops.jdbc.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error paths of the mapping; every sample column set is mapped through a real server in {@code SampleMappingTest}. */
class ShowMappingTest {

    private static ResultTable table(String statement, List<String> columns, List<List<String>> rows) {
        return new ResultTable(statement, "fe-1 (127.0.0.1:9030)", columns, rows, () -> "doris-9.9.9");
    }

    @Test
    void missingRequiredColumnNamesTheFeItsVersionAndTheColumn() {
        List<String> columns = new ArrayList<>(Samples.columns("doris-2.1-show-backends-columns.txt"));
        columns.remove("Alive");
        ResultTable table = table("SHOW BACKENDS", columns, List.of());
        assertThatThrownBy(() -> ShowMapping.backends(table, io.dorisops.Role.BE))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("fe-1 (127.0.0.1:9030): SHOW BACKENDS has no column Alive (FE version"
                        + " doris-9.9.9); expected a column named Alive, last seen columns [BackendId, Host,")
                .hasMessageEndingWith("report this FE version and its column list.");
    }

    @Test
    void missingHostColumnNamesBothSpellings() {
        List<String> columns = new ArrayList<>(Samples.columns("starrocks-4.x-show-frontends-columns.txt"));
        columns.remove("IP");
        assertThatThrownBy(() -> ShowMapping.frontends(table("SHOW FRONTENDS", columns, List.of())))
                .hasMessageContaining("SHOW FRONTENDS has no column Host or IP");
    }

    @Test
    void nonNumericPortNamesTheColumnAndValue() {
        List<String> columns = Samples.columns("doris-2.1-and-later-show-frontends-columns.txt");
        List<String> row = Samples.row(columns, Map.of("EditLogPort", "90x10", "ReplayedJournalId", "1"));
        assertThatThrownBy(() -> ShowMapping.frontends(table("SHOW FRONTENDS", columns, List.of(row))))
                .hasMessageStartingWith("fe-1 (127.0.0.1:9030): SHOW FRONTENDS column EditLogPort holds \"90x10\";"
                        + " expected a whole number.");
    }

    @Test
    void statisticWithoutTotalRowIsAnError() {
        List<String> columns = Samples.columns(Samples.STATISTIC_FILE);
        List<String> row = Samples.row(columns, Map.of("DbId", "10002"));
        assertThatThrownBy(() -> ShowMapping.tabletHealth(table("SHOW PROC '/statistic'", columns, List.of(row))))
                .hasMessage("fe-1 (127.0.0.1:9030): SHOW PROC '/statistic' has no Total row; expected a row with"
                        + " DbId=Total, last seen 1 rows. Run the statement by hand and report its output.");
    }

    @Test
    void statisticReadsTheTotalRowByName() {
        List<String> columns = new ArrayList<>(Samples.columns(Samples.STATISTIC_FILE));
        columns.add(0, "NewLeadingColumn");
        Map<String, String> numbers = Map.of(
                "TabletNum",
                "100",
                "ReplicaNum",
                "300",
                "UnhealthyTabletNum",
                "2",
                "InconsistentTabletNum",
                "1",
                "CloningTabletNum",
                "3");
        Map<String, String> db = new java.util.HashMap<>(numbers);
        db.put("DbId", "10002");
        Map<String, String> total = new java.util.HashMap<>(numbers);
        total.put("DbId", "Total");
        total.put("TabletNum", "200");
        ResultTable table = table(
                "SHOW PROC '/statistic'", columns, List.of(Samples.row(columns, db), Samples.row(columns, total)));
        assertThat(ShowMapping.tabletHealth(table)).isEqualTo(new TabletHealth(200, 300, 2, 1, 3));
    }

    @Test
    void configValueMatchesTheKeyExactlyNotTheLikePattern() {
        List<String> columns = List.of("Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment");
        ResultTable table = table(
                "ADMIN SHOW FRONTEND CONFIG LIKE \"disable_balance\"",
                columns,
                List.of(
                        List.of("disableXbalance", "true", "boolean", "true", "true", ""),
                        List.of("disable_balance", "false", "boolean", "true", "true", "")));
        assertThat(ShowMapping.config(table, "disable_balance"))
                .contains(new ShowMapping.ConfigEntry("false", java.util.Optional.of(true)));
        assertThat(ShowMapping.config(table, "disable_colocate_balance")).isEmpty();
    }
}
