package io.dorisops.jdbc.internal;

import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.spi.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many query fragments a backend runs now, where each flavor shows it ({@code docs/drain.md},
 * "Seeing the running query fragments of a BE"): Doris the BE's {@code GET /metrics} gauge {@code
 * doris_be_fragment_instance_count} ({@code be/src/runtime/fragment_mgr.cpp}), StarRocks {@code SHOW
 * BACKENDS} {@code NumRunningQueries} (from the BE's heartbeat). Empty when the backend is not listed,
 * does not answer or has no such value.
 */
public final class RunningQueries {
    private static final Pattern GAUGE =
            Pattern.compile("(?m)^doris_be_fragment_instance_count(?:\\{[^}]*})?\\s+([0-9.eE+]+)\\s*$");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final Flavor flavor;
    private final MasterSession session;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    /** Reads through {@code session} (the backend's row) and, on Doris, the BE's HTTP port. */
    public RunningQueries(Flavor flavor, MasterSession session) {
        this.flavor = flavor;
        this.session = session;
    }

    /** The fragments the backend {@code host:heartbeatPort} runs now; empty when it does not say. */
    public OptionalInt of(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        if (flavor.disablesBackends()) {
            return session
                    .call(
                            "SHOW BACKENDS",
                            (handle, attempt) -> ShowMapping.backends(handle.query(Statement.SHOW_BACKENDS), Role.BE))
                    .stream()
                    .filter(be -> be.heartbeatPort() == heartbeatPort && Addresses.sameHost(be.host(), host))
                    .findFirst()
                    .map(this::metric)
                    .orElse(OptionalInt.empty());
        }
        return session.call("running queries of " + address, (handle, attempt) -> {
            ResultTable table = handle.query(Statement.SHOW_BACKENDS);
            int running = table.optional("NumRunningQueries");
            Optional<List<String>> row = table.rows().stream()
                    .filter(r -> table.port(r, table.required("HeartbeatPort")) == heartbeatPort
                            && Addresses.sameHost(table.text(r, table.required("Host", "IP")), host))
                    .findFirst();
            return running < 0 || row.isEmpty()
                    ? OptionalInt.empty()
                    : OptionalInt.of((int) table.number(row.get(), running));
        });
    }

    /** The gauge of a Doris BE's {@code /metrics}; empty when it does not answer or lacks the gauge. */
    private OptionalInt metric(Backend be) {
        URI uri = URI.create("http://" + Addresses.hostPort(be.host(), be.httpPort(), "backend") + "/metrics");
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher gauge = GAUGE.matcher(response.body());
            return response.statusCode() == 200 && gauge.find()
                    ? OptionalInt.of((int) Double.parseDouble(gauge.group(1)))
                    : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
