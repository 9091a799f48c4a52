package io.dorisops.testkit.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a statement costs through MysqlServer and mysql-connector-j, against a COM_PING round trip
 * on the same connection as the baseline. Prints the numbers; asserts no timing.
 */
@Tag("bench")
class MysqlServerBench {
    private static final int ROUNDS = 2_000;
    private static final int BIG_RESULT = 100_000;

    @Test
    void statementCostAgainstAPingRoundTrip() throws Exception {
        List<List<String>> twentyRows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twentyRows.add(List.of("be-" + i, "10.0.0." + i, "9050", "true", "doris-2.1.8"));
        }
        List<List<String>> bigRows = new ArrayList<>();
        for (int i = 0; i < BIG_RESULT; i++) {
            bigRows.add(List.of(String.valueOf(i), "tablet-" + i));
        }
        QueryHandler handler = (session, sql) -> sql.contains("big")
                ? QueryResult.rows(List.of("Id", "Name"), bigRows)
                : QueryResult.rows(List.of("Name", "Host", "Port", "Alive", "Version"), twentyRows);
        try (MysqlServer server = MysqlServer.start(
                        InetAddress.getLoopbackAddress(), 0, Authenticator.single("root", "pw"), handler, "5.7.99");
                Connection connection =
                        DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port(), "root", "pw");
                Statement statement = connection.createStatement()) {
            for (int warmup = 0; warmup < 2; warmup++) {
                pings(connection);
                queries(statement);
            }
            long pingNanos = pings(connection);
            long queryNanos = queries(statement);
            long start = System.nanoTime();
            int rows = 0;
            try (ResultSet rs = statement.executeQuery("SHOW big")) {
                while (rs.next()) {
                    rows++;
                }
            }
            long bigNanos = System.nanoTime() - start;
            assertThat(rows).isEqualTo(BIG_RESULT);

            double pingMicros = pingNanos / 1_000.0 / ROUNDS;
            double queryMicros = queryNanos / 1_000.0 / ROUNDS;
            System.out.printf(
                    "MysqlServerBench: COM_PING %.1f us; SHOW with 20 rows x 5 columns %.1f us (%.2fx a ping); "
                            + "%d-row result %.0f ms (%.0f rows/s)%n",
                    pingMicros,
                    queryMicros,
                    queryMicros / pingMicros,
                    BIG_RESULT,
                    bigNanos / 1e6,
                    BIG_RESULT / (bigNanos / 1e9));
        }
    }

    private static long pings(Connection connection) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(connection.isValid(5)).isTrue();
        }
        return System.nanoTime() - start;
    }

    private static long queries(Statement statement) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            try (ResultSet rs = statement.executeQuery("SHOW BACKENDS")) {
                while (rs.next()) {
                    rs.getString(1);
                }
            }
        }
        return System.nanoTime() - start;
    }
}
