package io.dorisops.testkit.internal.mysql;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server side of the MySQL client/server protocol, enough for mysql-connector-j and the {@code
 * mysql} command-line client: handshake v10 with {@code mysql_native_password} (a client that
 * asks for another plugin such as {@code caching_sha2_password} is switched to it), text-protocol
 * {@code COM_QUERY} with result sets of VARCHAR columns and NULL cells, OK and ERR packets, {@code
 * COM_PING}, {@code COM_INIT_DB} and {@code COM_QUIT}; any other command gets an ERR.
 *
 * <p>Statements about the session itself, which drivers send on their own ({@code SELECT
 * @@session.auto_increment_increment AS ..., @@character_set_client ...}, {@code SET NAMES}, {@code
 * SET autocommit=1}, {@code SHOW VARIABLES [LIKE]}, {@code SELECT DATABASE()}, {@code USE db}), are
 * answered here. Everything else, including {@code SELECT @@version_comment} and {@code SELECT
 * version()} whose answers depend on the simulated flavor and version, goes to the {@link
 * QueryHandler}. {@code SELECT @@version} answers the {@code serverVersion} of the handshake.
 *
 * <p>Each connection has its own daemon thread. A wrong password, a malformed or oversized packet,
 * a client that disconnects mid-packet or stays silent past the timeouts ends only that
 * connection. Over {@link Limits#maxConnections()} a client gets ERR 1040 {@code Too many
 * connections}.
 *
 * <pre>{@code
 * try (MysqlServer server = MysqlServer.start(InetAddress.getLoopbackAddress(), 0,
 *         Authenticator.single("root", "secret"),
 *         (session, sql) -> QueryResult.rows(List.of("x"), List.of(List.of("1"))), "5.7.99")) {
 *     DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port(), "root", "secret");
 * }
 * }</pre>
 */
public final class MysqlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MysqlServer.class);

    /**
     * How much the server takes.
     *
     * @param maxConnections open client connections at most; one more is refused with ERR 1040
     * @param handshakeTimeout how long a client may take to log in
     * @param idleTimeout how long a logged-in client may stay silent before its connection closes
     */
    public record Limits(int maxConnections, Duration handshakeTimeout, Duration idleTimeout) {
        /** 128 connections, 10 s to log in, 8 h idle (MySQL's {@code wait_timeout}). */
        public static final Limits DEFAULTS = new Limits(128, Duration.ofSeconds(10), Duration.ofHours(8));

        public Limits {
            requireNonNull(handshakeTimeout, "handshakeTimeout");
            requireNonNull(idleTimeout, "idleTimeout");
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
            }
        }
    }

    private static final Duration ACCEPT_RETRY_PAUSE = Duration.ofMillis(50);

    private final ServerSocket listener;
    private final Authenticator authenticator;
    private final QueryHandler handler;
    private final String serverVersion;
    private final Limits limits;
    private final Optional<SSLContext> tls;
    private final SessionStatements sessionStatements;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private final Thread acceptor;
    private volatile boolean closed;

    private MysqlServer(
            ServerSocket listener,
            Authenticator authenticator,
            QueryHandler handler,
            String serverVersion,
            Limits limits,
            Optional<SSLContext> tls) {
        this.listener = listener;
        this.tls = tls;
        this.authenticator = authenticator;
        this.handler = handler;
        this.serverVersion = serverVersion;
        this.limits = limits;
        this.sessionStatements = new SessionStatements(serverVersion, handler);
        this.acceptor = new Thread(this::acceptLoop, "mysql-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /**
     * Starts a server with {@link Limits#DEFAULTS}.
     *
     * @see #start(InetAddress, int, Authenticator, QueryHandler, String, Limits)
     */
    public static MysqlServer start(
            InetAddress bind, int port, Authenticator authenticator, QueryHandler handler, String serverVersion)
            throws IOException {
        return start(bind, port, authenticator, handler, serverVersion, Limits.DEFAULTS);
    }

    /**
     * Binds and starts accepting clients.
     *
     * @param bind the address to listen on, e.g. {@link InetAddress#getLoopbackAddress()}
     * @param port the port, or 0 for a free one (read it back with {@link #port()})
     * @param authenticator who may log in
     * @param handler answers the statements the server does not answer itself
     * @param serverVersion the version in the handshake, e.g. {@code 5.7.99} as Doris sends it
     * @param limits connections and timeouts
     * @throws IOException naming the address and port when it cannot be bound (e.g. already in use)
     */
    public static MysqlServer start(
            InetAddress bind,
            int port,
            Authenticator authenticator,
            QueryHandler handler,
            String serverVersion,
            Limits limits)
            throws IOException {
        return start(bind, port, authenticator, handler, serverVersion, limits, Optional.empty());
    }

    /**
     * Binds and starts accepting clients, offering TLS when {@code tls} is given: the greeting
     * advertises {@code CLIENT_SSL}, and a client that answers with an SSLRequest packet continues the
     * handshake over TLS with the context's key and certificate (a client that does not is served in
     * plain text, as MySQL does without {@code require_secure_transport}).
     *
     * @see #start(InetAddress, int, Authenticator, QueryHandler, String, Limits)
     */
    public static MysqlServer start(
            InetAddress bind,
            int port,
            Authenticator authenticator,
            QueryHandler handler,
            String serverVersion,
            Limits limits,
            Optional<SSLContext> tls)
            throws IOException {
        requireNonNull(tls, "tls");
        requireNonNull(bind, "bind");
        requireNonNull(authenticator, "authenticator");
        requireNonNull(handler, "handler");
        requireNonNull(serverVersion, "serverVersion");
        requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(bind, port), 128);
        } catch (IOException e) {
            listener.close();
            BindException named = new BindException("cannot listen for MySQL clients on " + bind.getHostAddress() + ":"
                    + port + ": " + e.getMessage() + ". Is another process using port " + port
                    + "? Stop it or choose another query_port.");
            named.initCause(e);
            throw named;
        }
        MysqlServer server = new MysqlServer(listener, authenticator, handler, serverVersion, limits, tls);
        server.acceptor.start();
        log.debug("MySQL protocol server listening on {}:{}", bind.getHostAddress(), server.port());
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The number of client connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /** Stops listening and closes every client connection; idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("closing the listener failed: {}", e.toString());
        }
        for (ClientConnection connection : new ArrayList<>(connections)) {
            connection.close();
        }
        try {
            acceptor.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed || listener.isClosed()) {
                    return;
                }
                // e.g. "Too many open files": keep serving once descriptors free up, without spinning.
                log.warn("accepting a MySQL client on port {} failed; retrying: {}", port(), e.toString());
                LockSupport.parkNanos(ACCEPT_RETRY_PAUSE.toNanos());
                continue;
            }
            long id = nextConnectionId.getAndIncrement();
            if (connections.size() >= limits.maxConnections()) {
                ClientConnection.refuse(socket, new SqlError(1040, "08004", "Too many connections"));
                continue;
            }
            ClientConnection connection = new ClientConnection(socket, id, this);
            connections.add(connection);
            if (closed) {
                connection.close();
            }
            Thread thread = new Thread(connection, "mysql-" + port() + "-conn-" + id);
            thread.setDaemon(true);
            thread.start();
        }
    }

    void connectionEnded(ClientConnection connection) {
        connections.remove(connection);
    }

    Authenticator authenticator() {
        return authenticator;
    }

    QueryHandler handler() {
        return handler;
    }

    String serverVersion() {
        return serverVersion;
    }

    Limits limits() {
        return limits;
    }

    Optional<SSLContext> tls() {
        return tls;
    }

    SessionStatements sessionStatements() {
        return sessionStatements;
    }
}
