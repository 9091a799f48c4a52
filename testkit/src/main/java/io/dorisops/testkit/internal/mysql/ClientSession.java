package io.dorisops.testkit.internal.mysql;

import java.util.HashMap;
import java.util.Map;

/** The state of one connection: who, which database, and the session variables it has set. */
final class ClientSession implements QueryHandler.Session {
    private final String user;
    private final long connectionId;
    private final Map<String, String> variables = new HashMap<>();
    private volatile String database = "";

    ClientSession(String user, long connectionId) {
        this.user = user;
        this.connectionId = connectionId;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public long connectionId() {
        return connectionId;
    }

    void database(String name) {
        database = name;
    }

    /** Variables set with {@code SET}; a {@code null} value was set to NULL. */
    Map<String, String> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return "Session[" + connectionId + " " + user + "]";
    }
}
