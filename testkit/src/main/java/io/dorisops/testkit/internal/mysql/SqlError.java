package io.dorisops.testkit.internal.mysql;

/** A MySQL error sent to the client as an ERR packet: code, SQL state and message, as the real server sends them. */
public final class SqlError extends Exception {
    private static final long serialVersionUID = 1L;

    /** ER_PARSE_ERROR. */
    public static final int PARSE_ERROR = 1064;
    /** ER_ACCESS_DENIED_ERROR. */
    public static final int ACCESS_DENIED = 1045;
    /** ER_UNKNOWN_ERROR, what Doris and StarRocks send for most analysis and DDL failures. */
    public static final int UNKNOWN_ERROR = 1105;

    private final int code;
    private final String sqlState;

    public SqlError(int code, String sqlState, String message) {
        super(message);
        this.code = code;
        this.sqlState = sqlState;
    }

    /** An ERR 1105 / HY000 with a message, the common Doris/StarRocks error. */
    public static SqlError of(String message) {
        return new SqlError(UNKNOWN_ERROR, "HY000", message);
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }
}
