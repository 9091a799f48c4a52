package io.dorisops.testkit.internal.node;

import com.sun.net.httpserver.HttpServer;
import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.testkit.internal.FaultFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.Executors;

/**
 * A simulated BE or compute node: {@code /api/health} on {@code webserver_port}, heartbeat answers
 * on {@code heartbeat_service_port} (version, ports, start time), and bound {@code be_port} and
 * {@code brpc_port}. Like a real BE it remembers the first cluster id that heartbeats it and
 * refuses other clusters.
 */
final class BeNode {
    private final NodeContext ctx;
    private volatile String clusterId = "";

    BeNode(NodeContext ctx) {
        this.ctx = ctx;
    }

    void run() throws IOException, InterruptedException {
        ctx.begin(ctx.flavor.pidFile(ctx.role), false);
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
                        ctx.fault(FaultFile.HTTP_500)
                                ? "simulated fault http-500"
                                : "{\"status\": \"OK\",\"msg\": \"To Be Added\"}"));
        http.createContext("/", exchange -> Http.send(exchange, 404, "Not Found"));
        http.start();
        Peer.acceptAndClose(be, "be-port");
        Peer.acceptAndClose(brpc, "brpc");
        Peer.serve(heartbeat, "heartbeat", this::heartbeat);
        ctx.info((ctx.flavor == Flavor.DORIS ? "Doris" : "StarRocks") + " " + (ctx.role == Role.CN ? "CN" : "BE")
                + " started, version " + ctx.version);
        Thread.currentThread().join();
    }

    /** {@code HEARTBEAT <clusterId>} → {@code OK <version> <startMillis> <bePort> <httpPort> <brpcPort> <nodeRole>}. */
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
                + (computation ? "computation" : "mix");
    }
}
