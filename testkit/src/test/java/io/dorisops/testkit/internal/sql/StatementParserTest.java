package io.dorisops.testkit.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement.AdminSetConfig;
import io.dorisops.testkit.internal.sql.Statement.AdminShowConfig;
import io.dorisops.testkit.internal.sql.Statement.AlterBackends;
import io.dorisops.testkit.internal.sql.Statement.AlterComputeNodes;
import io.dorisops.testkit.internal.sql.Statement.AlterFrontend;
import io.dorisops.testkit.internal.sql.Statement.BackendAction;
import io.dorisops.testkit.internal.sql.Statement.CancelDecommission;
import io.dorisops.testkit.internal.sql.Statement.FrontendRole;
import io.dorisops.testkit.internal.sql.Statement.NodeAction;
import io.dorisops.testkit.internal.sql.Statement.Proc;
import io.dorisops.testkit.internal.sql.Statement.ShowProc;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementParserTest {
    private final StatementParser doris = new StatementParser(Flavor.DORIS);
    private final StatementParser starrocks = new StatementParser(Flavor.STARROCKS);

    private static final HostPort BE1 = new HostPort("10.0.0.11", 9050);
    private static final HostPort BE2 = new HostPort("be-2.example", 9050);

    private Statement both(String sql) throws SqlError {
        Statement fromDoris = doris.parse(sql);
        assertThat(starrocks.parse(sql)).isEqualTo(fromDoris);
        return fromDoris;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SHOW FRONTENDS",
                "show frontends;",
                "  Show\n\tFrontends  ;  ",
                "/* driver */ SHOW FRONTENDS -- trailing\n",
                "# hash\nshow /* inner */ frontends"
            })
    void showFrontendsIsReadWhateverTheCaseWhitespaceAndComments(String sql) throws SqlError {
        assertThat(both(sql)).isEqualTo(new Statement.ShowFrontends());
    }

    @Test
    void showStatementsOfBothFlavorsAreRead() throws SqlError {
        assertThat(both("SHOW BACKENDS")).isEqualTo(new Statement.ShowBackends());
        assertThat(both("show databases;")).isEqualTo(new Statement.ShowDatabases());
        assertThat(both("SHOW PROC '/frontends'")).isEqualTo(new ShowProc(Proc.FRONTENDS, OptionalLong.empty()));
        assertThat(both("SHOW PROC \"/backends\";")).isEqualTo(new ShowProc(Proc.BACKENDS, OptionalLong.empty()));
        assertThat(both("show proc '/statistic'")).isEqualTo(new ShowProc(Proc.STATISTIC, OptionalLong.empty()));
        assertThat(both("show proc '/statistic/10002'"))
                .isEqualTo(new ShowProc(Proc.STATISTIC, OptionalLong.of(10002)));
    }

    @Test
    void tabletHealthIsADorisProc() throws SqlError {
        assertThat(doris.parse("SHOW PROC '/cluster_health/tablet_health'"))
                .isEqualTo(new ShowProc(Proc.TABLET_HEALTH, OptionalLong.empty()));
        assertThatThrownBy(() -> starrocks.parse("SHOW PROC '/cluster_health/tablet_health'"))
                .hasMessage("Getting analyzing error. Detail message: Proc path '/cluster_health/tablet_health'"
                        + " doesn't exist.");
        assertThatThrownBy(() -> doris.parse("SHOW PROC '/cluster_health/tablet_health/10002'"))
                .hasMessageContaining("doesn't exist");
    }

    @Test
    void computeNodesAreStarRocksStatements() throws SqlError {
        assertThat(starrocks.parse("SHOW COMPUTE NODES")).isEqualTo(new Statement.ShowComputeNodes());
        assertThat(starrocks.parse("SHOW PROC '/compute_nodes'"))
                .isEqualTo(new ShowProc(Proc.COMPUTE_NODES, OptionalLong.empty()));
        assertThat(starrocks.parse("ALTER SYSTEM ADD COMPUTE NODE \"10.0.0.11:9050\", '10.0.0.12:9050'"))
                .isEqualTo(new AlterComputeNodes(NodeAction.ADD, List.of(BE1, new HostPort("10.0.0.12", 9050))));
        assertThat(starrocks.parse("alter system drop compute node '10.0.0.11:9050'"))
                .isEqualTo(new AlterComputeNodes(NodeAction.DROP, List.of(BE1)));

        assertThatThrownBy(() -> doris.parse("SHOW COMPUTE NODES"))
                .hasMessage(
                        "errCode = 2, detailMessage = Syntax error in line 1:\nSHOW COMPUTE NODES\n     ^\n"
                                + "Encountered: COMPUTE\nExpected: FRONTENDS, BACKENDS, PROC, DATABASES, PARTITIONS, TABLETS, TABLET");
        assertThatThrownBy(() -> doris.parse("SHOW PROC '/compute_nodes'"))
                .hasMessage("errCode = 2, detailMessage = Proc path '/compute_nodes' doesn't exist");
        assertThatThrownBy(() -> doris.parse("ALTER SYSTEM ADD COMPUTE NODE \"10.0.0.11:9050\""))
                .hasMessageStartingWith("errCode = 2, detailMessage = Syntax error in line 1:")
                .hasMessageContaining("Encountered: COMPUTE\nExpected: BACKEND, FOLLOWER, OBSERVER");
    }

    @Test
    void replicaStatementsNameATableWithOrWithoutItsDatabase() throws SqlError {
        assertThat(both("SHOW PARTITIONS FROM db1.t1"))
                .isEqualTo(new Statement.ShowPartitions(Optional.of("db1"), "t1"));
        assertThat(both("show partitions from `db1`.`t-1`;"))
                .isEqualTo(new Statement.ShowPartitions(Optional.of("db1"), "t-1"));
        assertThat(both("SHOW PARTITIONS FROM t1")).isEqualTo(new Statement.ShowPartitions(Optional.empty(), "t1"));
        assertThat(both("ADMIN SHOW REPLICA DISTRIBUTION FROM db1.t1"))
                .isEqualTo(new Statement.AdminShowReplicaDistribution(Optional.of("db1"), "t1"));
        assertThat(both("SHOW PROC '/dbs'")).isEqualTo(new ShowProc(Proc.DBS, OptionalLong.empty()));
        assertThat(both("SHOW PROC '/dbs/11001/'")).isEqualTo(new ShowProc(Proc.DBS, OptionalLong.of(11001)));
        assertThatThrownBy(() -> doris.parse("SHOW PARTITIONS FROM 'db1.t1'"))
                .hasMessageContaining("Expected: a table name");
    }

    @Test
    void backendStatementsTakeOneOrMoreQuotedHostPorts() throws SqlError {
        assertThat(both("ALTER SYSTEM ADD BACKEND \"10.0.0.11:9050\""))
                .isEqualTo(new AlterBackends(BackendAction.ADD, List.of(BE1)));
        assertThat(both("alter system add backend '10.0.0.11:9050' , \"be-2.example:9050\";"))
                .isEqualTo(new AlterBackends(BackendAction.ADD, List.of(BE1, BE2)));
        assertThat(both("ALTER SYSTEM DECOMMISSION BACKEND \"10.0.0.11:9050\", \"be-2.example:9050\""))
                .isEqualTo(new AlterBackends(BackendAction.DECOMMISSION, List.of(BE1, BE2)));
        assertThat(both("ALTER SYSTEM DROP BACKEND \"10.0.0.11:9050\""))
                .isEqualTo(new AlterBackends(BackendAction.DROP, List.of(BE1)));
        assertThat(both("CANCEL DECOMMISSION BACKEND \"10.0.0.11:9050\", 'be-2.example:9050'"))
                .isEqualTo(new CancelDecommission(List.of(BE1, BE2)));
    }

    @Test
    void forcedDropIsDroppInDorisAndDropForceInStarRocks() throws SqlError {
        AlterBackends forced = new AlterBackends(BackendAction.FORCE_DROP, List.of(BE1));
        assertThat(doris.parse("ALTER SYSTEM DROPP BACKEND \"10.0.0.11:9050\";"))
                .isEqualTo(forced);
        assertThat(starrocks.parse("ALTER SYSTEM DROP BACKEND \"10.0.0.11:9050\" FORCE;"))
                .isEqualTo(forced);
        for (Flavor flavor : Flavor.values()) {
            assertThat(new StatementParser(flavor)
                            .parse(
                                    flavor == Flavor.DORIS
                                            ? "ALTER SYSTEM DROPP BACKEND \"10.0.0.11:9050\""
                                            : "ALTER SYSTEM DROP BACKEND \"10.0.0.11:9050\" FORCE"))
                    .isEqualTo(forced);
        }

        assertThatThrownBy(() -> starrocks.parse("ALTER SYSTEM DROPP BACKEND \"10.0.0.11:9050\""))
                .isInstanceOfSatisfying(SqlError.class, e -> {
                    assertThat(e.code()).isEqualTo(1064);
                    assertThat(e.sqlState()).isEqualTo("HY000");
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "Getting syntax error at line 1, column 13. Detail message: "
                                            + "Unexpected input 'DROPP', the most similar input is {'ADD', 'DROP', 'DECOMMISSION', 'CREATE', 'MODIFY'}.");
                });
        assertThatThrownBy(() -> doris.parse("ALTER SYSTEM DROP BACKEND \"10.0.0.11:9050\" FORCE"))
                .hasMessage("errCode = 2, detailMessage = Syntax error in line 1:\n"
                        + "ALTER SYSTEM DROP BACKEND \"10.0.0.11:9050\" FORCE\n"
                        + "                                           ^\n"
                        + "Encountered: FORCE\nExpected: end of statement");
    }

    @Test
    void frontendStatementsTakeOneHostAndEditLogPort() throws SqlError {
        HostPort fe = new HostPort("10.0.0.2", 9010);
        assertThat(both("ALTER SYSTEM ADD FOLLOWER \"10.0.0.2:9010\""))
                .isEqualTo(new AlterFrontend(NodeAction.ADD, FrontendRole.FOLLOWER, fe));
        assertThat(both("alter system add observer '10.0.0.2:9010';"))
                .isEqualTo(new AlterFrontend(NodeAction.ADD, FrontendRole.OBSERVER, fe));
        assertThat(both("ALTER SYSTEM DROP FOLLOWER \"10.0.0.2:9010\""))
                .isEqualTo(new AlterFrontend(NodeAction.DROP, FrontendRole.FOLLOWER, fe));
        assertThat(both("ALTER SYSTEM DROP OBSERVER \"10.0.0.2:9010\""))
                .isEqualTo(new AlterFrontend(NodeAction.DROP, FrontendRole.OBSERVER, fe));
        assertThat(both("ALTER SYSTEM CREATE IMAGE")).isEqualTo(new Statement.CreateImage());
        assertThatThrownBy(() -> doris.parse("ALTER SYSTEM ADD FOLLOWER \"10.0.0.2:9010\", \"10.0.0.3:9010\""))
                .hasMessageContaining("Encountered: ,\nExpected: end of statement");
    }

    @Test
    void adminConfigStatementsAreRead() throws SqlError {
        assertThat(both("ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"true\")"))
                .isEqualTo(new AdminSetConfig(false, "disable_balance", "true"));
        assertThat(both("admin set frontend config ('max_scheduling_tablets'='0');"))
                .isEqualTo(new AdminSetConfig(false, "max_scheduling_tablets", "0"));
        assertThat(doris.parse("ADMIN SET ALL FRONTENDS CONFIG (\"disable_tablet_scheduler\" = \"true\")"))
                .isEqualTo(new AdminSetConfig(true, "disable_tablet_scheduler", "true"));
        assertThat(both("ADMIN SHOW FRONTEND CONFIG")).isEqualTo(new AdminShowConfig(Optional.empty()));
        assertThat(both("ADMIN SHOW FRONTEND CONFIG LIKE 'disable_balance';"))
                .isEqualTo(new AdminShowConfig(Optional.of("disable_balance")));
        assertThat(both("admin show frontend config like \"%balance%\""))
                .isEqualTo(new AdminShowConfig(Optional.of("%balance%")));
    }

    @Test
    void adminSetConfigTakesExactlyOnePair() {
        assertThatThrownBy(() -> doris.parse("ADMIN SET FRONTEND CONFIG (\"a\" = \"1\", \"b\" = \"2\")"))
                .isInstanceOfSatisfying(SqlError.class, e -> {
                    assertThat(e.code()).isEqualTo(1105);
                    assertThat(e.getMessage())
                            .isEqualTo("errCode = 2, detailMessage = config parameter size is not equal to 1");
                });
        assertThatThrownBy(() -> doris.parse("ADMIN SET FRONTEND CONFIG ()"))
                .hasMessage("errCode = 2, detailMessage = config parameter size is not equal to 1");
        assertThatThrownBy(() -> starrocks.parse("ADMIN SET FRONTEND CONFIG (\"a\" = \"1\", \"b\" = \"2\")"))
                .hasMessage("Getting analyzing error. Detail message: config parameter size is not equal to 1.");
        assertThatThrownBy(() -> starrocks.parse("ADMIN SET ALL FRONTENDS CONFIG (\"a\" = \"1\")"))
                .hasMessageContaining("Unexpected input 'ALL', the most similar input is {'FRONTEND'}.");
        assertThatThrownBy(() -> doris.parse("ADMIN SET FRONTEND CONFIG (disable_balance = true)"))
                .hasMessageContaining("Encountered: disable_balance\nExpected: a quoted config key");
    }

    @Test
    void selectsTheDriversAndClientsSendAreRead() throws SqlError {
        assertThat(both("SELECT @@version_comment LIMIT 1")).isEqualTo(new Statement.SelectVersionComment());
        assertThat(both("select @@VERSION_COMMENT")).isEqualTo(new Statement.SelectVersionComment());
        assertThat(both("SELECT version();")).isEqualTo(new Statement.SelectVersion());
        assertThat(both("select VERSION ( )")).isEqualTo(new Statement.SelectVersion());
        assertThat(both("/* ping */ SELECT 1")).isEqualTo(new Statement.SelectOne());
        assertThat(both("select @@session.version_comment")).isEqualTo(new Statement.SelectVersionComment());
        assertThat(both("SELECT current_version()")).isEqualTo(new Statement.SelectCurrentVersion());
    }

    @Test
    void unknownStatementIsADorisSyntaxErrorNamingIt() {
        assertThatThrownBy(() -> doris.parse("SHOW FRONTS")).isInstanceOfSatisfying(SqlError.class, e -> {
            assertThat(e.code()).isEqualTo(1105);
            assertThat(e.sqlState()).isEqualTo("HY000");
            assertThat(e.getMessage())
                    .isEqualTo(
                            "errCode = 2, detailMessage = Syntax error in line 1:\nSHOW FRONTS\n     ^\n"
                                    + "Encountered: FRONTS\nExpected: FRONTENDS, BACKENDS, PROC, DATABASES, PARTITIONS, TABLETS, TABLET");
        });
        assertThatThrownBy(() -> doris.parse("DELETE FROM t"))
                .hasMessage("errCode = 2, detailMessage = Syntax error in line 1:\nDELETE FROM t\n^\n"
                        + "Encountered: DELETE\nExpected: SHOW, ALTER, CANCEL, ADMIN, SELECT, CREATE, DROP, INSERT");
    }

    @Test
    void unknownStatementIsAStarRocksSyntaxErrorNamingIt() {
        assertThatThrownBy(() -> starrocks.parse("SHOW FRONTS")).isInstanceOfSatisfying(SqlError.class, e -> {
            assertThat(e.code()).isEqualTo(1064);
            assertThat(e.sqlState()).isEqualTo("HY000");
            assertThat(e.getMessage())
                    .isEqualTo(
                            "Getting syntax error at line 1, column 5. Detail message: Unexpected input "
                                    + "'FRONTS', the most similar input is {'FRONTENDS', 'BACKENDS', 'PROC', 'DATABASES', 'PARTITIONS', 'TABLETS', 'TABLET', 'COMPUTE'}.");
        });
        assertThatThrownBy(() -> starrocks.parse("SELECT * t"))
                .hasMessage("Getting syntax error at line 1, column 9. Detail message: Unexpected input 't', "
                        + "the most similar input is {'FROM'}.");
    }

    @Test
    void errorOnALaterLineNamesThatLine() {
        assertThatThrownBy(() -> doris.parse("ALTER SYSTEM\n  ADD BAKEND \"h:1\""))
                .hasMessage("errCode = 2, detailMessage = Syntax error in line 2:\n  ADD BAKEND \"h:1\"\n      ^\n"
                        + "Encountered: BAKEND\nExpected: BACKEND, FOLLOWER, OBSERVER");
        assertThatThrownBy(() -> starrocks.parse("ALTER SYSTEM\n  ADD BAKEND \"h:1\""))
                .hasMessageStartingWith("Getting syntax error at line 2, column 6.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";", "   ", "/* only a comment */"})
    void emptyStatementIsASyntaxError(String sql) {
        assertThatThrownBy(() -> doris.parse(sql))
                .isInstanceOf(SqlError.class)
                .hasMessageStartingWith("errCode = 2, detailMessage = Syntax error in line 1:")
                .hasMessageEndingWith("Expected: SHOW, ALTER, CANCEL, ADMIN, SELECT, CREATE, DROP, INSERT");
    }

    @Test
    void trailingInputIsASyntaxError() {
        assertThatThrownBy(() -> doris.parse("SHOW BACKENDS; SHOW FRONTENDS"))
                .hasMessageContaining("Encountered: SHOW\nExpected: end of statement");
        assertThatThrownBy(() -> starrocks.parse("SHOW BACKENDS x"))
                .hasMessage("Getting syntax error at line 1, column 14. Detail message: Unexpected input 'x', "
                        + "the most similar input is {'end of statement'}.");
    }

    @Test
    void unterminatedStringIsASyntaxError() {
        assertThatThrownBy(() -> doris.parse("ALTER SYSTEM ADD BACKEND \"10.0.0.1:9050"))
                .hasMessage(
                        "errCode = 2, detailMessage = Syntax error in line 1:\nALTER SYSTEM ADD BACKEND \"10.0.0.1:9050\n"
                                + "                         ^\nEncountered: \"10.0.0.1:9050\nExpected: \"");
        assertThatThrownBy(() -> starrocks.parse("SHOW PROC '/backends"))
                .hasMessage("Getting syntax error at line 1, column 10. Detail message: Unexpected input ''/backends', "
                        + "the most similar input is {'''}.");
    }

    @Test
    void malformedHostPortsAreSyntaxErrorsNamingTheProblem() {
        assertHostPortError("\"10.0.0.1\"", "\"host:port\" (missing port)");
        assertHostPortError("\"10.0.0.1:\"", "\"host:port\" (port '' is not a number)");
        assertHostPortError("\"10.0.0.1:be\"", "\"host:port\" (port 'be' is not a number)");
        assertHostPortError("\"10.0.0.1:0\"", "\"host:port\" (port 0 is out of range 1-65535)");
        assertHostPortError("\"10.0.0.1:70000\"", "\"host:port\" (port 70000 is out of range 1-65535)");
        assertHostPortError("\":9050\"", "\"host:port\" (missing host)");
        assertHostPortError(
                "\"bad host!:9050\"", "\"host:port\" (bad host 'bad host!' (letters, digits, '.', '-' and '_' only))");
    }

    private void assertHostPortError(String quoted, String expected) {
        String sql = "ALTER SYSTEM ADD BACKEND " + quoted;
        assertThatThrownBy(() -> doris.parse(sql))
                .isInstanceOfSatisfying(
                        SqlError.class, e -> assertThat(e.code()).isEqualTo(1105))
                .hasMessage("errCode = 2, detailMessage = Syntax error in line 1:\n" + sql + "\n" + " ".repeat(25)
                        + "^\n" + "Encountered: " + quoted + "\nExpected: " + expected);
        assertThatThrownBy(() -> starrocks.parse(sql))
                .hasMessage("Getting syntax error at line 1, column 25. Detail message: Unexpected input '" + quoted
                        + "', expected " + expected + ".");
    }

    @Test
    void unquotedOrMissingHostPortIsASyntaxError() {
        assertThatThrownBy(() -> doris.parse("ALTER SYSTEM ADD BACKEND 10.0.0.1:9050"))
                .hasMessageContaining("Encountered: 10.0.0.1\nExpected: a quoted \"host:port\"");
        assertThatThrownBy(() -> doris.parse("ALTER SYSTEM DECOMMISSION BACKEND"))
                .hasMessageContaining("Encountered: EOF\nExpected: a quoted \"host:port\"");
        assertThatThrownBy(() -> starrocks.parse("CANCEL DECOMMISSION BACKEND \"10.0.0.1:9050\","))
                .hasMessage("Getting syntax error at line 1, column 44. Detail message: Unexpected input '<EOF>', "
                        + "the most similar input is {'a quoted \"host:port\"'}.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/frontend", "/backends/10001", "/", "/statistic/x", "frontends"})
    void unknownProcPathIsAnAnalysisError(String path) {
        assertThatThrownBy(() -> doris.parse("SHOW PROC '" + path + "'"))
                .hasMessage("errCode = 2, detailMessage = Proc path '" + path + "' doesn't exist");
        assertThatThrownBy(() -> starrocks.parse("SHOW PROC '" + path + "'"))
                .hasMessage("Getting analyzing error. Detail message: Proc path '" + path + "' doesn't exist.");
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void everyErrorIsAnSqlErrorNeverAnotherException(Flavor flavor) {
        StatementParser parser = new StatementParser(flavor);
        for (String sql : List.of(
                "ALTER",
                "ALTER SYSTEM",
                "ADMIN",
                "ADMIN SET",
                "ADMIN SET FRONTEND CONFIG (",
                "SELECT",
                "SELECT @@version_comment LIMIT",
                "SHOW PROC",
                "CANCEL DECOMMISSION",
                "`unterminated",
                "/* open",
                "'",
                "SELECT version(")) {
            ThrowingCallable parse = () -> parser.parse(sql);
            assertThatThrownBy(parse).as(sql).isInstanceOf(SqlError.class);
        }
    }
}
