package io.dorisops.testkit.internal.node;

import com.sun.net.httpserver.HttpServer;
import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.testkit.internal.FaultFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.Executors;

/**
 * A simulated BE or compute node: {@code /api/health} (and for Doris {@code /metrics}) on {@code
 * webserver_port}, heartbeat answers on {@code heartbeat_service_port} (version, ports, start time,
 * running fragments, stopping), its config ({@link BeConfigs}) on the HTTP port, a bound {@code be_port}, and on {@code brpc_port} the data path: a load's
 * write and a query's scan. Like a real BE it remembers the first cluster id that heartbeats it and
 * refuses other clusters. Its graceful stop is {@link BackendShutdown}'s.
 */
final class BeNode {
    private final NodeContext ctx;
    private final BackendShutdown shutdown;
    private volatile String clusterId = "";

    BeNode(NodeContext ctx) {
        this.ctx = ctx;
        this.shutdown = new BackendShutdown(ctx);
    }

    void run() throws IOException, InterruptedException {
        ctx.begin(ctx.flavor.pidFile(ctx.role), false);
        BeConfigs configs = readConfigs();
        shutdown.install();
        ServerSocket heartbeat = ctx.bind("heartbeat_service_port", ctx.port("heartbeat_service_port"));
        String beKey = ctx.conf.containsKey("thrift_port") ? "thrift_port" : "be_port";
        ServerSocket be = ctx.bind(beKey, ctx.port(beKey));
        ServerSocket brpc = ctx.bind("brpc_port", ctx.port("brpc_port"));
        String httpKey = ctx.httpPortKey();
        ServerSocket web = ctx.bind(httpKey, ctx.port(httpKey));
        web.close();
        ctx.startupDelay();
        HttpServer http = HttpServer.create(new java.net.InetSocketAddress(ctx.host, ctx.port(httpKey)), 64);
        http.setExecutor(Executors.newFixedThreadPool(2));
        http.createContext(
                "/api/health",
                exchange -> Http.send(
                        exchange,
                        ctx.fault(FaultFile.HTTP_500) ? 500 : 200,
                        ctx.fault(FaultFile.HTTP_500) ? "simulated fault http-500" : shutdown.healthBody()));
        if (ctx.flavor == Flavor.DORIS) {
            http.createContext("/metrics", exchange -> Http.send(exchange, 200, metrics()));
        }
        serveConfig(http, configs);
        http.createContext("/", exchange -> Http.send(exchange, 404, "Not Found"));
        http.start();
        Peer.acceptAndClose(be, "be-port");
        Peer.serve(brpc, "brpc", this::brpc);
        Peer.serve(heartbeat, "heartbeat", this::heartbeat);
        ctx.info((ctx.flavor == Flavor.DORIS ? "Doris" : "StarRocks") + " " + (ctx.role == Role.CN ? "CN" : "BE")
                + " started, version " + ctx.version);
        Thread.currentThread().join();
    }

    /** The config table from the conf files; a value that does not fit its key ends the process, as it ends a BE. */
    private BeConfigs readConfigs() {
        try {
            return new BeConfigs(ctx);
        } catch (IllegalArgumentException e) {
            ctx.fatal(e.getMessage());
            throw e;
        }
    }

    /**
     * The config endpoints ({@link BeConfigs}): Doris {@code GET /api/show_config}, StarRocks {@code GET
     * /varz}, both {@code POST /api/update_config}; another method is not found, as on the real server,
     * whose handlers are registered per method.
     */
    private void serveConfig(HttpServer http, BeConfigs configs) {
        String show = ctx.flavor == Flavor.DORIS ? "/api/show_config" : "/varz";
        http.createContext(show, exchange -> {
            boolean get = exchange.getRequestMethod().equals("GET");
            Http.send(
                    exchange,
                    get ? 200 : 404,
                    !get ? "Not Found" : ctx.flavor == Flavor.DORIS ? configs.showConfig() : configs.varz());
        });
        http.createContext("/api/update_config", exchange -> {
            boolean post = exchange.getRequestMethod().equals("POST");
            Http.send(exchange, post ? 200 : 404, post ? configs.update(Http.query(exchange)) : "Not Found");
        });
    }

    /**
     * The Doris BE's Prometheus text on {@code /metrics}, of which the sandbox serves the running fragments:
     * {@code doris_be_fragment_instance_count}, a gauge of the fragment instances the BE runs now ({@code
     * be/src/runtime/fragment_mgr.cpp} {@code DEFINE_GAUGE_METRIC_PROTOTYPE_2ARG(fragment_instance_count, ...)};
     * the metrics doc: "The number of fragment instances currently received"). The real page has hundreds
     * more lines; read it by name.
     */
    private String metrics() {
        return "# TYPE doris_be_fragment_instance_count gauge\ndoris_be_fragment_instance_count " + shutdown.running()
                + "\n";
    }

    /**
     * {@code WRITE <txn>} → {@code OK} (a load's rows are kept by the master's catalog); {@code SCAN
     * <millis>} → {@code OK} after the query ran that long here, logging {@code exec plan fragment} when it
     * starts (the sandbox's line; tests await it rather than sleep), counted as a running fragment while
     * it runs. A backend that stops meanwhile closes the connection, which fails the query as a crashed
     * backend fails it.
     */
    private String brpc(String request) {
        String[] parts = request.split(" ");
        if (parts.length == 2 && parts[0].equals("WRITE")) {
            return "OK";
        }
        if (parts.length == 2 && parts[0].equals("SCAN") && parts[1].matches("\\d{1,6}")) {
            return shutdown.fragment(() -> {
                ctx.info("exec plan fragment: scan for " + parts[1] + " ms");
                try {
                    Thread.sleep(Long.parseLong(parts[1]));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                return "OK";
            });
        }
        return "ERR invalid request";
    }

    /**
     * {@code HEARTBEAT <clusterId>} → {@code OK <version> <startMillis> <bePort> <httpPort> <brpcPort>
     * <nodeRole> <runningFragments> <stopping>}.
     */
    private String heartbeat(String request) {
        if (ctx.fault(FaultFile.DROP_HEARTBEATS)) {
            return null;
        }
        String[] parts = request.split(" ");
        if (parts.length < 2 || !parts[0].equals("HEARTBEAT")) {
            return "ERR invalid heartbeat request";
        }
        synchronized (this) {
            if (clusterId.isEmpty()) {
                clusterId = parts[1];
            } else if (!clusterId.equals(parts[1])) {
                return "ERR invalid cluster id. ignore. Record cluster id: " + clusterId + ", request cluster id: "
                        + parts[1];
            }
        }
        boolean computation = ctx.role == Role.CN || "computation".equals(ctx.conf.get("be_node_role"));
        String beKey = ctx.conf.containsKey("thrift_port") ? "thrift_port" : "be_port";
        return "OK " + ctx.version + " " + ctx.startMillis + " " + ctx.port(beKey) + " "
                + ctx.port(ctx.httpPortKey()) + " " + ctx.port("brpc_port") + " "
                + (computation ? "computation" : "mix") + " " + shutdown.running() + " " + shutdown.stopping();
    }
}
