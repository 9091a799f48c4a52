package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The HTTP API of a simulated FE on {@code http_port}: {@code /api/bootstrap} (readiness, and with
 * {@code cluster_id} and {@code token} the identity check, in the body shapes of each flavor and
 * version: the httpv2 envelope {@code {msg, code, data, count}} for Doris 1.1 and later, the flat
 * {@code {status, msg}} for StarRocks and older Doris) and {@code /api/health} (backends online of total). The fault {@code http-500} answers
 * both with 500.
 *
 * <p>Doris with {@code enable_all_http_auth = true} in {@code fe.conf} checks HTTP basic auth first,
 * as {@code BootstrapFinishAction} and {@code HealthAction} do ({@code if (Config.enable_all_http_auth)
 * { executeCheckPassword(request, response); }}); a refusal is HTTP 200 with {@code code 401}
 * ({@code RestApiExceptionHandler.unauthorizedHandler} → {@code ResponseEntityBuilder.unauthorized},
 * {@code ResponseEntity.status(HttpStatus.OK)}).
 */
final class FeHttp {
    private final FeNode fe;
    private final boolean httpAuth;

    FeHttp(FeNode fe) {
        this.fe = fe;
        this.httpAuth = fe.ctx.flavor == Flavor.DORIS
                && Boolean.parseBoolean(fe.ctx.conf.getOrDefault("enable_all_http_auth", "false"));
    }

    /** Binds {@code http_port} and serves the API: once the FE is ready, as the real one. */
    static void serve(FeNode fe) throws IOException {
        HttpServer http = HttpServer.create();
        try {
            http.bind(new InetSocketAddress(fe.ctx.host, fe.ctx.port("http_port")), 64);
        } catch (IOException e) {
            fe.ctx.fatal("cannot listen on http_port " + fe.ctx.port("http_port") + ": " + e.getMessage()
                    + ". Stop the process holding it or change http_port in the conf file.");
        }
        http.setExecutor(Executors.newFixedThreadPool(2));
        FeHttp api = new FeHttp(fe);
        http.createContext("/api/bootstrap", api::bootstrap);
        http.createContext("/api/health", api::health);
        if (fe.ctx.flavor == Flavor.DORIS) {
            http.createContext("/api/_set_config", api::setConfig);
        }
        http.createContext("/", exchange -> Http.send(exchange, 404, "Not Found"));
        http.start();
    }

    void bootstrap(HttpExchange exchange) throws IOException {
        if (fe.ctx.fault(FaultFile.HTTP_500)) {
            Http.send(exchange, 500, "simulated fault http-500");
            return;
        }
        if (refused(exchange)) {
            return;
        }
        Map<String, String> params = Http.query(exchange);
        String clusterId = params.getOrDefault("cluster_id", "");
        String token = params.getOrDefault("token", "");
        boolean check = !clusterId.isEmpty() && !token.isEmpty();
        Version version = Version.parse(fe.ctx.version);
        Catalog current = fe.snapshot();
        ObjectNode body = SandboxSpec.JSON.createObjectNode();
        if (fe.ctx.flavor == Flavor.STARROCKS) {
            body.put("replayedJournalId", 0)
                    .put("queryPort", 0)
                    .put("rpcPort", 0)
                    .put("feStartTime", 0);
            if (!fe.isReady()) {
                body.put("status", "FAILED").put("msg", "not ready");
            } else if (check && !clusterId.equals(String.valueOf(current.clusterId))) {
                body.put("status", "FAILED").put("msg", "invalid cluster id: " + current.clusterId);
            } else if (check && !token.equals(current.token)) {
                body.put("status", "FAILED").put("msg", "invalid token: " + current.token);
            } else {
                if (check) {
                    body.put("replayedJournalId", current.journalId)
                            .put("queryPort", fe.ctx.port("query_port"))
                            .put("rpcPort", fe.ctx.port("rpc_port"))
                            .put("feStartTime", fe.ctx.startMillis)
                            .put("feVersion", fe.ctx.version);
                }
                body.put("status", "OK").put("msg", "Success");
            }
            Http.send(exchange, 200, body.toString());
            return;
        }
        // Doris 1.1 and later serve the Spring (httpv2) envelope: enable_http_server_v2 is true by default
        // and BootstrapFinishAction answers ResponseEntityBuilder.ok/okWithCommonError (Catalog era,
        // @02bba3a6). Only the older, non-Spring server answers the flat shape (where the switch
        // flipped before 1.1 is unverified).
        boolean legacy = version.compareTo(Version.of(1, 1, 0)) < 0;
        if (!fe.isReady()) {
            Http.send(exchange, 200, legacy ? "{\"status\":\"FAILED\",\"msg\":\"not ready\"}" : error("not ready"));
            return;
        }
        if (legacy) {
            Http.send(exchange, 200, "{\"status\":\"OK\",\"msg\":\"Success\"}");
            return;
        }
        if (check) {
            try {
                Integer.parseInt(clusterId);
            } catch (NumberFormatException e) {
                Http.send(
                        exchange,
                        200,
                        "{\"msg\":\"Bad Request\",\"code\":403,\"data\":\"invalid cluster id format: " + clusterId
                                + "\",\"count\":0}");
                return;
            }
            if (!clusterId.equals(String.valueOf(current.clusterId))) {
                Http.send(exchange, 200, error("invalid cluster id: " + clusterId));
                return;
            }
            if (!token.equals(current.token)) {
                Http.send(exchange, 200, error("invalid token: " + token));
                return;
            }
        }
        ObjectNode data = body.putObject("data");
        data.put("replayedJournalId", check ? current.journalId : 0)
                .put("queryPort", check ? fe.ctx.port("query_port") : 0)
                .put("rpcPort", check ? fe.ctx.port("rpc_port") : 0);
        if (version.compareTo(Version.of(2, 1, 0)) >= 0) {
            data.put("arrowFlightSqlPort", check ? -1 : 0);
        }
        data.put("version", check ? fe.ctx.version : "");
        if (version.major() < 2) {
            // 1.x BootstrapResult also has startTime (-1 unless asked with cluster_id and token).
            data.put("startTime", check ? fe.ctx.startMillis : -1);
        }
        ObjectNode envelope = SandboxSpec.JSON.createObjectNode();
        envelope.put("msg", "success").put("code", 0).set("data", data);
        envelope.put("count", 0);
        Http.send(exchange, 200, envelope.toString());
    }

    /**
     * {@code RestBaseController.executeCheckPassword}: no or an unreadable {@code Authorization} header
     * is {@code "Need auth information."}, a wrong user or password {@code "Access denied for
     * user@ip"}; sends the refusal and returns true, or returns false when the request may go on.
     */
    private boolean refused(HttpExchange exchange) throws IOException {
        return refused(exchange, httpAuth);
    }

    /** {@link #refused(HttpExchange)} for an action that always checks the password ({@code check}). */
    private boolean refused(HttpExchange exchange, boolean check) throws IOException {
        if (!check) {
            return false;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String[] parts = header == null ? new String[0] : header.split(" ");
        String credentials;
        try {
            credentials =
                    parts.length == 2 ? new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8) : "";
        } catch (IllegalArgumentException e) {
            credentials = "";
        }
        int colon = credentials.indexOf(':');
        String refusal;
        if (colon < 0) {
            refusal = "Need auth information.";
        } else if (credentials.substring(0, colon).equals("root")
                && credentials.substring(colon + 1).equals(fe.ctx.sqlPassword())) {
            return false;
        } else {
            refusal = "Access denied for " + credentials.substring(0, colon) + "@"
                    + exchange.getRemoteAddress().getAddress().getHostAddress();
        }
        ObjectNode body = SandboxSpec.JSON.createObjectNode();
        body.put("msg", "Unauthorized").put("code", 401).put("data", refusal).put("count", 0);
        Http.send(exchange, 200, body.toString());
        return true;
    }

    /** Doris {@code GET /api/_set_config} ({@link FeSetConfig}), which always checks the password. */
    void setConfig(HttpExchange exchange) throws IOException {
        if (refused(exchange, true)) {
            return;
        }
        Http.send(exchange, 200, FeSetConfig.handle(fe.ctx, fe.configs, Http.query(exchange)));
    }

    private static String error(String data) {
        ObjectNode body = SandboxSpec.JSON.createObjectNode();
        body.put("msg", "Error").put("code", 1).put("data", data).put("count", 0);
        return body.toString();
    }

    void health(HttpExchange exchange) throws IOException {
        if (fe.ctx.fault(FaultFile.HTTP_500)) {
            Http.send(exchange, 500, "simulated fault http-500");
            return;
        }
        if (refused(exchange)) {
            return;
        }
        Catalog current = fe.snapshot();
        long total = current.backends.stream().filter(be -> !be.computeNode).count();
        long online = current.backends.stream()
                .filter(be -> !be.computeNode)
                .filter(be -> fe.beRuntime.containsKey(be.id) && fe.beRuntime.get(be.id).alive)
                .count();
        ObjectNode counts = SandboxSpec.JSON.createObjectNode();
        counts.put("online_backend_num", online).put("total_backend_num", total);
        if (fe.ctx.flavor == Flavor.STARROCKS) {
            counts.put("status", "OK");
            Http.send(exchange, 200, counts.toString());
            return;
        }
        ObjectNode envelope = SandboxSpec.JSON.createObjectNode();
        envelope.put("msg", "success").put("code", 0).set("data", counts);
        envelope.put("count", 0);
        Http.send(exchange, 200, envelope.toString());
    }
}
