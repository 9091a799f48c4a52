package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.jdbc.Samples;
import io.dorisops.testkit.internal.sql.ColumnSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error paths of the mapping; every audited column set is mapped through a real server in {@code SampleMappingTest}. */
class ShowMappingTest {

    private static ResultTable table(String statement, List<String> columns, List<List<String>> rows) {
        return new ResultTable(statement, "fe-1 (127.0.0.1:9030)", columns, rows, () -> "doris-9.9.9");
    }

    @Test
    void missingRequiredColumnNamesTheFeItsVersionAndTheColumn() {
        List<String> columns = new ArrayList<>(ColumnSet.DORIS_BACKENDS_2_1.columns());
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
        List<String> columns = new ArrayList<>(ColumnSet.STARROCKS_FRONTENDS_4.columns());
        columns.remove("IP");
        assertThatThrownBy(() -> ShowMapping.frontends(table("SHOW FRONTENDS", columns, List.of())))
                .hasMessageContaining("SHOW FRONTENDS has no column Host or IP");
    }

    @Test
    void nonNumericPortNamesTheColumnAndValue() {
        List<String> columns = ColumnSet.DORIS_FRONTENDS_2_1.columns();
        List<String> row = Samples.row(columns, Map.of("EditLogPort", "90x10", "ReplayedJournalId", "1"));
        assertThatThrownBy(() -> ShowMapping.frontends(table("SHOW FRONTENDS", columns, List.of(row))))
                .hasMessageStartingWith("fe-1 (127.0.0.1:9030): SHOW FRONTENDS column EditLogPort holds \"90x10\";"
                        + " expected a whole number.");
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
