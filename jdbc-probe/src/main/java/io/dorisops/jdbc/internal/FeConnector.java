package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Topology;
import io.dorisops.internal.Durations;
import java.security.cert.CertificateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Opens mysql-connector-j connections to an FE with the topology's {@code sql} settings: user and
 * password (read from its secret now, only into the driver's properties, never a URL or message),
 * timeouts, TLS mode and CA, and the driver options that keep a connection to one plain statement at a
 * time. Translates the failures a user must fix (a wrong password, a certificate TLS refused) into
 * messages naming the FE and what to check.
 */
final class FeConnector {
    private final Topology.Sql sql;

    FeConnector(Topology.Sql sql) {
        this.sql = requireNonNull(sql, "sql");
    }

    /**
     * Opens a connection to the FE.
     *
     * @throws DorisOpsException for a wrong user or password, or a certificate TLS refused
     * @throws SqlFailure for any other failure to connect (unreachable, timed out)
     */
    Connection open(FeEndpoint endpoint) throws SqlFailure {
        Properties properties = new Properties();
        properties.setProperty("user", sql.user());
        properties.setProperty("password", sql.password().reveal());
        properties.setProperty("connectTimeout", String.valueOf(Durations.intMillis(sql.connectTimeout())));
        properties.setProperty("socketTimeout", String.valueOf(Durations.intMillis(sql.socketTimeout())));
        properties.setProperty("sslMode", sslMode(sql.tls()));
        if (sql.tls().verifies()) {
            sql.tlsCa().ifPresent(ca -> {
                TrustStores.Store store = TrustStores.forCa(ca);
                properties.setProperty(
                        "trustCertificateKeyStoreUrl", store.file().toUri().toString());
                properties.setProperty("trustCertificateKeyStoreType", "PKCS12");
                properties.setProperty("trustCertificateKeyStorePassword", store.password());
                // Only the topology's CA: a certificate some public CA signed for the address is not enough.
                properties.setProperty("fallbackToSystemTrustStore", "false");
            });
        }
        properties.setProperty("allowPublicKeyRetrieval", "false");
        properties.setProperty("allowLoadLocalInfile", "false");
        properties.setProperty("allowMultiQueries", "false");
        properties.setProperty("autoReconnect", "false");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("characterEncoding", "UTF-8");
        properties.setProperty("useLocalSessionState", "true");
        properties.setProperty("connectionAttributes", "none");
        try {
            return DriverManager.getConnection(endpoint.url(), properties);
        } catch (SQLException e) {
            if (SqlFailure.isAccessDenied(e)) {
                throw new DorisOpsException(DorisOpsException.message(
                        endpoint.label(),
                        "access denied for SQL user '" + sql.user() + "'",
                        "",
                        SqlFailure.connectReason(e),
                        "Check the topology's sql.user and sql.password (source "
                                + sql.password().source() + ") and that this user may log in from this host."));
            }
            if (sql.tls().verifies() && isCertificateFailure(e)) {
                throw new DorisOpsException(
                        DorisOpsException.message(
                                endpoint.label(),
                                "TLS " + sql.tls().key() + " refused the FE's certificate",
                                "",
                                SqlFailure.connectReason(e),
                                sql.tls() == Topology.TlsMode.VERIFY_IDENTITY
                                        ? "The certificate must be signed by the CA in sql.tlsCa ("
                                                + sql.tlsCa()
                                                        .map(Object::toString)
                                                        .orElse("the JVM trust store")
                                                + ") and name the host " + endpoint.host()
                                                + " as the topology spells it; fix the FE's certificate or the host, or use"
                                                + " tls: verify-ca"
                                        : "Point sql.tlsCa ("
                                                + sql.tlsCa()
                                                        .map(Object::toString)
                                                        .orElse("unset: the JVM trust store")
                                                + ") at the CA that signed the FE's certificate, or give the FE a"
                                                + " certificate signed by it"),
                        e);
            }
            throw SqlFailure.of(endpoint, Statement.of("connect"), e);
        }
    }

    private static String sslMode(Topology.TlsMode mode) {
        return switch (mode) {
            case DISABLED -> "DISABLED";
            case REQUIRED -> "REQUIRED";
            case VERIFY_CA -> "VERIFY_CA";
            case VERIFY_IDENTITY -> "VERIFY_IDENTITY";
        };
    }

    /** A TLS handshake that failed because the FE's certificate was not trusted or named another host. */
    private static boolean isCertificateFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException
                    || cause instanceof SSLPeerUnverifiedException
                    || cause instanceof CertificateException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
