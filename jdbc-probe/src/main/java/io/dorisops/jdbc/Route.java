package io.dorisops.jdbc;

import java.net.InetSocketAddress;

/**
 * How dorisops reaches an FE's MySQL port: the address to connect to for the host and query port the FE
 * is known by (in the topology and in {@code SHOW FRONTENDS}). {@link #direct()} connects to that address
 * itself; a tunnel, such as a Kubernetes port-forward from outside the cluster, maps it to a local port.
 * The FE keeps its name in every message ({@code fe-1 (fe-1.doris:9030 via 127.0.0.1:41234)}), and
 * the master is still recognised by the address the FEs list.
 *
 * <pre>{@code
 * Route tunnel = (host, port) -> host.equals("fe-0.doris-fe-internal") ? new InetSocketAddress("127.0.0.1", 41234)
 *         : InetSocketAddress.createUnresolved(host, port);
 * JdbcClusterAdmin admin = JdbcClusterAdmin.builder(topology).route(tunnel).build();
 * }</pre>
 */
@FunctionalInterface
public interface Route {

    /**
     * The address to connect to for an FE known by {@code host} and {@code queryPort}.
     *
     * @param host the FE's host as the topology or {@code SHOW FRONTENDS} names it
     * @param queryPort its query port
     */
    InetSocketAddress connectTo(String host, int queryPort);

    /** Connects to the FE's own address. */
    static Route direct() {
        return InetSocketAddress::createUnresolved;
    }
}
