package io.dorisops;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.internal.Durations;
import io.dorisops.spi.HealthProbe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges nodes over their HTTP endpoints, as the runbooks do by hand.
 *
 * <ul>
 *   <li>FE: {@code GET http://host:httpPort/api/bootstrap}. Doris answers {@code {msg, code, data,
 *       count}}: {@code code=0} is READY, {@code code=1} with data {@code "not ready"} is STARTING.
 *       StarRocks and legacy Doris answer flat {@code {status, msg}}: {@code status=OK} is READY,
 *       {@code FAILED} with {@code "not ready"} is STARTING. A starting FE answers nothing (it opens
 *       its HTTP port once it is ready), so it is DOWN; "not ready" comes from an FE that served and
 *       lost its master. The version comes from {@code data.version} (Doris) or {@code feVersion}
 *       (StarRocks) when the FE fills it in.
 *   <li>Doris FE with {@code enable_all_http_auth = true}: it refuses a request without credentials
 *       with {@code code=401}; a probe made {@link #of(Topology)} then asks again with the topology's
 *       SQL user and password as HTTP basic auth, and keeps sending them to that FE. The password is
 *       never logged nor put in the evidence.
 *   <li>BE and CN: {@code GET http://host:httpPort/api/health}; {@code {"status": "OK"}} is READY.
 *       Doris since apache/doris#56601 answers HTTP 200 {@code {"status": "Server is not available",
 *       "msg": "Server is not ready"}} while starting (STARTING) and {@code "msg": "Server is shutting
 *       down"} in a graceful shutdown (DOWN). It only shows that the BE's HTTP server is up, not that
 *       the FE sees it (use {@code SHOW BACKENDS} for that).
 *   <li>MetaService, Recycler and Broker: a TCP connect to {@code brpcPort}: READY when it accepts.
 * </ul>
 *
 * <p>A refused connection or no answer within the timeout is DOWN; an HTTP status other than 200 is
 * UNKNOWN with the status and a body excerpt; a 200 whose body is not one of the known shapes is
 * UNKNOWN with an excerpt, never READY. {@link #probe} never throws for an unhealthy node.
 *
 * <pre>{@code
 * HealthProbe probe = HttpHealthProbe.of(topology);
 * Map<String, Health> health = probe.probeAll(topology.nodes(), 16);
 * }</pre>
 *
 * <p>All probes share one OkHttp client (connection pool and threads); each probe instance applies
 * its own timeout. Thread-safe.
 */
public final class HttpHealthProbe implements HealthProbe {

    private static final Logger log = LoggerFactory.getLogger(HttpHealthProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT_CHARS = 200;
    private static final long MAX_BODY_BYTES = 64 * 1024;
    /** The {@code status} of a Doris BE's {@code /api/health} that is starting or shutting down. */
    private static final String BE_NOT_AVAILABLE = "Server is not available";

    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            // A pooled connection the node closed while idle ("unexpected end of stream") is retried on a
            // fresh one; OkHttp does not retry a request the node received (read timeout, HTTP errors).
            .retryOnConnectionFailure(true)
            .followRedirects(false)
            // Cluster nodes are reached directly; a proxy would judge itself, not the node.
            .proxy(Proxy.NO_PROXY)
            .build();

    private final OkHttpClient client;
    private final Duration timeout;
    /** The SQL user sent as basic auth to an FE that asks for it; empty: none. */
    private final Optional<Topology.Sql> credentials;
    /** The FEs ({@code host:port}) that asked for HTTP auth: later probes send it at once. */
    private final java.util.Set<String> authRequired = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private HttpHealthProbe(Duration timeout, Optional<Topology.Sql> credentials) {
        this.timeout = timeout;
        this.credentials = credentials;
        // OkHttp, like a socket, takes at most Integer.MAX_VALUE ms (24.8 days); Durations.MAX is 30 days.
        Duration capped = Duration.ofMillis(Durations.intMillis(timeout));
        this.client = SHARED.newBuilder()
                .connectTimeout(capped)
                .readTimeout(capped)
                .writeTimeout(capped)
                .callTimeout(capped)
                .build();
    }

    /**
     * A probe with the topology's probe timeout ({@code timeouts.probe}) that sends the topology's SQL
     * user ({@code sql.user}, {@code sql.password}) as HTTP basic auth to an FE that refuses a request
     * without it ({@code enable_all_http_auth = true}).
     */
    public static HttpHealthProbe of(Topology topology) {
        requireNonNull(topology, "topology");
        return new HttpHealthProbe(topology.timeouts().probe(), Optional.of(topology.sql()));
    }

    /** A probe with the given per-call timeout. */
    public static HttpHealthProbe withTimeout(Duration timeout) {
        return new HttpHealthProbe(Durations.positive("timeout", timeout), Optional.empty());
    }

    /** The per-call timeout. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Health probe(Node node) {
        requireNonNull(node, "node");
        long start = System.nanoTime();
        Verdict verdict =
                switch (node.role()) {
                    case FE_FOLLOWER, FE_OBSERVER -> http(node, "/api/bootstrap");
                    case BE, CN -> http(node, "/api/health");
                    case META_SERVICE, RECYCLER, BROKER -> tcp(node);
                };
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        log.debug("{}: {} ({})", node.label(), verdict.status, verdict.evidence);
        return new Health(node.id(), verdict.status, verdict.evidence, latency, verdict.version);
    }

    private Verdict http(Node node, String path) {
        int port = node.ports().httpPort();
        if (port == 0) {
            return new Verdict(Health.Status.UNKNOWN, "no httpPort configured for " + node.id(), Optional.empty());
        }
        HttpUrl url = new HttpUrl.Builder()
                .scheme("http")
                .host(node.host())
                .port(port)
                .encodedPath(path)
                .build();
        String address = node.host() + ":" + port;
        boolean auth = authRequired.contains(address);
        Verdict verdict = get(node, port, url, path, auth);
        if (!auth && verdict.unauthorized() && credentials.isPresent()) {
            authRequired.add(address);
            verdict = get(node, port, url, path, true);
        }
        if (verdict.unauthorized()) {
            return new Verdict(
                    Health.Status.UNKNOWN,
                    verdict.evidence() + "; the FE asks for HTTP auth (enable_all_http_auth)"
                            + credentials
                                    .map(sql ->
                                            ": it refused sql.user " + sql.user() + "; check sql.user and sql.password")
                                    .orElse(": build the probe with HttpHealthProbe.of(topology) to send sql.user"),
                    Optional.empty());
        }
        return verdict;
    }

    private Verdict get(Node node, int port, HttpUrl url, String path, boolean auth) {
        Request.Builder request = new Request.Builder().url(url).get();
        if (auth) {
            Topology.Sql sql = credentials.orElseThrow();
            try {
                request.header("Authorization", io.dorisops.internal.HttpAuth.basic(sql.user(), sql.password()));
            } catch (DorisOpsException e) {
                return new Verdict(
                        Health.Status.UNKNOWN,
                        path + ": the FE asks for HTTP auth and sql.password cannot be read: " + e.getMessage(),
                        Optional.empty());
            }
        }
        try (Response response = client.newCall(request.build()).execute()) {
            String body = response.peekBody(MAX_BODY_BYTES).string();
            if (response.code() != 200) {
                return new Verdict(
                        Health.Status.UNKNOWN,
                        path + " HTTP " + response.code() + ": " + excerpt(body),
                        Optional.empty());
            }
            return interpret(path, body);
        } catch (IOException e) {
            return down(node, port, e);
        }
    }

    private Verdict tcp(Node node) {
        int port = node.ports().brpcPort();
        if (port == 0) {
            return new Verdict(Health.Status.UNKNOWN, "no brpcPort configured for " + node.id(), Optional.empty());
        }
        try (Socket socket = new Socket(Proxy.NO_PROXY)) {
            socket.connect(new InetSocketAddress(node.host(), port), Durations.intMillis(timeout));
            return new Verdict(
                    Health.Status.READY, "tcp " + node.host() + ":" + port + " accepts connections", Optional.empty());
        } catch (IOException e) {
            return down(node, port, e);
        }
    }

    private Verdict down(Node node, int port, IOException e) {
        String address = node.host() + ":" + port;
        String evidence;
        if (e instanceof ConnectException) {
            evidence = "connection refused (" + address + ")";
        } else if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            evidence = "no answer within " + Durations.format(timeout) + " (" + address + ")";
        } else if (e instanceof UnknownHostException) {
            evidence = "unknown host " + node.host();
        } else {
            evidence = e.getClass().getSimpleName() + ": " + e.getMessage() + " (" + address + ")";
        }
        return new Verdict(Health.Status.DOWN, evidence, Optional.empty());
    }

    /** Reads the three real body shapes; anything else is UNKNOWN. */
    private static Verdict interpret(String path, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return unrecognized(path, body);
        }
        JsonNode code = json.get("code");
        if (io.dorisops.internal.HttpAuth.refused(json)) {
            return new Verdict(
                    Health.Status.UNKNOWN,
                    path + " code=401 \""
                            + clip(json.path("data").asText(json.path("msg").asText(""))) + "\"",
                    Optional.empty(),
                    true);
        }
        if (code != null && code.isIntegralNumber()) {
            JsonNode data = json.path("data");
            String msg = json.path("msg").asText("");
            if (code.intValue() == 0) {
                return new Verdict(
                        Health.Status.READY,
                        path + " code=0 \"" + msg + "\"",
                        version(data.path("version").asText("")));
            }
            String detail = data.isTextual() ? data.asText() : msg;
            Health.Status status =
                    "not ready".equalsIgnoreCase(detail.strip()) ? Health.Status.STARTING : Health.Status.UNKNOWN;
            return new Verdict(
                    status, path + " code=" + code.intValue() + " \"" + clip(detail) + "\"", Optional.empty());
        }
        JsonNode statusNode = json.get("status");
        if (statusNode != null && statusNode.isTextual()) {
            String status = statusNode.asText();
            String msg = json.path("msg").asText("");
            String evidence = path + " status=" + clip(status) + (msg.isEmpty() ? "" : " \"" + clip(msg) + "\"");
            if (status.equals("OK")) {
                return new Verdict(
                        Health.Status.READY,
                        evidence,
                        version(json.path("feVersion").asText("")));
            }
            if (status.equals("FAILED") && msg.strip().equalsIgnoreCase("not ready")) {
                return new Verdict(Health.Status.STARTING, evidence, Optional.empty());
            }
            if (status.equals(BE_NOT_AVAILABLE)) {
                // Doris BE health_action.cpp (apache/doris#56601), always HTTP 200: not ready while it
                // starts (k_is_server_ready false), shutting down after a stop began (k_doris_exit).
                return new Verdict(
                        msg.contains("shutting down") ? Health.Status.DOWN : Health.Status.STARTING,
                        evidence,
                        Optional.empty());
            }
            return new Verdict(Health.Status.UNKNOWN, evidence, Optional.empty());
        }
        return unrecognized(path, body);
    }

    private static Verdict unrecognized(String path, String body) {
        return new Verdict(
                Health.Status.UNKNOWN, path + " answered an unrecognized body: " + excerpt(body), Optional.empty());
    }

    private static Optional<Version> version(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Version.parse(text));
        } catch (IllegalArgumentException e) {
            log.debug("ignoring an unreadable version: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static String excerpt(String body) {
        return "\"" + clip(body) + "\"";
    }

    private static String clip(String text) {
        String oneLine = text.strip().replaceAll("\\p{Cntrl}+", " ");
        return oneLine.length() > EXCERPT_CHARS ? oneLine.substring(0, EXCERPT_CHARS) + "..." : oneLine;
    }

    @Override
    public String toString() {
        return "HttpHealthProbe[timeout=" + Durations.format(timeout)
                + credentials.map(sql -> ", httpAuth=" + sql.user()).orElse("") + "]";
    }

    /** @param unauthorized the FE refused the request for want of valid credentials ({@code code 401}) */
    private record Verdict(Health.Status status, String evidence, Optional<Version> version, boolean unauthorized) {
        Verdict(Health.Status status, String evidence, Optional<Version> version) {
            this(status, evidence, version, false);
        }
    }
}
