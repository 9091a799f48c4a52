package io.dorisops.testkit.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionStatementsTest {
    private final SessionStatements statements = new SessionStatements("5.7.99", (session, sql) -> QueryResult.ok());
    private final ClientSession session = new ClientSession("root", 7);

    private QueryResult answer(String sql) throws SqlError {
        Optional<QueryResult> result = statements.answer(session, sql);
        assertThat(result).as(sql).isPresent();
        return result.get();
    }

    private List<List<String>> rows(String sql) throws SqlError {
        return ((QueryResult.Rows) answer(sql)).rows();
    }

    @Test
    void setRemembersSimpleAssignmentsAndNull() throws SqlError {
        assertThat(answer("SET character_set_results = NULL")).isEqualTo(QueryResult.ok());
        assertThat(answer("SET @@session.wait_timeout = 60, SESSION net_write_timeout=30;"))
                .isEqualTo(QueryResult.ok());
        assertThat(rows("SELECT @@character_set_results, @@session.wait_timeout, @@net_write_timeout"))
                .containsExactly(Arrays.asList(null, "60", "30"));
    }

    @Test
    void setNamesSetsTheThreeCharsets() throws SqlError {
        answer("SET NAMES latin1 COLLATE latin1_swedish_ci");
        assertThat(rows("select @@character_set_client, @@character_set_connection, @@character_set_results"))
                .containsExactly(List.of("latin1", "latin1", "latin1"));
    }

    @Test
    void anySetIsAcceptedEvenWhenItIsNotRecorded() throws SqlError {
        for (String sql :
                List.of("SET", "SET x", "SET x =", "SET GLOBAL x = 1", "SET sql_mode = CONCAT(@@sql_mode, ',X')")) {
            assertThat(answer(sql)).as(sql).isEqualTo(QueryResult.ok());
        }
        assertThat(rows("SELECT @@sql_mode")).containsExactly(List.of("ONLY_FULL_GROUP_BY"));
    }

    @Test
    void versionCommentAndOtherStatementsGoToTheHandler() throws SqlError {
        for (String sql : List.of(
                "SELECT @@version_comment LIMIT 1",
                "select @@version, @@version_comment",
                "SELECT version()",
                "SHOW FRONTENDS",
                "SELECT 1",
                "SELECT @@x + 1",
                "SHOW VARIABLES WHERE Variable_name = 'x'",
                "USE",
                "'unterminated")) {
            assertThat(statements.answer(session, sql)).as(sql).isEmpty();
        }
    }

    @Test
    void showVariablesListsEverythingOrWhatMatchesLike() throws SqlError {
        assertThat(rows("SHOW VARIABLES")).contains(List.of("version", "5.7.99"), List.of("autocommit", "1"));
        assertThat(rows("show global variables like 'tx\\_%'"))
                .containsExactly(List.of("tx_isolation", "REPEATABLE-READ"), List.of("tx_read_only", "0"));
    }

    @Test
    void unknownVariableIsError1193() {
        assertThatThrownBy(() -> statements.answer(session, "SELECT @@auto_increment_increment, @@nope"))
                .isInstanceOfSatisfying(SqlError.class, e -> {
                    assertThat(e.code()).isEqualTo(1193);
                    assertThat(e.getMessage()).isEqualTo("Unknown system variable 'nope'");
                });
    }
}
