package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe on a Doris FE with {@code enable_all_http_auth = true} and on the answers of a Doris BE
 * that is starting or shutting down, with canned bodies from the real source.
 */
class HttpHealthProbeAuthTest {

    /**
     * An FE's refusal of a request without credentials: {@code RestBaseController.getAuthorizationInfo}
     * throws {@code UnauthorizedException("Need auth information.")}, {@code RestApiExceptionHandler} answers
     * {@code ResponseEntityBuilder.unauthorized(e.getMessage())}: HTTP 200, {@code code 401}.
     */
    static final String NEED_AUTH =
            "{\"msg\":\"Unauthorized\",\"code\":401,\"data\":\"Need auth information.\",\"count\":0}";

    static final String ACCESS_DENIED =
            "{\"msg\":\"Unauthorized\",\"code\":401,\"data\":\"Access denied for root@127.0.0.1\",\"count\":0}";

    static final String READY = "{\"msg\":\"success\",\"code\":0,\"data\":{\"replayedJournalId\":0,\"queryPort\":0,"
            + "\"rpcPort\":0,\"arrowFlightSqlPort\":0,\"version\":\"\"},\"count\":0}";

    /** Doris {@code be/src/http/action/health_action.cpp} since apache/doris#56601, always HTTP 200. */
    static final String BE_NOT_READY = "{\"status\": \"Server is not available\",\"msg\": \"Server is not ready\"}";

    static final String BE_SHUTTING_DOWN =
            "{\"status\": \"Server is not available\",\"msg\": \"Server is shutting down\"}";
    static final String BE_OK = "{\"status\": \"OK\",\"msg\": \"OK\"}";

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Topology topology(String password) throws IOException {
        Path secret = dir.resolve("sql.pw");
        Files.writeString(secret, password);
        return Topology.parse(
                "flavor: doris\nsql: {user: ops, password: {file: " + secret + "}}\n"
                        + "followers: [{id: fe-1, host: 127.0.0.1, home: /opt/fe, ports: {httpPort: " + server.getPort()
                        + "}}]\n",
                "t.yaml");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anFeThatAsksForHttpAuthGetsTheTopologysSqlUserAndThenAtOnce() throws Exception {
        Topology topology = topology("s3cret:x");
        HttpHealthProbe probe = HttpHealthProbe.of(topology);
        Node fe = topology.node("fe-1").orElseThrow();
        server.enqueue(new MockResponse().setBody(NEED_AUTH));
        server.enqueue(new MockResponse().setBody(READY));
        server.enqueue(new MockResponse().setBody(READY));

        Health first = probe.probe(fe);
        Health second = probe.probe(fe);

        assertThat(first.status()).isEqualTo(Health.Status.READY);
        assertThat(second.status()).isEqualTo(Health.Status.READY);
        RecordedRequest withoutAuth = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(withoutAuth.getHeader("Authorization")).isNull();
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"))
                .isEqualTo(basic("ops", "s3cret:x"));
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeader("Authorization"))
                .as("once asked, the FE gets the credentials at once")
                .isEqualTo(basic("ops", "s3cret:x"));
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(first.evidence() + second.evidence() + probe).doesNotContain("s3cret");
    }

    @Test
    void refusedCredentialsAreUnknownNamingTheUserNeverThePassword() throws Exception {
        Topology topology = topology("wrong-pw");
        HttpHealthProbe probe = HttpHealthProbe.of(topology);
        server.enqueue(new MockResponse().setBody(NEED_AUTH));
        server.enqueue(new MockResponse().setBody(ACCESS_DENIED));

        Health health = probe.probe(topology.node("fe-1").orElseThrow());

        assertThat(health.status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(health.evidence())
                .isEqualTo("/api/bootstrap code=401 \"Access denied for root@127.0.0.1\"; the FE asks for HTTP auth"
                        + " (enable_all_http_auth): it refused sql.user ops; check sql.user and sql.password")
                .doesNotContain("wrong-pw");
        assertThat(health.latency()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aProbeWithoutCredentialsSaysHowToGetThem() throws Exception {
        server.enqueue(new MockResponse().setBody(NEED_AUTH));

        Health health = HttpHealthProbe.withTimeout(Duration.ofSeconds(1))
                .probe(topology("x").node("fe-1").orElseThrow());

        assertThat(health.status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(health.evidence())
                .startsWith("/api/bootstrap code=401 \"Need auth information.\"; the FE asks for HTTP auth")
                .contains("HttpHealthProbe.of(topology)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aDorisBeThatIsStartingOrShuttingDownIsNotReadyThoughItAnswersHttp200() throws Exception {
        HttpHealthProbe probe = HttpHealthProbe.withTimeout(Duration.ofSeconds(1));
        Node be = new Node(
                "be-1",
                "127.0.0.1",
                Role.BE,
                Path.of("/opt/be"),
                Ports.builder()
                        .httpPort(server.getPort())
                        .bePort(9060)
                        .heartbeatPort(9050)
                        .brpcPort(8060)
                        .build());
        server.enqueue(new MockResponse().setBody(BE_NOT_READY));
        server.enqueue(new MockResponse().setBody(BE_SHUTTING_DOWN));
        server.enqueue(new MockResponse().setBody(BE_OK));

        Health starting = probe.probe(be);
        Health stopping = probe.probe(be);
        Health ok = probe.probe(be);

        assertThat(starting.status()).isEqualTo(Health.Status.STARTING);
        assertThat(starting.evidence()).isEqualTo("/api/health status=Server is not available \"Server is not ready\"");
        assertThat(stopping.status()).isEqualTo(Health.Status.DOWN);
        assertThat(stopping.evidence())
                .isEqualTo("/api/health status=Server is not available \"Server is shutting down\"");
        assertThat(ok.status()).isEqualTo(Health.Status.READY);
    }
}
