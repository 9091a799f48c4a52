package io.dorisops.testkit.internal.sql;

import static java.util.Objects.requireNonNull;

/**
 * A node address as {@code ALTER SYSTEM} statements write it, {@code "host:port"}.
 *
 * @param host an IP address or host name
 * @param port 1-65535 (a BE's heartbeat port, an FE's edit log port)
 */
public record HostPort(String host, int port) {
    public HostPort {
        requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    /** {@code host:port}, as the statements and {@code SHOW} rows write it. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
