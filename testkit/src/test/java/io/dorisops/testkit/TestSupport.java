package io.dorisops.testkit;

import io.dorisops.Node;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers for tests that drive sandbox nodes through their scripts and endpoints. */
final class TestSupport {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private TestSupport() {}

    /** The outcome of a script. */
    record Run(int exitCode, String output, Duration took) {}

    /** Runs a node's bin script and waits at most 30 s for it to exit. */
    static Run script(Node node, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("bash", node.home().resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not return within 30s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), output.strip(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** GET on a node's HTTP port: status and body, or status -1 when nothing answers. */
    static HttpResponse<String> get(Node node, String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://" + node.host() + ":" + node.ports().httpPort() + path))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static int status(Node node, String path) {
        HttpResponse<String> response = get(node, path);
        return response == null ? -1 : response.statusCode();
    }

    static String body(Node node, String path) {
        HttpResponse<String> response = get(node, path);
        return response == null ? "" : response.body();
    }

    static String log(Node node, String relative) {
        try {
            Path file = node.home().resolve(relative);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
