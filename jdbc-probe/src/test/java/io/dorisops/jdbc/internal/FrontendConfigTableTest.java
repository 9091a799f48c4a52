package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.spi.ConfigItem;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One FE's {@code ADMIN SHOW FRONTEND CONFIG} read into {@link ConfigItem}s, on canned rows in each
 * flavor's columns as the sources give them (docs/config.md §1): Doris {@code Key, Value, Type,
 * IsMutable, MasterOnly, Comment}; StarRocks {@code Key, AliasNames, Value, Type, IsMutable, Comment}.
 */
class FrontendConfigTableTest {

    @Test
    void dorisRowsCarryTypeMutabilityAndMasterOnly() {
        ResultTable table = table(
                List.of("Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment"),
                List.of("disable_balance", "false", "boolean", "true", "true", ""),
                List.of("http_port", "8030", "int", "false", "false", ""),
                Arrays.asList("sys_log_dir", null, "String", "false", "false", ""));

        assertThat(FrontendConfigTable.items(table))
                .containsExactly(
                        new ConfigItem("disable_balance", "false", "boolean", true, Optional.of(true)),
                        new ConfigItem("http_port", "8030", "int", false, Optional.of(false)),
                        new ConfigItem("sys_log_dir", "", "String", false, Optional.of(false)));
    }

    @Test
    void starRocksRowsHaveNoMasterOnlyColumn() {
        ResultTable table = table(
                List.of("Key", "AliasNames", "Value", "Type", "IsMutable", "Comment"),
                List.of("tablet_sched_disable_balance", "[disable_balance]", "true", "boolean", "true", ""));

        assertThat(FrontendConfigTable.items(table))
                .containsExactly(
                        new ConfigItem("tablet_sched_disable_balance", "true", "boolean", true, Optional.empty()));
    }

    @Test
    void anAnswerWithoutAValueColumnIsRefusedNamingTheColumn() {
        ResultTable table = table(List.of("Key", "Type"), List.of("http_port", "int"));

        assertThatThrownBy(() -> FrontendConfigTable.items(table))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("Value");
    }

    @SafeVarargs
    private static ResultTable table(List<String> columns, List<String>... rows) {
        return new ResultTable(
                "ADMIN SHOW FRONTEND CONFIG", "fe-1 (10.0.0.1:9030)", columns, List.of(rows), () -> "2.1.7");
    }
}
