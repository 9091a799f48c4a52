package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

/**
 * An FE's MySQL port as dorisops connects to it.
 *
 * @param label how messages name it: {@code fe-1 (10.0.0.11:9030)}
 * @param host a validated host
 * @param port the query port
 */
public record FeEndpoint(String label, String host, int port) {
    public FeEndpoint {
        requireNonNull(label, "label");
        requireNonNull(host, "host");
    }

    /** An endpoint named {@code id (host:port)}, host and port validated. */
    public static FeEndpoint of(String id, String host, int port) {
        String address = Addresses.hostPort(host, port, id + " query");
        return new FeEndpoint(id + " (" + address + ")", Addresses.host(host, id + " host"), port);
    }

    /** The JDBC URL, without credentials. */
    public String url() {
        return "jdbc:mysql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    /** True when this endpoint is the given host and port. */
    public boolean is(String otherHost, int otherPort) {
        return port == otherPort && Addresses.sameHost(host, otherHost);
    }

    @Override
    public String toString() {
        return label;
    }
}
