package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.Beta;
import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.Authenticator;
import io.dorisops.testkit.internal.mysql.MysqlServer;
import io.dorisops.testkit.internal.mysql.QueryHandler;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.ShowColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scriptable fake FE over the real MySQL protocol, as OkHttp's MockWebServer is for HTTP: it listens on
 * loopback, answers each statement with the rows, OK or error scripted for it, and records every statement
 * it received, so a test checks what a {@code ClusterAdmin} (jdbc-probe's {@code JdbcClusterAdmin} through
 * mysql-connector-j) sends and how it reads the answers.
 *
 * <pre>{@code
 * try (MockFrontend fe = MockFrontend.start("root", "")) {
 *     List<String> columns = MockFrontend.frontendColumns(Flavor.DORIS, Version.parse("2.1.7"));
 *     fe.answer("SHOW FRONTENDS", columns, List.of(MockFrontend.row(columns, Map.of(
 *             "Name", "fe-1", "Host", fe.host(), "QueryPort", "" + fe.port(), "IsMaster", "true", ...))));
 *     // point a topology's FE at fe.host():fe.port() and call the admin
 *     assertThat(fe.statements()).contains("SHOW FRONTENDS");
 * }
 * }</pre>
 *
 * <p>Statements match their script when equal after trimming, dropping a final {@code ;}, collapsing
 * whitespace and ignoring case. Answers scripted for one statement are given in order and the last one
 * stays ({@code SHOW PROC '/cluster_health/tablet_health'} unhealthy twice, then healthy from then on). A
 * statement with no script gets the MySQL error 1105 {@code MockFrontend has no answer for: <statement>},
 * so a test sees what it forgot. The session statements drivers send on their own ({@code SET NAMES},
 * {@code SELECT @@session...}, {@code SHOW VARIABLES}) are answered by the protocol server and not
 * recorded. Thread-safe; {@link #close()} ends every connection.
 */
@Beta
public final class MockFrontend implements AutoCloseable {

    private final Map<String, Deque<Scripted>> script = new HashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final MysqlServer server;

    private MockFrontend(String user, String password) throws IOException {
        this.server = MysqlServer.start(
                InetAddress.getLoopbackAddress(), 0, Authenticator.single(user, password), this::handle, "5.7.99");
    }

    /**
     * Starts a fake FE on a free loopback port that lets {@code user} log in with {@code password}.
     *
     * @throws UncheckedIOException when no port can be bound
     */
    public static MockFrontend start(String user, String password) {
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        try {
            return new MockFrontend(user, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a MockFrontend on loopback: " + e.getMessage(), e);
        }
    }

    /** The loopback address it listens on: {@code 127.0.0.1}. */
    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** The port it listens on (the FE's {@code query_port}). */
    public int port() {
        return server.port();
    }

    /** Scripts a result set as the next answer to {@code statement}; every row has one cell per column. */
    public MockFrontend answer(String statement, List<String> columns, List<List<String>> rows) {
        return enqueue(statement, new Result(QueryResult.rows(columns, rows)));
    }

    /** Scripts an OK packet as the next answer to {@code statement} (an {@code ALTER SYSTEM}, an {@code ADMIN SET}). */
    public MockFrontend answerOk(String statement) {
        return enqueue(statement, new Result(QueryResult.ok()));
    }

    /**
     * Scripts a MySQL error as the next answer to {@code statement}, e.g. {@code 1105} and Doris's {@code
     * errCode = 2, detailMessage = ...}.
     */
    public MockFrontend answerError(String statement, int code, String message) {
        requireNonNull(message, "message");
        return enqueue(statement, new Failure(code, message));
    }

    /** Every statement received that was not a driver's session statement, in order, as sent. */
    public List<String> statements() {
        return List.copyOf(received);
    }

    /** The {@code SHOW FRONTENDS} columns of a flavor and version, from the audited table of {@code docs/testkit-sql.md}. */
    public static List<String> frontendColumns(Flavor flavor, Version version) {
        return ShowColumns.frontends(flavor, version);
    }

    /** The {@code SHOW BACKENDS} columns of a flavor and version, from the audited table. */
    public static List<String> backendColumns(Flavor flavor, Version version) {
        return ShowColumns.backends(flavor, version);
    }

    /**
     * A row of {@code columns} with the named cells set and every other cell empty.
     *
     * @throws IllegalArgumentException naming a cell whose column is not among {@code columns}
     */
    public static List<String> row(List<String> columns, Map<String, String> cells) {
        List<String> unknown = cells.keySet().stream()
                .filter(name -> !columns.contains(name))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no column " + String.join(", ", unknown) + " in " + columns);
        }
        return columns.stream().map(column -> cells.getOrDefault(column, "")).toList();
    }

    /** Stops listening and closes every connection; idempotent. */
    @Override
    public void close() {
        server.close();
    }

    /** One scripted answer: a result set or OK, or a MySQL error. */
    private sealed interface Scripted {}

    private record Result(QueryResult result) implements Scripted {}

    private record Failure(int code, String message) implements Scripted {}

    private MockFrontend enqueue(String statement, Scripted answer) {
        String key = normalize(requireNonNull(statement, "statement"));
        if (key.isEmpty()) {
            throw new IllegalArgumentException("statement must not be blank");
        }
        synchronized (script) {
            script.computeIfAbsent(key, k -> new ArrayDeque<>()).add(answer);
        }
        return this;
    }

    private QueryResult handle(QueryHandler.Session session, String sql) throws SqlError {
        received.add(sql);
        Scripted answer;
        synchronized (script) {
            Deque<Scripted> answers = script.get(normalize(sql));
            if (answers == null) {
                throw new SqlError(SqlError.UNKNOWN_ERROR, "HY000", "MockFrontend has no answer for: " + sql);
            }
            answer = answers.size() > 1 ? answers.poll() : answers.peek();
        }
        if (answer instanceof Failure failure) {
            throw new SqlError(failure.code(), "HY000", failure.message());
        }
        return ((Result) answer).result();
    }

    private static String normalize(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
