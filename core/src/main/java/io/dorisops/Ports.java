package io.dorisops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The ports of one node, named after the config keys of {@code fe.conf} and {@code be.conf}. A port
 * that does not apply to the node's role is {@code 0}. Made with {@link #builder()}, {@link #of(Map)}
 * or the shipped defaults; a port added later is one more accessor and builder method, so it breaks no
 * caller.
 *
 * <ul>
 *   <li>FE: {@code httpPort} (http_port), {@code rpcPort} (rpc_port), {@code queryPort} (query_port),
 *       {@code editLogPort} (edit_log_port).
 *   <li>BE and CN: {@code httpPort} (webserver_port), {@code bePort} (be_port), {@code heartbeatPort}
 *       (heartbeat_service_port), {@code brpcPort} (brpc_port).
 *   <li>MetaService and Recycler: {@code brpcPort} (brpc_listen_port).
 * </ul>
 *
 * <pre>{@code
 * Ports ports = Ports.beDefaults().toBuilder().heartbeatPort(19050).build();
 * }</pre>
 */
public final class Ports {

    /** No ports. */
    public static final Ports NONE = builder().build();

    private final int httpPort;
    private final int rpcPort;
    private final int queryPort;
    private final int editLogPort;
    private final int bePort;
    private final int heartbeatPort;
    private final int brpcPort;

    private Ports(Builder b) {
        this.httpPort = check("httpPort", b.httpPort);
        this.rpcPort = check("rpcPort", b.rpcPort);
        this.queryPort = check("queryPort", b.queryPort);
        this.editLogPort = check("editLogPort", b.editLogPort);
        this.bePort = check("bePort", b.bePort);
        this.heartbeatPort = check("heartbeatPort", b.heartbeatPort);
        this.brpcPort = check("brpcPort", b.brpcPort);
    }

    /** A builder with every port 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these ports, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .httpPort(httpPort)
                .rpcPort(rpcPort)
                .queryPort(queryPort)
                .editLogPort(editLogPort)
                .bePort(bePort)
                .heartbeatPort(heartbeatPort)
                .brpcPort(brpcPort);
    }

    /**
     * The ports of a map keyed by their names ({@code httpPort}, {@code rpcPort}, ...), the inverse of
     * {@link #inUse()}; a name not in the map is 0.
     *
     * @throws IllegalArgumentException naming a key that is not a port, or a port outside 1-65535
     */
    public static Ports of(Map<String, Integer> ports) {
        Builder builder = builder();
        ports.forEach((name, port) -> {
            switch (name) {
                case "httpPort" -> builder.httpPort(port);
                case "rpcPort" -> builder.rpcPort(port);
                case "queryPort" -> builder.queryPort(port);
                case "editLogPort" -> builder.editLogPort(port);
                case "bePort" -> builder.bePort(port);
                case "heartbeatPort" -> builder.heartbeatPort(port);
                case "brpcPort" -> builder.brpcPort(port);
                default -> throw new IllegalArgumentException(name + " is not a port; use httpPort, rpcPort,"
                        + " queryPort, editLogPort, bePort, heartbeatPort or brpcPort");
            }
        });
        return builder.build();
    }

    /** The shipped defaults of {@code fe.conf}: 8030, 9020, 9030, 9010. */
    public static Ports feDefaults() {
        return builder()
                .httpPort(8030)
                .rpcPort(9020)
                .queryPort(9030)
                .editLogPort(9010)
                .build();
    }

    /** The shipped defaults of {@code be.conf}: webserver 8040, be 9060, heartbeat 9050, brpc 8060. */
    public static Ports beDefaults() {
        return builder()
                .httpPort(8040)
                .bePort(9060)
                .heartbeatPort(9050)
                .brpcPort(8060)
                .build();
    }

    /** The MetaService default {@code brpc_listen_port} 5000. */
    public static Ports metaServiceDefaults() {
        return builder().brpcPort(5000).build();
    }

    /** The shipped defaults for a role. */
    public static Ports defaults(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> feDefaults();
            case BE, CN -> beDefaults();
            case META_SERVICE, RECYCLER -> metaServiceDefaults();
            case BROKER -> builder().brpcPort(8000).build();
        };
    }

    /** {@code http_port} (FE) or {@code webserver_port} (BE, CN). */
    public int httpPort() {
        return httpPort;
    }

    /** {@code rpc_port} (FE). */
    public int rpcPort() {
        return rpcPort;
    }

    /** {@code query_port} (FE), the MySQL protocol port. */
    public int queryPort() {
        return queryPort;
    }

    /** {@code edit_log_port} (FE), the address ALTER SYSTEM names an FE by. */
    public int editLogPort() {
        return editLogPort;
    }

    /** {@code be_port} (BE, CN). */
    public int bePort() {
        return bePort;
    }

    /** {@code heartbeat_service_port} (BE, CN), the address ALTER SYSTEM names a backend by. */
    public int heartbeatPort() {
        return heartbeatPort;
    }

    /** {@code brpc_port} (BE, CN), {@code brpc_listen_port} (MetaService, Recycler) or a broker's port. */
    public int brpcPort() {
        return brpcPort;
    }

    /** The ports in use (non-zero), by config name, in a stable order. */
    public Map<String, Integer> inUse() {
        var map = new LinkedHashMap<String, Integer>();
        put(map, "httpPort", httpPort);
        put(map, "rpcPort", rpcPort);
        put(map, "queryPort", queryPort);
        put(map, "editLogPort", editLogPort);
        put(map, "bePort", bePort);
        put(map, "heartbeatPort", heartbeatPort);
        put(map, "brpcPort", brpcPort);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ports p
                && httpPort == p.httpPort
                && rpcPort == p.rpcPort
                && queryPort == p.queryPort
                && editLogPort == p.editLogPort
                && bePort == p.bePort
                && heartbeatPort == p.heartbeatPort
                && brpcPort == p.brpcPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(httpPort, rpcPort, queryPort, editLogPort, bePort, heartbeatPort, brpcPort);
    }

    /** The ports in use, e.g. {@code Ports{httpPort=8040, bePort=9060, heartbeatPort=9050, brpcPort=8060}}. */
    @Override
    public String toString() {
        return "Ports" + inUse();
    }

    private static void put(Map<String, Integer> map, String name, int port) {
        if (port != 0) {
            map.put(name, port);
        }
    }

    private static int check(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is outside 1-65535");
        }
        return port;
    }

    /** Sets a {@link Ports}' values; each method names its config key. */
    public static final class Builder {
        private int httpPort;
        private int rpcPort;
        private int queryPort;
        private int editLogPort;
        private int bePort;
        private int heartbeatPort;
        private int brpcPort;

        private Builder() {}

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder rpcPort(int port) {
            this.rpcPort = port;
            return this;
        }

        public Builder queryPort(int port) {
            this.queryPort = port;
            return this;
        }

        public Builder editLogPort(int port) {
            this.editLogPort = port;
            return this;
        }

        public Builder bePort(int port) {
            this.bePort = port;
            return this;
        }

        public Builder heartbeatPort(int port) {
            this.heartbeatPort = port;
            return this;
        }

        public Builder brpcPort(int port) {
            this.brpcPort = port;
            return this;
        }

        /** @throws IllegalArgumentException naming a port outside 1-65535 (0 means not used) */
        public Ports build() {
            return new Ports(this);
        }
    }
}
