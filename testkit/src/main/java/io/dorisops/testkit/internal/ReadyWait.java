package io.dorisops.testkit.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits until a sandbox is ready: each FE's {@code /api/bootstrap} ready, each BE/CN's {@code
 * /api/health} OK, each MetaService's port listening and every backend alive in the master's
 * heartbeats. Gives up early when a node died at start (no process, an error last in its log).
 */
public final class ReadyWait {
    private static final Pattern ONLINE = Pattern.compile("\"online_backend_num\":(\\d+)");
    private static final Pattern TOTAL = Pattern.compile("\"total_backend_num\":(\\d+)");
    /** Between polls: short, as a node is ready within a few hundred milliseconds of its process. */
    private static final long POLL_MILLIS = 25;

    private final Path dir;
    private final Flavor flavor;
    private final Supplier<List<Node>> nodes;

    private ReadyWait(Path dir, Flavor flavor, Supplier<List<Node>> nodes) {
        this.dir = dir;
        this.flavor = flavor;
        this.nodes = nodes;
    }

    /**
     * Waits for the nodes {@code nodes} returns (read again on each poll of the heartbeats).
     *
     * @throws DorisOpsException naming the nodes that are not ready and the tail of their logs
     */
    public static void await(Path dir, Flavor flavor, Supplier<List<Node>> nodes, Duration timeout) {
        new ReadyWait(dir, flavor, nodes).await(timeout);
    }

    private void await(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long begin = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        long deadline = begin + timeout.toNanos();
        List<Node> waiting = nodes.get();
        while (true) {
            waiting = waiting.stream().filter(node -> !ready(http, node)).toList();
            if (waiting.isEmpty() && backendsAlive(http)) {
                return;
            }
            // A node that logged an error and has no process died at start: no use waiting for it.
            boolean dead = System.nanoTime() - begin > Duration.ofSeconds(5).toNanos()
                    && waiting.stream().anyMatch(node -> failedAtStart(node, startedAt));
            if (dead || System.nanoTime() > deadline) {
                throw new DorisOpsException(DorisOpsException.message(
                        "sandbox " + dir,
                        dead ? "a node process is gone" : "not ready after " + timeout.toSeconds() + "s",
                        "every node ready and every backend alive",
                        waiting.isEmpty()
                                ? "backends not yet alive in the master's heartbeats"
                                : "not ready: "
                                        + waiting.stream().map(this::describe).toList(),
                        "Check the node logs under " + dir));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DorisOpsException("interrupted while waiting for the sandbox at " + dir, e);
            }
        }
    }

    private boolean failedAtStart(Node node, long since) {
        if (NodeControl.pid(flavor, node).isPresent()) {
            return false;
        }
        for (String log : List.of(flavor.mainLog(node.role()), flavor.outLog(node.role()))) {
            try {
                Path file = node.home().resolve(log);
                if (Files.exists(file) && Files.getLastModifiedTime(file).toMillis() >= since) {
                    List<String> lines = Files.readAllLines(file);
                    if (!lines.isEmpty() && lines.get(lines.size() - 1).matches(".*(ERROR|Error|Exception).*")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private String describe(Node node) {
        Path logFile = node.home().resolve(flavor.mainLog(node.role()));
        String tail = "";
        try {
            if (Files.exists(logFile)) {
                List<String> lines = Files.readAllLines(logFile);
                tail = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            }
        } catch (IOException e) {
            tail = "cannot read " + logFile;
        }
        return node.id()
                + (NodeControl.pid(flavor, node).isEmpty() ? " (no process)" : "")
                + (tail.isEmpty() ? "" : ": " + tail);
    }

    private boolean ready(HttpClient http, Node node) {
        if (node.role().isMetaService()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(node.host(), node.ports().brpcPort()), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        String path = node.role().isFrontend() ? "/api/bootstrap" : "/api/health";
        String body = get(http, node, path);
        return body.contains("\"code\":0") || body.contains("\"status\":\"OK\"") || body.contains("\"status\": \"OK\"");
    }

    private String basicAuth() throws IOException {
        Path file = dir.resolve(SandboxTopology.PASSWORD_FILE);
        String password = Files.exists(file) ? Files.readString(file) : "";
        return "Basic " + Base64.getEncoder().encodeToString(("root:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private boolean backendsAlive(HttpClient http) {
        List<Node> all = nodes.get();
        for (Node fe : all) {
            if (fe.role().isFrontend()) {
                String body = get(http, fe, "/api/health");
                Matcher online = ONLINE.matcher(body);
                Matcher total = TOTAL.matcher(body);
                if (online.find() && total.find() && online.group(1).equals(total.group(1))) {
                    return true;
                }
            }
        }
        return nodes.get().stream().noneMatch(node -> node.role().isFrontend());
    }

    /**
     * The answer to a GET when it is HTTP 200, else empty. It carries the sandbox's SQL user as basic
     * auth, which a Doris FE with {@code enable_all_http_auth = true} asks for.
     */
    private String get(HttpClient http, Node node, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(
                            "http://" + node.host() + ":" + node.ports().httpPort() + path))
                    .timeout(Duration.ofSeconds(2))
                    .header("Authorization", basicAuth())
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
