package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.spi.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks, run with {@code ./mvnw -B -Pbench -pl jdbc-probe -am verify}: each measures against a
 * baseline in the same run and prints the numbers; nothing asserts timing.
 */
@Tag("bench")
class JdbcClusterAdminBenchTest {

    private static final int WARMUP = 300;
    private static final int ROUNDS = 1000;

    @Test
    void backendsOnAHundredBackendCatalogAgainstRawJdbc() throws SQLException {
        try (FakeCluster cluster = FakeCluster.doris(3);
                JdbcClusterAdmin admin = cluster.admin();
                Connection raw = DriverManager.getConnection(
                        "jdbc:mysql://127.0.0.1:" + cluster.fe(1).queryPort + "/?sslMode=DISABLED",
                        "root",
                        FakeCluster.PASSWORD)) {
            for (int i = 1; i <= 100; i++) {
                cluster.addBackend(10000 + i, "10.0.1." + i, 40 + i);
            }
            for (int i = 0; i < WARMUP; i++) {
                assertThat(admin.backends()).hasSize(100);
                assertThat(rawShowBackends(raw)).hasSize(100);
            }
            long rawNanos = 0;
            long adminNanos = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long start = System.nanoTime();
                List<List<String>> rows = rawShowBackends(raw);
                rawNanos += System.nanoTime() - start;
                start = System.nanoTime();
                List<Backend> backends = admin.backends();
                adminNanos += System.nanoTime() - start;
                assertThat(backends).hasSize(rows.size());
            }
            print("backends() on 100 BEs", adminNanos, "raw JDBC SHOW BACKENDS read as strings", rawNanos);
        }
    }

    @Test
    void masterDiscoveryColdAgainstWarm() {
        try (FakeCluster cluster = FakeCluster.doris(3)) {
            cluster.master = 3;
            for (int i = 0; i < WARMUP / 3; i++) {
                try (JdbcClusterAdmin admin = cluster.admin()) {
                    admin.frontends();
                }
            }
            long coldNanos = 0;
            int coldRounds = ROUNDS / 5;
            for (int i = 0; i < coldRounds; i++) {
                long start = System.nanoTime();
                try (JdbcClusterAdmin admin = cluster.admin()) {
                    admin.frontends();
                }
                coldNanos += System.nanoTime() - start;
            }
            long warmNanos = 0;
            try (JdbcClusterAdmin admin = cluster.admin()) {
                admin.frontends();
                for (int i = 0; i < ROUNDS; i++) {
                    long start = System.nanoTime();
                    admin.frontends();
                    warmNanos += System.nanoTime() - start;
                }
            }
            print(
                    "cold frontends() (connect fe-1, SHOW FRONTENDS, connect master fe-3, SHOW FRONTENDS)",
                    coldNanos * (ROUNDS / coldRounds),
                    "warm frontends() on the open master connection",
                    warmNanos);
        }
    }

    private static List<List<String>> rawShowBackends(Connection connection) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SHOW BACKENDS")) {
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(resultSet.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Prints both means per call and their ratio; {@code nanos} are totals over {@link #ROUNDS} calls. */
    private static void print(String measured, long nanos, String baseline, long baselineNanos) {
        System.out.printf(
                Locale.ROOT,
                "BENCH %s: %.1f us/call; baseline %s: %.1f us/call; ratio %.2f%n",
                measured,
                nanos / 1000.0 / ROUNDS,
                baseline,
                baselineNanos / 1000.0 / ROUNDS,
                (double) nanos / baselineNanos);
    }
}
