package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.Traffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traffic for a sandbox, for tests and demos: queries ({@code SELECT COUNT(*)}) and loads ({@code
 * INSERT ... VALUES} of a few rows) at fixed rates for a bounded time, each statement on a fresh real
 * MySQL connection to an FE, the FEs taken in turn; a refused connection tries the next FE, nothing
 * else is retried. Its table is created when absent: {@code (id BIGINT, ts BIGINT, v VARCHAR(32))
 * DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 8}, with min(3, backends) replicas.
 *
 * <pre>{@code
 * try (Workload load = sandbox.workload().qps(20).loadsPerSecond(2).duration(Duration.ofSeconds(30)).start()) {
 *     // ... restart a backend ...
 *     WorkloadReport report = load.await();
 *     assertThat(report.failedQueries()).isZero();
 * }
 * }</pre>
 *
 * <p>It is a {@link Traffic}: given to a run, the run's journal, report and history show its failed queries
 * and loads beside each node's drain and downtime. Each statement is bounded by a 30 s socket timeout, so {@link #stop()} never waits longer than that.
 * Needs a MySQL JDBC driver (mysql-connector-j) on the class path. Thread-safe.
 */
public final class Workload implements AutoCloseable, Traffic {
    private final Builder settings;
    private final List<Node> frontends;
    private final String password;
    private volatile long startNanos = System.nanoTime();
    private volatile Instant started = Instant.now();
    private final TreeMap<Long, long[]> seconds = new TreeMap<>();
    private final Map<String, Long> errors = new TreeMap<>();
    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() * 1000);
    private final AtomicInteger nextFe = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, daemon("workload-clock"));
    private final ExecutorService workers = Executors.newFixedThreadPool(16, daemon("workload"));
    private volatile boolean stopped;

    private Workload(Builder settings, List<Node> frontends, String password) {
        this.settings = settings;
        this.frontends = frontends;
        this.password = password;
    }

    /** The report so far. */
    public synchronized WorkloadReport report() {
        List<WorkloadReport.Second> list = new ArrayList<>();
        long[] sum = new long[5];
        long elapsed = Math.min(System.nanoTime() - startNanos, settings.duration.toNanos() - 1) / 1_000_000_000L;
        long last = Math.max(elapsed, seconds.isEmpty() ? 0 : seconds.lastKey());
        for (long second = 0; second <= last; second++) {
            long[] c = seconds.getOrDefault(second, new long[5]);
            list.add(new WorkloadReport.Second(second, c[0], c[1], c[2], c[3], c[4]));
            for (int i = 0; i < sum.length; i++) {
                sum[i] += c[i];
            }
        }
        return new WorkloadReport(
                list, new WorkloadReport.Second(-1, sum[0], sum[1], sum[2], sum[3], sum[4]), errors, started);
    }

    /**
     * The counts so far, for a run watched under this workload ({@code RunOptions.builder().traffic(workload)}):
     * its report and history then show the failed queries and loads beside each node's drain and downtime.
     */
    @Override
    public Traffic.Counts counts() {
        WorkloadReport.Second total = report().total();
        return new Traffic.Counts(total.queriesOk(), total.queriesFailed(), total.loadsOk(), total.loadsFailed());
    }

    /** True until the duration has passed or {@link #stop()} was called. */
    public boolean running() {
        return !stopped;
    }

    /**
     * Stops sending, waits for the statements in flight (each bounded by its socket timeout) and returns
     * the final report. Idempotent.
     */
    public WorkloadReport stop() {
        stopped = true;
        clock.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(statementTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        return report();
    }

    /** Waits until the duration has passed, then returns the final report. */
    public WorkloadReport await() {
        long end = startNanos + settings.duration.toNanos();
        while (!stopped && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return stop();
    }

    @Override
    public void close() {
        stop();
    }

    private void begin() {
        startNanos = System.nanoTime();
        started = Instant.now();
        schedule(settings.qps, this::query);
        schedule(settings.loadsPerSecond, this::load);
        clock.schedule(
                () -> new Thread(this::stop, "workload-stop").start(),
                settings.duration.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void schedule(double perSecond, Runnable statement) {
        if (perSecond > 0) {
            long period = Math.max(1, (long) (1_000_000_000L / perSecond));
            clock.scheduleAtFixedRate(
                    () -> {
                        if (!stopped) {
                            // A statement still queued when the workload stops is never sent.
                            workers.execute(() -> {
                                if (!stopped) {
                                    statement.run();
                                }
                            });
                        }
                    },
                    0,
                    period,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void query() {
        try {
            run("SELECT COUNT(*) FROM " + settings.table, false);
            succeeded(0, 0);
        } catch (SQLException e) {
            failed("query", 1, e);
        }
    }

    private void load() {
        StringBuilder sql = new StringBuilder("INSERT INTO " + settings.table + " (id, ts, v) VALUES ");
        for (int i = 0; i < settings.rowsPerLoad; i++) {
            long id = nextId.incrementAndGet();
            sql.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(id)
                    .append(", ")
                    .append(System.currentTimeMillis())
                    .append(", 'row-")
                    .append(id)
                    .append("')");
        }
        try {
            succeeded(2, run(sql.toString(), true));
        } catch (SQLException e) {
            failed("load", 3, e);
        }
    }

    /** Runs one statement on a fresh connection to the next FE that accepts one; the rows it changed. */
    private int run(String sql, boolean update) throws SQLException {
        SQLException refused = null;
        for (int tried = 0; tried < frontends.size(); tried++) {
            Node fe = frontends.get(Math.floorMod(nextFe.getAndIncrement(), frontends.size()));
            Connection connection;
            try {
                connection = connect(fe);
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                    throw e;
                }
                refused = e;
                continue;
            }
            try (connection;
                    Statement statement = connection.createStatement()) {
                if (update) {
                    return statement.executeUpdate(sql);
                }
                statement.executeQuery(sql).close();
                return 0;
            }
        }
        throw new SQLException(
                "no FE accepts connections (" + frontends.size() + " tried): "
                        + (refused == null ? "none" : refused.getMessage()),
                "08001",
                refused);
    }

    /**
     * Waits until every FE that accepts a connection knows the table: a follower answers {@code Unknown table}
     * until it has replayed the master's CREATE TABLE (the real FE makes only the connection that sent it
     * wait, {@code MasterOpExecutor}), and a workload that started earlier counted that as a failed query.
     */
    private void awaitTableOnEveryFrontend(String table) throws SQLException {
        long deadline = System.nanoTime() + statementTimeout().toNanos();
        for (Node fe : frontends) {
            while (true) {
                try (Connection connection = connect(fe);
                        Statement statement = connection.createStatement()) {
                    statement.executeQuery("SHOW TABLETS FROM " + table).close();
                    break;
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                        break; // not serving: the workload does not send to it either
                    }
                    if (!notYetReplayed(e) || System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for " + fe.id() + " to know " + table, e);
                }
            }
        }
    }

    /**
     * The FE has not replayed the CREATE DATABASE or CREATE TABLE yet: {@code Unknown database} (1049), {@code
     * Unknown table} (42S02), or Doris Nereids' {@code Table [t] does not exist in database [d].} (1105, HY000).
     */
    static boolean notYetReplayed(SQLException e) {
        return e.getErrorCode() == 1049
                || "42S02".equals(e.getSQLState())
                || String.valueOf(e.getMessage()).contains("does not exist in database [");
    }

    private Connection connect(Node fe) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://" + fe.host() + ":" + fe.ports().queryPort() + "/?connectTimeout=2000&socketTimeout="
                        + statementTimeout().toMillis() + "&useSSL=false&allowPublicKeyRetrieval=true",
                "root",
                password);
    }

    private Duration statementTimeout() {
        return Duration.ofSeconds(30);
    }

    /** Counts a success in this second's column 0 (query) or 2 (load), with the rows it wrote. */
    private synchronized void succeeded(int column, long rows) {
        long[] counts = bucket();
        counts[column]++;
        counts[4] += rows;
    }

    /** Counts a failure in column 1 (query) or 3 (load) and its error text. */
    private synchronized void failed(String what, int column, SQLException e) {
        bucket()[column]++;
        errors.merge(what + ": " + e.getMessage(), 1L, Long::sum);
    }

    /** This second's counts: queries ok, failed, loads ok, failed, rows written. */
    private long[] bucket() {
        return seconds.computeIfAbsent((System.nanoTime() - startNanos) / 1_000_000_000L, s -> new long[5]);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A workload's settings; {@link #start()} checks the sandbox answers and creates the table. */
    public static final class Builder {
        private final Sandbox sandbox;
        private double qps = 5;
        private double loadsPerSecond = 1;
        private String table = "workload_db.events";
        private int rowsPerLoad = 10;
        private Duration duration = Duration.ofSeconds(60);

        Builder(Sandbox sandbox) {
            this.sandbox = requireNonNull(sandbox, "sandbox");
        }

        /** Queries per second, 0 to 1000 (default 5). */
        public Builder qps(double perSecond) {
            this.qps = rate("qps", perSecond, 1000);
            return this;
        }

        /** Inserts per second, 0 to 100 (default 1). */
        public Builder loadsPerSecond(double perSecond) {
            this.loadsPerSecond = rate("loadsPerSecond", perSecond, 100);
            return this;
        }

        /** The table, {@code db.table} in letters, digits and {@code _} (default {@code workload_db.events}). */
        public Builder table(String qualifiedName) {
            requireNonNull(qualifiedName, "table");
            if (!qualifiedName.matches("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(
                        "table must be db.table in letters, digits and _, got \"" + qualifiedName + "\"");
            }
            this.table = qualifiedName;
            return this;
        }

        /** Rows per insert, 1 to 10000 (default 10). */
        public Builder rowsPerLoad(int rows) {
            if (rows < 1 || rows > 10_000) {
                throw new IllegalArgumentException("rowsPerLoad must be 1 to 10000, got " + rows);
            }
            this.rowsPerLoad = rows;
            return this;
        }

        /** How long it runs before it stops by itself, more than 0 and at most 1 hour (default 60 s). */
        public Builder duration(Duration duration) {
            requireNonNull(duration, "duration");
            if (duration.isZero() || duration.isNegative() || duration.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("duration must be more than 0 and at most 1 hour, got " + duration);
            }
            this.duration = duration;
            return this;
        }

        /**
         * Creates the table when absent (through any FE that accepts a connection) and starts sending.
         *
         * @throws IllegalStateException when no FE accepts a connection or the table cannot be created, with
         *     the FE's error
         */
        public Workload start() {
            List<Node> frontends = sandbox.nodes().stream()
                    .filter(node -> node.role().isFrontend())
                    .toList();
            Workload workload = new Workload(this, frontends, password(sandbox.dir()));
            long backends = sandbox.nodes().stream()
                    .filter(node -> node.role() == io.dorisops.Role.BE)
                    .count();
            String db = table.substring(0, table.indexOf('.'));
            try {
                workload.run("CREATE DATABASE IF NOT EXISTS " + db, true);
                workload.run(
                        "CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT NOT NULL, ts BIGINT, v VARCHAR(32))"
                                + " DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 8 PROPERTIES (\"replication_num\" = \""
                                + Math.max(1, Math.min(3, backends)) + "\")",
                        true);
                workload.awaitTableOnEveryFrontend(table);
            } catch (SQLException e) {
                workload.stop();
                throw new IllegalStateException(
                        "cannot prepare the workload table " + table + " in the sandbox at " + sandbox.dir() + ": "
                                + e.getMessage() + ". Is the sandbox running?",
                        e);
            }
            workload.begin();
            return workload;
        }

        private static double rate(String name, double value, double max) {
            if (!(value >= 0) || value > max) {
                throw new IllegalArgumentException(name + " must be 0 to " + (long) max + " per second, got " + value);
            }
            return value;
        }

        private static String password(Path dir) {
            Path file = dir.resolve("sql-password");
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }
}
