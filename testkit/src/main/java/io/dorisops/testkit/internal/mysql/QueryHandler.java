package io.dorisops.testkit.internal.mysql;

/**
 * Answers the statements a client sends to a {@link MysqlServer}. Called on the connection's thread;
 * one handler serves every connection, so implementations are thread-safe.
 */
@FunctionalInterface
public interface QueryHandler {

    /**
     * Answers one statement.
     *
     * @param session the connection: its user and current database
     * @param sql the statement text as sent (the driver's connect-time queries included)
     * @return a result set or an OK packet
     * @throws SqlError sent to the client as a MySQL ERR packet
     */
    QueryResult handle(Session session, String sql) throws SqlError;

    /**
     * Checks a database a client selects ({@code USE db}, {@code COM_INIT_DB}, the handshake's
     * database) before the session takes it; by default every name is accepted.
     *
     * @throws SqlError sent to the client instead of OK, the session keeping its database
     */
    default void checkDatabase(String database) throws SqlError {}

    /** The state of one client connection. */
    interface Session {
        /** The authenticated user. */
        String user();

        /** The current database, empty when none. */
        String database();

        /** A per-connection id. */
        long connectionId();
    }
}
