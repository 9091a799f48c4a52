package io.dorisops.testkit.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The data statements read as an application and a loader write them, and refused as the FE refuses them. */
class DataStatementsTest {
    private final StatementParser doris = new StatementParser(Flavor.DORIS);
    private final StatementParser starrocks = new StatementParser(Flavor.STARROCKS);

    @Test
    void createTableReadsColumnsKeysDistributionBucketsAndProperties() throws Exception {
        Statement parsed = doris.parse(
                "create table if not exists d.t (k1 INT NOT NULL COMMENT 'key',"
                        + " v VARCHAR(64) NULL DEFAULT 'x', amount DECIMAL(10, 2)) ENGINE=OLAP DUPLICATE KEY(k1)"
                        + " DISTRIBUTED BY HASH(k1) BUCKETS 8 PROPERTIES (\"replication_allocation\" = \"tag.location.default: 3\");");
        assertThat(parsed)
                .isEqualTo(new Statement.CreateTable(
                        true,
                        Optional.of("d"),
                        "t",
                        List.of(
                                new Statement.ColumnDef("k1", "INT"),
                                new Statement.ColumnDef("v", "VARCHAR(64)"),
                                new Statement.ColumnDef("amount", "DECIMAL(10,2)")),
                        List.of("k1"),
                        "k1",
                        OptionalInt.of(8),
                        Map.of("replication_allocation", "tag.location.default: 3")));
        assertThat(starrocks.parse("CREATE TABLE t (k INT) DISTRIBUTED BY HASH(k)"))
                .isEqualTo(new Statement.CreateTable(
                        false,
                        Optional.empty(),
                        "t",
                        List.of(new Statement.ColumnDef("k", "INT")),
                        List.of(),
                        "k",
                        OptionalInt.empty(),
                        Map.of()));
        assertThat(doris.parse("CREATE DATABASE IF NOT EXISTS `d`")).isEqualTo(new Statement.CreateDatabase(true, "d"));
        assertThat(doris.parse("DROP TABLE IF EXISTS d.t"))
                .isEqualTo(new Statement.DropTable(true, Optional.of("d"), "t"));
    }

    @Test
    void insertReadsColumnsAndRowsOfLiterals() throws Exception {
        assertThat(doris.parse("INSERT INTO t (k, v) VALUES (1, 'a'), (-2, NULL), (3, \"c\")"))
                .isEqualTo(new Statement.Insert(
                        Optional.empty(),
                        "t",
                        List.of("k", "v"),
                        List.of(List.of("1", "a"), Arrays.asList("-2", null), List.of("3", "c"))));
    }

    @Test
    void selectReadsCountStarColumnsOneComparisonAndLimit() throws Exception {
        assertThat(doris.parse("SELECT COUNT(*) FROM d.t"))
                .isEqualTo(new Statement.Select(
                        Optional.of("d"), "t", true, List.of(), Optional.empty(), OptionalLong.empty()));
        assertThat(starrocks.parse("SELECT k, v FROM t WHERE k >= 10 LIMIT 5"))
                .isEqualTo(new Statement.Select(
                        Optional.empty(),
                        "t",
                        false,
                        List.of("k", "v"),
                        Optional.of(new Statement.Condition("k", ">=", "10")),
                        OptionalLong.of(5)));
        assertThat(doris.parse("SELECT * FROM t WHERE v <> 'x'"))
                .isEqualTo(new Statement.Select(
                        Optional.empty(),
                        "t",
                        false,
                        List.of(),
                        Optional.of(new Statement.Condition("v", "<>", "x")),
                        OptionalLong.empty()));
        assertThat(doris.parse("SELECT 1")).isInstanceOf(Statement.SelectOne.class);
    }

    @Test
    void modifyBackendReadsTheBackendsAndProperties() throws Exception {
        assertThat(doris.parse("ALTER SYSTEM MODIFY BACKEND \"h1:9050\", \"h2:9050\" SET (\"disable_query\" = \"true\","
                        + " \"disable_load\" = \"false\")"))
                .isEqualTo(new Statement.ModifyBackend(
                        List.of(new HostPort("h1", 9050), new HostPort("h2", 9050)),
                        Map.of("disable_query", "true", "disable_load", "false")));
    }

    @Test
    void malformedDataStatementsAreTheFlavorsSyntaxErrorNamingWhatWasExpected() {
        assertThatThrownBy(() -> doris.parse("INSERT INTO t VALUES (1,)"))
                .hasMessage("errCode = 2, detailMessage = Syntax error in line 1:\nINSERT INTO t VALUES (1,)\n"
                        + "                        ^\nEncountered: )\nExpected: a number, a quoted string, NULL");
        assertThatThrownBy(() -> starrocks.parse("CREATE TABLE t (k INT) DUPLICATE KEY(k)"))
                .hasMessage("Getting syntax error at line 1, column 39. Detail message: Unexpected input '<EOF>',"
                        + " the most similar input is {'DISTRIBUTED'}.");
        assertThatThrownBy(() -> doris.parse("SELECT COUNT(*) FROM t WHERE k ~ 1"))
                .hasMessageContaining("Expected: =, !=, <>, <=, >=, <, >");
        assertThatThrownBy(() -> doris.parse("CREATE TABLE t (k INT) DISTRIBUTED BY HASH(k) BUCKETS x"))
                .hasMessageContaining("Encountered: x\nExpected: a bucket count");
    }
}
