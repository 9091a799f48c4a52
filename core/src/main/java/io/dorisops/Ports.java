package io.dorisops;

/**
 * The ports of one node, named after the config keys of {@code fe.conf} and {@code be.conf}. A port
 * that does not apply to the node's role is {@code 0}.
 *
 * <ul>
 *   <li>FE: {@code httpPort} (http_port), {@code rpcPort} (rpc_port), {@code queryPort} (query_port),
 *       {@code editLogPort} (edit_log_port).
 *   <li>BE and CN: {@code httpPort} (webserver_port), {@code bePort} (be_port), {@code heartbeatPort}
 *       (heartbeat_service_port), {@code brpcPort} (brpc_port).
 *   <li>MetaService and Recycler: {@code brpcPort} (brpc_listen_port).
 * </ul>
 */
public record Ports(
        int httpPort, int rpcPort, int queryPort, int editLogPort, int bePort, int heartbeatPort, int brpcPort) {

    /** No ports. */
    public static final Ports NONE = new Ports(0, 0, 0, 0, 0, 0, 0);

    /** Validates that every port is 0 (not used) or within 1..65535. */
    public Ports {
        check("httpPort", httpPort);
        check("rpcPort", rpcPort);
        check("queryPort", queryPort);
        check("editLogPort", editLogPort);
        check("bePort", bePort);
        check("heartbeatPort", heartbeatPort);
        check("brpcPort", brpcPort);
    }

    /** The shipped defaults of {@code fe.conf}: 8030, 9020, 9030, 9010. */
    public static Ports feDefaults() {
        return new Ports(8030, 9020, 9030, 9010, 0, 0, 0);
    }

    /** The shipped defaults of {@code be.conf}: webserver 8040, be 9060, heartbeat 9050, brpc 8060. */
    public static Ports beDefaults() {
        return new Ports(8040, 0, 0, 0, 9060, 9050, 8060);
    }

    /** The MetaService default {@code brpc_listen_port} 5000. */
    public static Ports metaServiceDefaults() {
        return new Ports(0, 0, 0, 0, 0, 0, 5000);
    }

    /** The shipped defaults for a role. */
    public static Ports defaults(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> feDefaults();
            case BE, CN -> beDefaults();
            case META_SERVICE, RECYCLER -> metaServiceDefaults();
            case BROKER -> new Ports(0, 0, 0, 0, 0, 0, 8000);
        };
    }

    /** The ports in use (non-zero), by config name, in a stable order. */
    public java.util.Map<String, Integer> inUse() {
        var map = new java.util.LinkedHashMap<String, Integer>();
        put(map, "httpPort", httpPort);
        put(map, "rpcPort", rpcPort);
        put(map, "queryPort", queryPort);
        put(map, "editLogPort", editLogPort);
        put(map, "bePort", bePort);
        put(map, "heartbeatPort", heartbeatPort);
        put(map, "brpcPort", brpcPort);
        return java.util.Collections.unmodifiableMap(map);
    }

    private static void put(java.util.Map<String, Integer> map, String name, int port) {
        if (port != 0) {
            map.put(name, port);
        }
    }

    private static void check(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is outside 1-65535");
        }
    }
}
