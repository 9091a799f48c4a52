package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.jdbc.Route;
import java.net.InetSocketAddress;

/**
 * An FE's MySQL port as dorisops connects to it.
 *
 * @param label how messages name it: {@code fe-1 (10.0.0.11:9030)}, through a tunnel {@code fe-1
 *     (fe-1.doris:9030 via 127.0.0.1:41234)}
 * @param host a validated host: the FE's own, as the FEs list it
 * @param port the query port the FEs list
 * @param connectHost where the connection goes: {@code host} unless a {@link Route} maps it elsewhere
 * @param connectPort the port the connection goes to
 */
public record FeEndpoint(String label, String host, int port, String connectHost, int connectPort) {
    public FeEndpoint {
        requireNonNull(label, "label");
        requireNonNull(host, "host");
        requireNonNull(connectHost, "connectHost");
    }

    /** An endpoint named {@code id (host:port)}, host and port validated, connected to directly. */
    public static FeEndpoint of(String id, String host, int port) {
        return of(id, host, port, Route.direct());
    }

    /** An endpoint named {@code id (host:port)}, host and port validated, connected to through {@code route}. */
    public static FeEndpoint of(String id, String host, int port, Route route) {
        String address = Addresses.hostPort(host, port, id + " query");
        String valid = Addresses.host(host, id + " host");
        InetSocketAddress to = requireNonNull(route.connectTo(valid, port), "the route's address for " + address);
        String connectHost = to.getHostString();
        boolean routed = to.getPort() != port || !connectHost.equalsIgnoreCase(valid);
        String label = id + " (" + address
                + (routed ? " via " + Addresses.hostPort(connectHost, to.getPort(), id + " route") : "") + ")";
        return new FeEndpoint(label, valid, port, connectHost, to.getPort());
    }

    /** The JDBC URL, without credentials. */
    public String url() {
        return "jdbc:mysql://" + (connectHost.contains(":") ? "[" + connectHost + "]" : connectHost) + ":" + connectPort
                + "/";
    }

    /** True when this endpoint is the given host and port, as the FEs list them. */
    public boolean is(String otherHost, int otherPort) {
        return port == otherPort && Addresses.sameHost(host, otherHost);
    }

    @Override
    public String toString() {
        return label;
    }
}
