package io.dorisops.testkit.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.Authenticator;
import io.dorisops.testkit.internal.mysql.MysqlServer;
import io.dorisops.testkit.internal.mysql.QueryHandler;
import io.dorisops.testkit.internal.mysql.QueryResult;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of docs/testkit-sql.md, so it cannot rot: parser, column sets and server over the real driver. */
class DocsExampleTest {

    @Test
    void handlerBuiltOnTheParserAnswersTheDriverInDorisShape() throws Exception {
        StatementParser parser = new StatementParser(Flavor.DORIS);
        Version version = Version.parse("doris-2.1.8");
        QueryHandler handler = (session, sql) -> {
            Statement statement = parser.parse(sql);
            if (statement instanceof Statement.ShowFrontends) {
                List<String> columns = ShowColumns.frontends(Flavor.DORIS, version);
                List<String> row = new ArrayList<>(Collections.nCopies(columns.size(), ""));
                row.set(columns.indexOf("Name"), "fe-1");
                row.set(columns.indexOf("IsMaster"), "true");
                return QueryResult.rows(columns, List.of(row));
            }
            if (statement instanceof Statement.SelectVersionComment) {
                return QueryResult.rows(List.of("@@version_comment"), List.of(List.of("Doris version doris-2.1.8")));
            }
            return QueryResult.ok();
        };
        try (MysqlServer server = MysqlServer.start(
                        InetAddress.getLoopbackAddress(),
                        0,
                        Authenticator.single("root", "secret"),
                        handler,
                        "5.7.99");
                Connection c =
                        DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port(), "root", "secret")) {
            try (ResultSet rs = c.createStatement().executeQuery("SHOW FRONTENDS")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("Name")).isEqualTo("fe-1");
                assertThat(rs.getString("IsMaster")).isEqualTo("true");
                assertThat(rs.getMetaData().getColumnLabel(7)).isEqualTo("ArrowFlightSqlPort");
            }
            try (ResultSet rs = c.createStatement().executeQuery("select @@version_comment limit 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Doris version doris-2.1.8");
            }
            assertThat(c.createStatement().executeUpdate("ALTER SYSTEM DECOMMISSION BACKEND \"10.0.0.11:9050\""))
                    .isZero();
            assertThatThrownBy(() -> c.createStatement().executeQuery("SHOW FRONTS"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1105);
                        assertThat(e.getMessage()).startsWith("errCode = 2, detailMessage = Syntax error in line 1:");
                    });
        }
    }
}
