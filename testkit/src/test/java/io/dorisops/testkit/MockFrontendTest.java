package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MockFrontend} through mysql-connector-j, as jdbc-probe reaches a real FE. */
class MockFrontendTest {

    final MockFrontend fe = MockFrontend.start("root", "pw");

    @AfterEach
    void close() {
        fe.close();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://" + fe.host() + ":" + fe.port() + "/?useSSL=false", "root", "pw");
    }

    private static List<List<String>> read(Statement statement, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void answersTheScriptedRowsAndRecordsTheStatementsInOrder() throws SQLException {
        fe.answer("SHOW BACKENDS", List.of("BackendId", "Alive"), List.of(List.of("10001", "true")));
        fe.answerOk("ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"true\")");

        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            assertThat(read(statement, "show   backends;")).containsExactly(List.of("10001", "true"));
            statement.execute("ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"true\")");
        }

        assertThat(fe.statements())
                .containsExactly("show   backends;", "ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"true\")");
    }

    @Test
    void answersInTurnAndTheLastAnswerStays() throws SQLException {
        String health = "SHOW PROC '/cluster_health/tablet_health'";
        fe.answer(health, List.of("UnhealthyTabletNum"), List.of(List.of("5")));
        fe.answer(health, List.of("UnhealthyTabletNum"), List.of(List.of("0")));

        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            assertThat(read(statement, health)).containsExactly(List.of("5"));
            assertThat(read(statement, health)).containsExactly(List.of("0"));
            assertThat(read(statement, health)).containsExactly(List.of("0"));
        }
    }

    @Test
    void aScriptedErrorAndAnUnscriptedStatementReachTheClientAsMysqlErrors() throws SQLException {
        fe.answerError(
                "ALTER SYSTEM DROP BACKEND \"10.0.1.3:9050\"", 1105, "errCode = 2, detailMessage = no such backend");

        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("ALTER SYSTEM DROP BACKEND \"10.0.1.3:9050\""))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("errCode = 2, detailMessage = no such backend")
                    .satisfies(
                            e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1105));
            assertThatThrownBy(() -> statement.executeQuery("SHOW FRONTENDS"))
                    .hasMessage("MockFrontend has no answer for: SHOW FRONTENDS");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAsByAnFe() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:mysql://" + fe.host() + ":" + fe.port() + "/?useSSL=false", "root", "wrong"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied for user 'root'");
    }

    @Test
    void aBlankStatementCannotBeScripted() {
        assertThatThrownBy(() -> fe.answerOk(" ; "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statement must not be blank");
    }

    @Test
    void rowsTakeTheAuditedColumnsAndRefuseAColumnTheyDoNotHave() {
        List<String> columns = MockFrontend.frontendColumns(Flavor.DORIS, Version.parse("2.1.7"));

        assertThat(MockFrontend.row(columns, Map.of("Name", "fe-1", "IsMaster", "true")))
                .hasSameSizeAs(columns)
                .contains("fe-1", "true");
        assertThatThrownBy(() -> MockFrontend.row(columns, Map.of("Leader", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no column Leader in [Name, ");
    }
}
