package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Probing 200 BEs: concurrently ({@code probeAll}) vs one after the other, and 200 concurrent against
 * a single probe. Every node is its own loopback address (127.0.0.1-200) on one real HTTP server
 * that answers {@code /api/health} after 20 ms, to model a network round trip. Prints ratios; asserts
 * only that every probe saw READY.
 */
@Tag("bench")
class ProbeBenchmarkTest {

    private static final int NODES = 200;
    private static final long DELAY_MILLIS = 20;
    private static final int ROUNDS = 3;

    @Test
    void probeAllOf200NodesAgainstSequentialAndASingleProbe() throws Exception {
        ScheduledExecutorService delayer = Executors.newScheduledThreadPool(4);
        ExecutorService workers = Executors.newFixedThreadPool(64);
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 512);
        server.createContext(
                "/api/health",
                exchange -> delayer.schedule(() -> answer(exchange), DELAY_MILLIS, TimeUnit.MILLISECONDS));
        server.setExecutor(workers);
        server.start();
        try {
            int port = server.getAddress().getPort();
            List<Node> nodes = new ArrayList<>();
            for (int i = 1; i <= NODES; i++) {
                nodes.add(new Node(
                        "be-" + i,
                        "127.0.0." + i,
                        Role.BE,
                        Path.of("/opt/be"),
                        Ports.builder()
                                .httpPort(port)
                                .bePort(9060)
                                .heartbeatPort(9050)
                                .brpcPort(8060)
                                .build()));
            }
            HttpHealthProbe probe = HttpHealthProbe.withTimeout(Duration.ofSeconds(10));
            probe.probeAll(nodes, 32); // warm up connections and the JIT

            long single = Long.MAX_VALUE;
            for (Node node : nodes.subList(0, 10)) {
                single = Math.min(
                        single, best(() -> assertThat(probe.probe(node).ready()).isTrue()));
            }
            long sequential = best(() ->
                    nodes.forEach(node -> assertThat(probe.probe(node).ready()).isTrue()));
            long concurrent32 = best(() -> check(probe.probeAll(nodes, 32)));
            long concurrent200 = best(() -> check(probe.probeAll(nodes, 200)));

            String report = String.join(
                    "\n",
                    "probe benchmark: " + NODES + " loopback HTTP endpoints, " + DELAY_MILLIS
                            + " ms answer delay, best of " + ROUNDS + " (single: best of 30 over 10 nodes), "
                            + Runtime.getRuntime().availableProcessors() + " CPUs",
                    "  single probe:            " + ms(single),
                    "  200 sequential:          " + ms(sequential),
                    "  200 via probeAll(32):    " + ms(concurrent32),
                    "  200 via probeAll(200):   " + ms(concurrent200),
                    String.format("  sequential / probeAll(32):  %.1fx", (double) sequential / concurrent32),
                    String.format("  sequential / probeAll(200): %.1fx", (double) sequential / concurrent200),
                    String.format("  probeAll(32) / single:      %.1fx", (double) concurrent32 / single),
                    String.format("  probeAll(200) / single:     %.1fx", (double) concurrent200 / single));
            System.out.println(report);
            Path out = Path.of("target", "bench");
            Files.createDirectories(out);
            Files.writeString(out.resolve("probe-benchmark.txt"), report + "\n");
        } finally {
            server.stop(0);
            delayer.shutdownNow();
            workers.shutdownNow();
        }
    }

    private static void check(Map<String, Health> results) {
        assertThat(results).hasSize(NODES);
        assertThat(results.values()).allMatch(Health::ready);
    }

    private static long best(Runnable run) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            run.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    private static String ms(long nanos) {
        return String.format("%8.1f ms", nanos / 1e6);
    }

    private static void answer(HttpExchange exchange) {
        byte[] body = "{\"status\": \"OK\",\"msg\": \"To Be Added\"}".getBytes(StandardCharsets.UTF_8);
        try (exchange;
                OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
