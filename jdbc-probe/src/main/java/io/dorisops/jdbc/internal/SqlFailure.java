package io.dorisops.jdbc.internal;

import io.dorisops.DorisOpsException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A statement that failed on one FE, classified so the session knows whether to retry. */
public final class SqlFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of failure it is. */
    public enum Kind {
        /** The connection broke or timed out: find the master again and retry. */
        CONNECTION_LOST,
        /** The FE is not (or no longer) the master, or there is none yet: find the master again and retry. */
        NOT_MASTER,
        /** The server refused the statement: surfaced as it is. */
        REFUSED
    }

    /**
     * The messages Doris and StarRocks send when a statement reached an FE that is not the master or
     * could not reach one: {@code failed to forward stmt to master}, {@code Current FE is not the
     * leader}, {@code master is not ready}, {@code Node catalog is not ready}.
     */
    private static final Pattern NOT_MASTER =
            Pattern.compile("not\\s+(?:the\\s+|a\\s+)?(?:master|leader)|no\\s+(?:master|leader)|failed to forward"
                    + "|(?:master|leader)\\b[^.]*\\bnot\\s+(?:ready|found|elected)|catalog is not ready");

    private final transient FeEndpoint endpoint;
    private final transient Statement statement;
    private final Kind kind;
    private final String reason;

    private SqlFailure(
            FeEndpoint endpoint, Statement statement, Kind kind, String reason, Throwable cause, boolean onEndpoint) {
        super(onEndpoint ? endpoint.label() + ": " + reason : reason, cause);
        this.endpoint = endpoint;
        this.statement = statement;
        this.kind = kind;
        this.reason = reason;
    }

    /** Classifies a driver exception raised by {@code statement} on {@code endpoint}. */
    static SqlFailure of(FeEndpoint endpoint, Statement statement, SQLException e) {
        Kind kind = isConnectionLost(e)
                ? Kind.CONNECTION_LOST
                : NOT_MASTER
                                .matcher(String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT))
                                .find()
                        ? Kind.NOT_MASTER
                        : Kind.REFUSED;
        String reason = kind == Kind.CONNECTION_LOST ? connectReason(e) : statement.redact(firstLine(e.getMessage()));
        // A redacted statement's raw error may echo the secret, so it is not kept as the cause.
        return new SqlFailure(endpoint, statement, kind, reason, statement.redacted() ? null : e, true);
    }

    /** No FE named a master it could reach: {@code tried} says what each FE answered. */
    static SqlFailure noMaster(FeEndpoint first, List<String> tried) {
        return new SqlFailure(
                first,
                Statement.SHOW_FRONTENDS,
                Kind.NOT_MASTER,
                "no master: " + String.join("; ", tried),
                null,
                false);
    }

    /** The FE answered, but the statement should run on another FE: the master is elsewhere or absent. */
    static SqlFailure notMaster(FeEndpoint endpoint, Statement statement, String reason) {
        return new SqlFailure(endpoint, statement, Kind.NOT_MASTER, reason, null, true);
    }

    public Kind kind() {
        return kind;
    }

    /** A short reason, no secrets: {@code connection refused}, the server's message... */
    public String reason() {
        return reason;
    }

    /** The FE and the reason, or just the reason when the failure is not one FE's. */
    public String describe() {
        return getMessage();
    }

    /** The error a caller sees for a statement the server refused. */
    DorisOpsException toException() {
        SQLException cause = getCause() instanceof SQLException sql ? sql : null;
        String code = cause == null ? "" : " (error " + cause.getErrorCode() + ", state " + cause.getSQLState() + ")";
        return new DorisOpsException(
                DorisOpsException.message(
                        endpoint.label(),
                        "refused " + statement.shown(),
                        "",
                        reason + code,
                        "Fix what the message names (see fe.log on that FE for details); the statement was not"
                                + " retried."),
                cause);
    }

    /** True for a broken, refused or timed-out connection. */
    static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08"))
                || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException;
    }

    /** True for a wrong user or password (ER_ACCESS_DENIED_ERROR). */
    static boolean isAccessDenied(SQLException e) {
        return e.getErrorCode() == 1045 || "28000".equals(e.getSQLState());
    }

    /** Why a connection failed, from its root cause: {@code connection refused}, {@code timed out}... */
    static String connectReason(SQLException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof SocketTimeoutException) {
            return "timed out (" + firstLine(cause.getMessage()) + ")";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host " + firstLine(cause.getMessage());
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return firstLine(cause == e ? e.getMessage() : cause.getMessage() + " (" + firstLine(e.getMessage()) + ")");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }
}
