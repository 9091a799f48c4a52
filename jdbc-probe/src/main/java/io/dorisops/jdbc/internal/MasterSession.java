package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Topology;
import io.dorisops.Wait;
import io.dorisops.WaitTimeoutException;
import io.dorisops.jdbc.internal.ShowMapping.FrontendRow;
import io.dorisops.spi.Frontend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the master FE, found from {@code SHOW FRONTENDS}, reused, and found again when it
 * breaks or the master moves.
 *
 * <p>Algorithm of {@link #call}:
 *
 * <ol>
 *   <li>Without a connection, discover: try the last master, then each FE of the topology in order;
 *       on the first that answers, read {@code SHOW FRONTENDS}; keep the connection when that FE is the
 *       master, otherwise connect to the master it names.
 *   <li>Run the work on the master.
 *   <li>On a lost connection or a "not master" answer, drop the connection and go back to 1 after the
 *       poll interval, until the failover deadline ({@link Wait}); the work is told it is a retry, so
 *       a change can first check whether it already happened.
 * </ol>
 *
 * <p>Fails at once, without retrying, on a wrong password, on a statement the master refused, and
 * when no FE at all accepts a connection (that is not a failover). Thread-safe: calls are serialized.
 * {@link FeConnector} opens the connections.
 */
public final class MasterSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MasterSession.class);

    /** Statements on the master, given to the work of a {@link #call}. */
    public interface Handle {
        /** Runs a query on the master. */
        ResultTable query(Statement statement) throws SqlFailure;

        /** Runs a statement that returns no rows on the master. */
        void execute(Statement statement) throws SqlFailure;

        /** The FE this handle is connected to. */
        FeEndpoint endpoint();

        /**
         * Checks that this FE is the master in a {@code SHOW FRONTENDS} it answered.
         *
         * @throws SqlFailure of kind {@code NOT_MASTER} when another FE or none is the master
         */
        void requireMaster(List<FrontendRow> frontends) throws SqlFailure;
    }

    /** The work of one call; {@code attempt} is 0 the first time and counts the retries. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Handle handle, int attempt) throws SqlFailure;
    }

    private final String cluster;
    private final Topology.Sql sql;
    private final FeConnector connector;
    private final List<FeEndpoint> seeds;
    private final io.dorisops.jdbc.Route route;
    private final Duration failoverTimeout;
    private final Duration pollInterval;

    private Connection connection;
    // Read without the lock by connected() and toString(), which must not wait for a failover.
    private volatile FeEndpoint connected;
    private volatile FeEndpoint lastMaster;
    private String feVersion;
    private boolean closed;

    /**
     * @param cluster the cluster name, for messages
     * @param sql user, password, timeouts, TLS
     * @param seeds the FEs to try, in order
     * @param route how an FE the master's answers name is reached (the seeds carry theirs)
     * @param failoverTimeout how long a call may wait for a master
     * @param pollInterval the pause between discoveries
     */
    public MasterSession(
            String cluster,
            Topology.Sql sql,
            List<FeEndpoint> seeds,
            io.dorisops.jdbc.Route route,
            Duration failoverTimeout,
            Duration pollInterval) {
        this.cluster = requireNonNull(cluster, "cluster");
        this.route = requireNonNull(route, "route");
        this.sql = requireNonNull(sql, "sql");
        this.connector = new FeConnector(sql);
        this.seeds = List.copyOf(seeds);
        this.failoverTimeout = requireNonNull(failoverTimeout, "failoverTimeout");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval");
        if (this.seeds.isEmpty()) {
            throw new IllegalArgumentException("cluster " + cluster
                    + " declares no FE; add a fe_follower node with its query_port to the topology");
        }
    }

    /**
     * Runs {@code work} on the master, finding it first when needed and again after a failover, with
     * {@link Wait} polling every {@code pollInterval} until {@code failoverTimeout}.
     *
     * @param what the call, for messages: {@code SHOW BACKENDS}
     * @throws WaitTimeoutException when no master answered within the failover timeout
     * @throws DorisOpsException at once for a wrong password, a refused statement or no FE reachable
     */
    public synchronized <T> T call(String what, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the cluster admin of " + cluster + " is closed; open a new one");
        }
        AtomicInteger attempts = new AtomicInteger();
        Step<T> step = Wait.until(
                        cluster + ": " + what,
                        "answered by a master FE",
                        () -> attempt(what, work, attempts.getAndIncrement()))
                .succeedsWhen(done -> done.finished() || done.failure() != null)
                .describedBy(Step::seen)
                .expecting("an FE that IsMaster=true (Doris) or Role=LEADER (StarRocks)")
                .hint("Check that a majority of the followers runs (SHOW FRONTENDS on any FE), or raise"
                        + " failoverTimeout.")
                .timeout(failoverTimeout)
                .pollInterval(pollInterval)
                .build()
                .await();
        if (step.failure() != null) {
            throw step.failure();
        }
        return step.result();
    }

    /**
     * One try of a call: finished with its result, failed for good, or to be retried after the FEs
     * elect or name a master.
     */
    private record Step<T>(boolean finished, T result, RuntimeException failure, String seen) {}

    private <T> Step<T> attempt(String what, Work<T> work, int attempt) {
        try {
            Handle handle = master();
            T result = work.run(handle, attempt);
            if (attempt > 0) {
                log.warn("{}: {} done on {} after {} retries", cluster, what, handle.endpoint(), attempt);
            }
            return new Step<>(true, result, null, "done");
        } catch (SqlFailure failure) {
            if (failure.kind() == SqlFailure.Kind.REFUSED) {
                return new Step<>(false, null, failure.toException(), failure.describe());
            }
            log.warn("{}: {}: {}; finding the master again", cluster, what, failure.describe());
            disconnect();
            return new Step<>(false, null, null, failure.describe());
        } catch (RuntimeException e) {
            return new Step<>(false, null, e, String.valueOf(e.getMessage()));
        }
    }

    /** The FE currently connected to, when there is a connection. */
    public Optional<FeEndpoint> connected() {
        return Optional.ofNullable(connected);
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }

    private Handle master() throws SqlFailure {
        if (connection == null) {
            discover();
        }
        Connection current = connection;
        FeEndpoint endpoint = connected;
        return new Handle() {
            @Override
            public ResultTable query(Statement statement) throws SqlFailure {
                return MasterSession.this.query(current, endpoint, statement);
            }

            @Override
            public void execute(Statement statement) throws SqlFailure {
                log.info("{}: {} on {}", cluster, statement.shown(), endpoint);
                try (java.sql.Statement jdbc = current.createStatement()) {
                    jdbc.execute(statement.text());
                } catch (SQLException e) {
                    throw SqlFailure.of(endpoint, statement, e);
                }
            }

            @Override
            public FeEndpoint endpoint() {
                return endpoint;
            }

            @Override
            public void requireMaster(List<FrontendRow> frontends) throws SqlFailure {
                Optional<FrontendRow> master = frontends.stream()
                        .filter(row -> row.frontend().master())
                        .findFirst();
                if (master.isEmpty()) {
                    throw SqlFailure.notMaster(endpoint, Statement.SHOW_FRONTENDS, "answers, but no FE is master");
                }
                if (!isSelf(master.get(), endpoint)) {
                    Frontend other = master.get().frontend();
                    throw SqlFailure.notMaster(
                            endpoint,
                            Statement.SHOW_FRONTENDS,
                            "not the master any more; the master is " + other.name() + " (" + other.host() + ":"
                                    + other.queryPort() + ")");
                }
            }
        };
    }

    private void discover() throws SqlFailure {
        Set<FeEndpoint> candidates = new LinkedHashSet<>();
        if (lastMaster != null) {
            candidates.add(lastMaster);
        }
        candidates.addAll(seeds);
        List<String> tried = new ArrayList<>();
        boolean answered = false;
        for (FeEndpoint candidate : candidates) {
            Connection attempt;
            try {
                attempt = connector.open(candidate);
            } catch (SqlFailure failure) {
                tried.add(candidate + ": " + failure.reason());
                continue;
            }
            answered = true;
            try {
                List<FrontendRow> frontends =
                        ShowMapping.frontends(query(attempt, candidate, Statement.SHOW_FRONTENDS));
                Optional<FrontendRow> master = frontends.stream()
                        .filter(row -> row.frontend().master())
                        .findFirst();
                if (master.isEmpty()) {
                    tried.add(candidate + ": answers, but no FE is master");
                    closeQuietly(attempt);
                    continue;
                }
                if (isSelf(master.get(), candidate)) {
                    adopt(attempt, candidate);
                    return;
                }
                closeQuietly(attempt);
                FeEndpoint named = endpointOf(master.get().frontend());
                try {
                    adopt(connector.open(named), named);
                    return;
                } catch (SqlFailure failure) {
                    tried.add(named + " (the master named by " + candidate + "): " + failure.reason());
                }
            } catch (SqlFailure failure) {
                closeQuietly(attempt);
                if (failure.kind() == SqlFailure.Kind.REFUSED) {
                    throw failure;
                }
                tried.add(candidate + ": " + failure.reason());
            } catch (RuntimeException e) {
                closeQuietly(attempt);
                throw e;
            }
        }
        if (!answered) {
            throw new DorisOpsException(DorisOpsException.message(
                    cluster,
                    "no FE reachable at its query port (" + candidates.size() + " tried: " + String.join("; ", tried)
                            + ")",
                    "",
                    "",
                    "Check that the FEs run and that their query_port is reachable from this host, or raise"
                            + " sql.connectTimeout."));
        }
        throw SqlFailure.noMaster(seeds.get(0), tried);
    }

    private boolean isSelf(FrontendRow row, FeEndpoint endpoint) {
        return row.connected()
                || endpoint.is(row.frontend().host(), row.frontend().queryPort());
    }

    /** The topology's FE at that host and query port, or an endpoint named after the FE's own name. */
    private FeEndpoint endpointOf(Frontend master) {
        for (FeEndpoint seed : seeds) {
            if (seed.is(master.host(), master.queryPort())) {
                return seed;
            }
        }
        return FeEndpoint.of("FE " + master.name(), master.host(), master.queryPort(), route);
    }

    private void adopt(Connection fresh, FeEndpoint endpoint) {
        connection = fresh;
        connected = endpoint;
        if (!endpoint.equals(lastMaster)) {
            log.info("{}: master FE is {}", cluster, endpoint);
            feVersion = null;
        }
        lastMaster = endpoint;
    }

    private ResultTable query(Connection on, FeEndpoint endpoint, Statement statement) throws SqlFailure {
        log.debug("{}: {} on {}", cluster, statement.shown(), endpoint);
        // execute(), not executeQuery(): the driver refuses the latter for statements it does not know
        // to return rows, such as ADMIN SHOW FRONTEND CONFIG.
        try (java.sql.Statement jdbc = on.createStatement()) {
            if (!jdbc.execute(statement.text())) {
                throw SqlFailure.of(
                        endpoint, statement, new SQLException("the FE answered without a result set", "HY000"));
            }
            try (ResultSet resultSet = jdbc.getResultSet()) {
                return ResultTable.read(resultSet, statement.shown(), endpoint.label(), () -> versionOf(on));
            }
        } catch (SQLException e) {
            throw SqlFailure.of(endpoint, statement, e);
        }
    }

    /** {@code select @@version_comment}, asked only for a message, so a failure just says unknown. */
    private String versionOf(Connection on) {
        if (on == connection && feVersion != null) {
            return feVersion;
        }
        String version = "unknown";
        try (java.sql.Statement jdbc = on.createStatement();
                ResultSet resultSet = jdbc.executeQuery(Statement.VERSION_COMMENT.text())) {
            if (resultSet.next() && resultSet.getString(1) != null) {
                version = resultSet.getString(1);
            }
        } catch (SQLException e) {
            log.debug("{}: cannot read the FE version: {}", cluster, e.getMessage());
        }
        if (on == connection) {
            feVersion = version;
        }
        return version;
    }

    private void disconnect() {
        if (connection != null) {
            closeQuietly(connection);
        }
        connection = null;
        connected = null;
    }

    private void closeQuietly(Connection toClose) {
        try {
            toClose.close();
        } catch (SQLException e) {
            log.debug("{}: closing a connection: {}", cluster, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "MasterSession[cluster=" + cluster + ", user=" + sql.user() + ", master=" + lastMaster + "]";
    }
}
