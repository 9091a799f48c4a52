package io.dorisops.testkit.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MysqlServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private final QueryHandler handler = (session, sql) -> {
        received.add(sql);
        String trimmed = sql.trim();
        if (trimmed.equalsIgnoreCase("select @@version_comment limit 1")) {
            return QueryResult.rows(List.of("@@version_comment"), List.of(List.of("Doris version doris-2.1.8")));
        }
        if (trimmed.equals("select boom")) {
            throw new SqlError(1105, "HY000", "errCode = 2, detailMessage = Syntax error in line 1: boom");
        }
        if (trimmed.equals("select crash")) {
            throw new IllegalStateException("handler bug");
        }
        if (trimmed.startsWith("select rows ")) {
            int count = Integer.parseInt(trimmed.substring(12));
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                rows.add(Arrays.asList(String.valueOf(i), i % 3 == 0 ? null : "v" + i));
            }
            return QueryResult.rows(List.of("Id", "Value"), rows);
        }
        if (trimmed.startsWith("update")) {
            return new QueryResult.Ok(3);
        }
        return QueryResult.rows(List.of("user", "db"), List.of(Arrays.asList(session.user(), session.database())));
    };

    private MysqlServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private MysqlServer start() throws IOException {
        return start(MysqlServer.Limits.DEFAULTS);
    }

    private MysqlServer start(MysqlServer.Limits limits) throws IOException {
        server = MysqlServer.start(LOOPBACK, 0, Authenticator.single("root", "s3cret"), handler, "5.7.99", limits);
        return server;
    }

    private Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/", user, password);
    }

    @Test
    void driverConnectsWithUserAndPasswordAndRunsAQuery() throws Exception {
        start();
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show frontends")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("user")).isEqualTo("root");
            assertThat(rs.getString("db")).isEmpty();
            assertThat(rs.next()).isFalse();
            assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("VARCHAR");
        }
        assertThat(received).contains("show frontends");
    }

    @Test
    void wrongPasswordIsRefusedWith1045AndTheServerServesTheNextClient() throws Exception {
        start();
        assertThatThrownBy(() -> connect("root", "wrong")).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(1045);
            assertThat(e.getSQLState()).isEqualTo("28000");
            assertThat(e.getMessage())
                    .isEqualTo("Access denied for user 'root'@'127.0.0.1' (using password: YES)")
                    .doesNotContain("wrong");
        });
        try (Connection connection = connect("root", "s3cret")) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @Test
    void unknownUserIsRefusedLikeAWrongPassword() throws Exception {
        start();
        assertThatThrownBy(() -> connect("admin", "s3cret")).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(1045);
            assertThat(e.getMessage()).isEqualTo("Access denied for user 'admin'@'127.0.0.1' (using password: YES)");
        });
    }

    @Test
    void userWithoutPasswordLogsInWithAnEmptyPasswordOnly() throws Exception {
        server = MysqlServer.start(LOOPBACK, 0, Authenticator.single("root", ""), handler, "5.7.99");
        try (Connection connection = connect("root", "")) {
            assertThat(connection.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> connect("root", "x"))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void resultSetCarriesNullCellsAndTenThousandRows() throws Exception {
        start();
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select rows 10000")) {
            int count = 0;
            while (rs.next()) {
                assertThat(rs.getString("Id")).isEqualTo(String.valueOf(count));
                if (count % 3 == 0) {
                    assertThat(rs.getString("Value")).isNull();
                    assertThat(rs.wasNull()).isTrue();
                } else {
                    assertThat(rs.getString("Value")).isEqualTo("v" + count);
                }
                count++;
            }
            assertThat(count).isEqualTo(10_000);
        }
    }

    @Test
    void okPacketCarriesTheAffectedRowCount() throws Exception {
        start();
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("update x")).isEqualTo(3);
        }
    }

    @Test
    void handlerErrorSurfacesWithItsCodeStateAndMessageAndTheConnectionStaysUsable() throws Exception {
        start();
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("select boom"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1105);
                        assertThat(e.getSQLState()).isEqualTo("HY000");
                        assertThat(e.getMessage())
                                .isEqualTo("errCode = 2, detailMessage = Syntax error in line 1: boom");
                    });
            assertThatThrownBy(() -> statement.executeQuery("select crash"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode())
                            .isEqualTo(1105));
            try (ResultSet rs = statement.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void sessionStatementsAreAnsweredBeforeTheHandlerExceptVersionComment() throws Exception {
        start();
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement()) {
            statement.execute("SET NAMES utf8mb4");
            statement.execute("set sql_mode = 'STRICT_TRANS_TABLES'");
            try (ResultSet rs =
                    statement.executeQuery("SELECT @@session.sql_mode AS mode, @@max_allowed_packet, @@version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("mode")).isEqualTo("STRICT_TRANS_TABLES");
                assertThat(rs.getString("@@max_allowed_packet")).isEqualTo("16777215");
                assertThat(rs.getString(3)).isEqualTo("5.7.99");
            }
            try (ResultSet rs = statement.executeQuery("SELECT DATABASE()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
            }
            statement.execute("USE information_schema");
            try (ResultSet rs = statement.executeQuery("select database();")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("information_schema");
            }
            try (ResultSet rs = statement.executeQuery("SHOW VARIABLES LIKE 'lower_case%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("Variable_name")).isEqualTo("lower_case_table_names");
                assertThat(rs.getString("Value")).isEqualTo("0");
                assertThat(rs.next()).isFalse();
            }
            assertThatThrownBy(() -> statement.executeQuery("select @@no_such_thing"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1193);
                        assertThat(e.getMessage()).isEqualTo("Unknown system variable 'no_such_thing'");
                    });
            try (ResultSet rs = statement.executeQuery("select @@version_comment limit 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Doris version doris-2.1.8");
            }
            connection.setCatalog("demo");
            // A statement runs in the database its connection had when it was created.
            try (Statement inDemo = connection.createStatement();
                    ResultSet rs = inDemo.executeQuery("show whoami")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("db")).isEqualTo("demo");
            }
        }
        assertThat(received)
                .containsExactly("select @@version_comment limit 1", "show whoami")
                .noneMatch(sql -> sql.contains("auto_increment_increment"));
    }

    @Test
    void databaseInTheUrlIsTheSessionDatabase() throws Exception {
        start();
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:mysql://127.0.0.1:" + server.port() + "/demo", "root", "s3cret");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show whoami")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("db")).isEqualTo("demo");
        }
    }

    @Test
    void twentyConcurrentConnectionsAreServed() throws Exception {
        start();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch allConnected = new CountDownLatch(20);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    try (Connection connection = connect("root", "s3cret");
                            Statement statement = connection.createStatement()) {
                        allConnected.countDown();
                        assertThat(allConnected.await(30, TimeUnit.SECONDS)).isTrue();
                        int rows = 0;
                        try (ResultSet rs = statement.executeQuery("select rows 500")) {
                            while (rs.next()) {
                                rows++;
                            }
                        }
                        return rows;
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void garbageClientsDoNotBreakTheServer() throws Exception {
        start();
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            try (Socket socket = new Socket(LOOPBACK, server.port())) {
                readSome(socket.getInputStream());
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                socket.getOutputStream().write(garbage);
                socket.getOutputStream().flush();
            }
        }
        // A header that promises more than it sends, and one that announces a 16 MiB packet.
        for (byte[] header : List.of(
                new byte[] {(byte) 100, 0, 0, 1, 1, 2}, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1})) {
            try (Socket socket = new Socket(LOOPBACK, server.port())) {
                readSome(socket.getInputStream());
                socket.getOutputStream().write(header);
                socket.getOutputStream().flush();
            }
        }
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show whoami")) {
            assertThat(rs.next()).isTrue();
        }
        Await.until(Duration.ofSeconds(10), "every garbage connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void oversizedPacketAfterLoginClosesOnlyThatConnection() throws Exception {
        start();
        try (Connection victim = connect("root", "s3cret");
                Socket rogue = new Socket(LOOPBACK, server.port())) {
            readSome(rogue.getInputStream());
            OutputStream out = rogue.getOutputStream();
            out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
            out.flush();
            assertThat(drain(rogue.getInputStream())).isGreaterThan(0);
            assertThat(victim.isValid(2)).isTrue();
        }
    }

    @Test
    void largeQueryArrivingInPiecesIsReadWhole() throws Exception {
        start();
        String padding = "x".repeat(3 * 1024 * 1024);
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show whoami /* " + padding + " */")) {
            assertThat(rs.next()).isTrue();
        }
        assertThat(received).anyMatch(sql -> sql.length() > padding.length());
    }

    @Test
    void authenticatorThatThrowsEndsOnlyThatConnection() throws Exception {
        server = MysqlServer.start(
                LOOPBACK,
                0,
                user -> {
                    if (user.equals("broken")) {
                        throw new IllegalStateException("password file unreadable");
                    }
                    return java.util.Optional.of("s3cret");
                },
                handler,
                "5.7.99");
        assertThatThrownBy(() -> connect("broken", "s3cret")).isInstanceOf(SQLException.class);
        try (Connection connection = connect("root", "s3cret")) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @Test
    void pingAndIsValidAnswer() throws Exception {
        start();
        try (Connection connection = connect("root", "s3cret");
                Statement statement = connection.createStatement()) {
            assertThat(connection.isValid(2)).isTrue();
            statement.execute("/* ping */ SELECT 1");
        }
    }

    @Test
    void closeEndsOpenConnectionsAndStopsListening() throws Exception {
        start();
        Connection connection = connect("root", "s3cret");
        int port = server.port();
        Await.until(Duration.ofSeconds(10), "one open connection", () -> server.openConnections() == 1);
        server.close();
        assertThat(connection.isValid(2)).isFalse();
        Await.until(Duration.ofSeconds(10), "no open connection", () -> server.openConnections() == 0);
        assertThatThrownBy(() -> new Socket(LOOPBACK, port).close()).isInstanceOf(IOException.class);
        connection.close();
    }

    @Test
    void clientOverTheConnectionLimitGetsTooManyConnections() throws Exception {
        start(new MysqlServer.Limits(2, Duration.ofSeconds(10), Duration.ofMinutes(1)));
        try (Connection first = connect("root", "s3cret");
                Connection second = connect("root", "s3cret")) {
            assertThatThrownBy(() -> connect("root", "s3cret"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode())
                            .isEqualTo(1040));
            assertThat(first.isValid(2)).isTrue();
        }
        Await.until(Duration.ofSeconds(10), "no open connection", () -> server.openConnections() == 0);
        try (Connection again = connect("root", "s3cret")) {
            assertThat(again.isValid(2)).isTrue();
        }
    }

    @Test
    void silentClientIsDroppedAfterTheHandshakeTimeout() throws Exception {
        start(new MysqlServer.Limits(10, Duration.ofMillis(200), Duration.ofMinutes(1)));
        try (Socket silent = new Socket(LOOPBACK, server.port())) {
            silent.setSoTimeout(5000);
            assertThat(drain(silent.getInputStream())).isGreaterThan(0);
        }
        Await.until(Duration.ofSeconds(10), "the silent connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void bindingATakenPortNamesThePort() throws Exception {
        start();
        int taken = server.port();
        assertThatThrownBy(
                        () -> MysqlServer.start(LOOPBACK, taken, Authenticator.single("root", ""), handler, "5.7.99"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + taken)
                .hasMessageContaining("port " + taken);
    }

    @Test
    void limitsRejectNonsense() {
        assertThatThrownBy(() -> new MysqlServer.Limits(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("maxConnections must be at least 1, got 0");
        assertThatThrownBy(() -> new MysqlServer.Limits(1, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("handshakeTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> new MysqlServer.Limits(1, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessage("idleTimeout must be positive, got PT-1S");
    }

    /** Reads the server's greeting so the garbage arrives after the handshake started. */
    private static void readSome(InputStream in) throws IOException {
        assertThat(in.read(new byte[256])).isGreaterThan(0);
    }

    /** Reads until the server closes the connection; returns the bytes read. */
    private static int drain(InputStream in) throws IOException {
        int total = 0;
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }
}
