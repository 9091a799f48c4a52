package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpHealthProbeTest {

    /** Every sample body, the role that answers it, the verdict and the version expected (or "-"). */
    private static final String SAMPLES =
            """
            doris-be-api-health.json,                  BE,          READY,    -
            starrocks-be-api-health.json,              BE,          READY,    -
            doris-fe-api-health.json,                  BE,          READY,    -
            starrocks-fe-api-health.json,              BE,          READY,    -
            doris-fe-bootstrap-ready-no-token.json,    FE_FOLLOWER, READY,    -
            doris-fe-bootstrap-ready-with-token.json,  FE_FOLLOWER, READY,    2.1.0
            doris-fe-bootstrap-not-ready.json,         FE_FOLLOWER, STARTING, -
            doris-fe-bootstrap-bad-token.json,         FE_FOLLOWER, UNKNOWN,  -
            doris-legacy-fe-bootstrap-ready.json,      FE_OBSERVER, READY,    -
            starrocks-fe-bootstrap-ready-no-token.json,   FE_FOLLOWER, READY,    -
            starrocks-fe-bootstrap-ready-with-token.json, FE_FOLLOWER, READY,    3.2.1
            starrocks-fe-bootstrap-not-ready.json,     FE_FOLLOWER, STARTING, -
            starrocks-fe-bootstrap-bad-token.json,     FE_FOLLOWER, UNKNOWN,  -
            """;

    private final MockWebServer server = new MockWebServer();
    /** Patient: a node that answers must never look late on a loaded machine (the silent node has its own probe). */
    private final HttpHealthProbe probe = HttpHealthProbe.withTimeout(Duration.ofSeconds(30));

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static Node node(String id, Role role, int port) {
        Ports ports = role.isFrontend()
                ? Ports.builder()
                        .httpPort(port)
                        .rpcPort(9020)
                        .queryPort(9030)
                        .editLogPort(9010)
                        .build()
                : role.isBackend()
                        ? Ports.builder()
                                .httpPort(port)
                                .bePort(9060)
                                .heartbeatPort(9050)
                                .brpcPort(8060)
                                .build()
                        : Ports.builder().brpcPort(port).build();
        return new Node(id, "127.0.0.1", role, Path.of("/opt/" + id), ports);
    }

    private static String sample(String name) throws IOException {
        try (var in = HttpHealthProbeTest.class.getResourceAsStream("/samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = SAMPLES)
    void judgesEveryRealResponseBody(String file, Role role, Health.Status expected, String version) throws Exception {
        server.enqueue(new MockResponse().setBody(sample(file)).setHeader("Content-Type", "application/json"));

        Health health = probe.probe(node("n-1", role, server.getPort()));

        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo(role.isFrontend() ? "/api/bootstrap" : "/api/health");
        assertThat(health.nodeId()).isEqualTo("n-1");
        assertThat(health.status()).isEqualTo(expected);
        assertThat(health.version().map(Version::number))
                .isEqualTo(version.equals("-") ? Optional.empty() : Optional.of(version));
        assertThat(health.latency()).isPositive();
    }

    @Test
    void everyBootstrapAndHealthSampleIsCovered() throws Exception {
        Path samples = Path.of(getClass().getResource("/samples").toURI());
        List<String> covered =
                SAMPLES.lines().map(line -> line.split(",")[0].strip()).toList();
        List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(samples)) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && (n.contains("bootstrap") || n.contains("health")))
                    .forEach(files::add);
        }
        Path reference = Path.of("/work/shared/reference/samples");
        if (Files.isDirectory(reference)) {
            try (Stream<Path> list = Files.list(reference)) {
                // The HTTP samples are the JSON ones; cluster_health column samples are SQL (SHOW PROC).
                assertThat(list.map(p -> p.getFileName().toString())
                                .filter(n -> n.endsWith(".json"))
                                .filter(n -> n.contains("bootstrap") || n.contains("health")))
                        .containsExactlyInAnyOrderElementsOf(files);
            }
        }

        assertThat(covered).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void evidenceQuotesWhatTheNodeSaid() throws Exception {
        server.enqueue(new MockResponse().setBody(sample("doris-fe-bootstrap-not-ready.json")));
        server.enqueue(new MockResponse().setBody(sample("starrocks-fe-bootstrap-not-ready.json")));
        server.enqueue(new MockResponse().setBody(sample("doris-be-api-health.json")));
        server.enqueue(new MockResponse().setBody(sample("doris-fe-bootstrap-ready-with-token.json")));

        assertThat(probe.probe(node("fe-1", Role.FE_FOLLOWER, server.getPort())).evidence())
                .isEqualTo("/api/bootstrap code=1 \"not ready\"");
        assertThat(probe.probe(node("fe-1", Role.FE_FOLLOWER, server.getPort())).evidence())
                .isEqualTo("/api/bootstrap status=FAILED \"not ready\"");
        assertThat(probe.probe(node("be-1", Role.BE, server.getPort())).evidence())
                .isEqualTo("/api/health status=OK \"To Be Added\"");
        Health ready = probe.probe(node("fe-1", Role.FE_FOLLOWER, server.getPort()));
        assertThat(ready.evidence()).isEqualTo("/api/bootstrap code=0 \"success\"");
        assertThat(ready.version()).map(Version::raw).contains("doris-2.1.0-rc01-abcdef1");
    }

    @Test
    void aRefusedConnectionIsDown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Health health = probe.probe(node("be-1", Role.BE, port));

        assertThat(health.status()).isEqualTo(Health.Status.DOWN);
        assertThat(health.evidence()).isEqualTo("connection refused (127.0.0.1:" + port + ")");
    }

    @Test
    void theLongestTimeoutAllowedDoesNotOverflowTheSocketsIntMilliseconds() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        // 30 days is 2 592 000 000 ms, more than an int holds: a plain (int) cast is negative.
        Health health = HttpHealthProbe.withTimeout(Duration.ofDays(30)).probe(node("ms-1", Role.META_SERVICE, port));

        assertThat(health.status()).isEqualTo(Health.Status.DOWN);
        assertThat(health.evidence()).isEqualTo("connection refused (127.0.0.1:" + port + ")");
    }

    @Test
    void noAnswerWithinTheTimeoutIsDown() throws Exception {
        // The kernel completes the handshake from the backlog; nobody ever reads the request.
        try (ServerSocket silent = new ServerSocket(0)) {
            Health health = HttpHealthProbe.withTimeout(Duration.ofMillis(500))
                    .probe(node("be-1", Role.BE, silent.getLocalPort()));

            assertThat(health.status()).isEqualTo(Health.Status.DOWN);
            assertThat(health.evidence()).isEqualTo("no answer within 500ms (127.0.0.1:" + silent.getLocalPort() + ")");
            assertThat(health.latency()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aNon200StatusIsUnknownWithTheStatusAndABodyExcerpt() {
        server.enqueue(new MockResponse().setResponseCode(500).setBody("Internal error\nat line 1"));

        Health health = probe.probe(node("fe-1", Role.FE_FOLLOWER, server.getPort()));

        assertThat(health.status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(health.evidence()).isEqualTo("/api/bootstrap HTTP 500: \"Internal error at line 1\"");
    }

    @Test
    void aGarbageBodyIsUnknownNeverReady() {
        server.enqueue(new MockResponse().setBody("<html>" + "x".repeat(500) + "</html>"));
        server.enqueue(new MockResponse().setBody("{\"ok\": true}"));
        server.enqueue(new MockResponse().setBody("[\"OK\"]"));
        server.enqueue(new MockResponse().setBody("{\"code\": 0"));

        for (int i = 0; i < 4; i++) {
            Health health = probe.probe(node("be-1", Role.BE, server.getPort()));
            assertThat(health.status()).isEqualTo(Health.Status.UNKNOWN);
            assertThat(health.evidence()).startsWith("/api/health answered an unrecognized body: \"");
            assertThat(health.evidence().length()).isLessThan(260);
        }
    }

    @Test
    void anUnexpectedStatusIsUnknown() {
        server.enqueue(new MockResponse().setBody("{\"status\": \"DEGRADED\", \"msg\": \"disk full\"}"));

        Health health = probe.probe(node("be-1", Role.BE, server.getPort()));

        assertThat(health.status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(health.evidence()).isEqualTo("/api/health status=DEGRADED \"disk full\"");
    }

    @Test
    void metaServiceIsJudgedByATcpConnectToItsBrpcPort() throws Exception {
        Health up;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
            up = probe.probe(node("ms-1", Role.META_SERVICE, port));
        }
        Health down = probe.probe(node("ms-1", Role.RECYCLER, port));

        assertThat(up.status()).isEqualTo(Health.Status.READY);
        assertThat(up.evidence()).isEqualTo("tcp 127.0.0.1:" + port + " accepts connections");
        assertThat(down.status()).isEqualTo(Health.Status.DOWN);
        assertThat(down.evidence()).isEqualTo("connection refused (127.0.0.1:" + port + ")");
    }

    @Test
    void probeAllReturnsEveryNodeInTheOrderGiven() throws Exception {
        for (int i = 0; i < 6; i++) {
            server.enqueue(new MockResponse().setBody(sample("doris-be-api-health.json")));
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(node("be-" + i, Role.BE, server.getPort()));
        }

        Map<String, Health> results = probe.probeAll(nodes, 3);

        assertThat(results.keySet()).containsExactly("be-0", "be-1", "be-2", "be-3", "be-4", "be-5");
        assertThat(results.values()).allMatch(Health::ready);
    }

    @Test
    void theTimeoutComesFromTheTopology() {
        Topology topology = Topology.parse(
                "flavor: doris\ntimeouts: {probe: 1500ms}\nfollowers: [{id: f, host: h, home: /f}]\n", "t.yaml");

        assertThat(HttpHealthProbe.of(topology).timeout()).isEqualTo(Duration.ofMillis(1500));
    }
}
