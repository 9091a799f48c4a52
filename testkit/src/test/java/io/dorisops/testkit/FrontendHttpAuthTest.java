package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Health;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Node;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Doris FE with {@code enable_all_http_auth = true} in fe.conf checks HTTP basic auth on {@code
 * /api/bootstrap} and {@code /api/health} first, and refuses with HTTP 200 and {@code code 401}
 * ({@code BootstrapFinishAction}, {@code RestApiExceptionHandler}, {@code ResponseEntityBuilder.unauthorized}).
 */
class FrontendHttpAuthTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(Node fe, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + fe.host() + ":" + fe.ports().httpPort() + path))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withEnableAllHttpAuthTheApiNeedsTheSqlUserAndTheProbeSendsIt() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .followers(1)
                .backends(1)
                .sqlPassword("s3cret")
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            assertThat(get(fe, "/api/bootstrap", null).body()).contains("\"code\":0");
            sandbox.stop();
            Files.writeString(
                    fe.home().resolve("conf/fe.conf"), "enable_all_http_auth = true\n", StandardOpenOption.APPEND);
            sandbox.startAll();
            sandbox.awaitReady(Duration.ofSeconds(60));

            HttpResponse<String> none = get(fe, "/api/bootstrap", null);
            HttpResponse<String> wrong = get(fe, "/api/bootstrap", basic("root", "nope"));
            HttpResponse<String> right = get(fe, "/api/bootstrap", basic("root", "s3cret"));

            assertThat(none.statusCode()).isEqualTo(200);
            assertThat(none.body())
                    .isEqualTo(
                            "{\"msg\":\"Unauthorized\",\"code\":401,\"data\":\"Need auth information.\",\"count\":0}");
            assertThat(wrong.statusCode()).isEqualTo(200);
            assertThat(wrong.body())
                    .isEqualTo("{\"msg\":\"Unauthorized\",\"code\":401,\"data\":\"Access denied for root@127.0.0.1\","
                            + "\"count\":0}");
            assertThat(right.body()).contains("\"code\":0");
            assertThat(get(fe, "/api/health", null).body()).contains("\"code\":401");

            Health health = HttpHealthProbe.of(sandbox.topology()).probe(fe);
            assertThat(health.status()).as(health.evidence()).isEqualTo(Health.Status.READY);
        }
    }
}
