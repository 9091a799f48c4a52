package io.dorisops.internal.fecheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Topology;
import io.dorisops.WaitTimeoutException;
import io.dorisops.internal.HttpAuth;
import io.dorisops.internal.context.Waiter;
import io.dorisops.internal.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Step 8 of the FE metadata check ({@link FrontendCheck}): watches the test FE until a verdict, on the
 * engine's {@link Waiter} (whose clock and sleeper tests replace, so they take no real time).
 *
 * <ol>
 *   <li>Poll the tails of {@code fe.log} and {@code fe.out}, whether the pid in {@code bin/fe.pid} lives,
 *       and {@code /api/bootstrap}.
 *   <li>Pass when the metadata was read (the image loaded, or none there: a master that never
 *       checkpointed; the journal replayed), bootstrap says ready and the process lives; the log lines
 *       that show it are the evidence.
 *   <li>Fail at once when the process is gone and an error line says why, or when no process appeared
 *       within {@link #NO_PID_GRACE}.
 *   <li>Fail at the deadline. A failure's errors are the error lines of the logs, else the last lines.
 * </ol>
 */
final class FrontendCheckWatch {

    private static final Pattern ERROR_LINE = Pattern.compile(
            "^.*(\\bERROR\\b|\\bFATAL\\b|Exception|[Ee]rror:|will exit|Unknown option).*$", Pattern.MULTILINE);
    /**
     * How long a start may take to write its pid file before a missing process means it exited: the FE's JVM
     * writes it ({@code DorisFE.createAndLockPidFile}), and a JVM start on a loaded host took over 10 s.
     */
    static final Duration NO_PID_GRACE = Duration.ofSeconds(60);

    private static final String LOADED = "finished to load image";
    /**
     * What a master that never made a checkpoint logs instead (Doris {@code Env.loadImage}, StarRocks
     * {@code GlobalStateMgr.loadImage}: {@code LOG.info("image does not exist: {}", …); return;}).
     */
    private static final String NO_IMAGE = "image does not exist: ";

    private static final String REPLAYED = "finished to replay journal, can write now.";

    /** One poll of the test FE. */
    record Seen(String log, String out, String bootstrap, boolean alive, Duration elapsed) {

        boolean ready() {
            return metadataLoaded(log) && !bootstrap.isEmpty() && alive;
        }

        /** Why waiting longer cannot help: the process is gone (with an error line, or past the grace). */
        Optional<String> exited() {
            boolean gone =
                    !alive && (ERROR_LINE.matcher(log + "\n" + out).find() || elapsed.compareTo(NO_PID_GRACE) > 0);
            return gone ? Optional.of("the test FE exited") : Optional.empty();
        }

        String describe() {
            return (alive ? "running" : "no process") + ", bootstrap " + (bootstrap.isEmpty() ? "not ready" : "ready")
                    + ", fe.log: " + lastLines(log, 1);
        }
    }

    private final FrontendCheckHost target;
    private final Path feHome;
    private final Supplier<String> bootstrap;
    private final Waiter waiter;

    /** @param bootstrap the bootstrap answer when it says ready, else empty ({@link #bootstrap(String, Topology.Sql)}) */
    FrontendCheckWatch(FrontendCheckHost target, Path feHome, Supplier<String> bootstrap, Waiter waiter) {
        this.target = target;
        this.feHome = feHome;
        this.bootstrap = bootstrap;
        this.waiter = waiter;
    }

    /** Steps 1-4: true on a pass; the evidence and the errors are added to the lists given. */
    boolean watch(Duration timeout, List<String> evidence, List<String> errors) {
        Instant started = waiter.clock().instant();
        AtomicReference<Seen> last = new AtomicReference<>();
        try {
            Seen ready = waiter.await(
                    "the test FE on " + target.host(),
                    "loaded the metadata",
                    () -> {
                        // The process first: the logs read after it was seen gone hold its last words.
                        boolean alive = !target.livePid(feHome).isEmpty();
                        Seen seen = new Seen(
                                target.tail(feHome.resolve("log/fe.log"), 256 * 1024),
                                target.tail(feHome.resolve("log/fe.out"), 16 * 1024),
                                bootstrap.get(),
                                alive,
                                Duration.between(started, waiter.clock().instant()));
                        last.set(seen);
                        return seen;
                    },
                    Seen::ready,
                    Seen::exited,
                    Seen::describe,
                    timeout,
                    "");
            ready.log()
                    .lines()
                    .filter(line -> line.contains("start load image")
                            || line.contains(LOADED)
                            || line.contains(NO_IMAGE)
                            || line.contains("replayed journal id is")
                            || line.contains("finish replay in")
                            || line.contains(REPLAYED))
                    .forEach(evidence::add);
            evidence.add("GET /api/bootstrap: " + ready.bootstrap());
            errorLines(ready.log(), errors);
            return true;
        } catch (WaitTimeoutException e) {
            Seen seen = Optional.ofNullable(last.get()).orElse(new Seen("", "", "", false, Duration.ZERO));
            errorLines(seen.log() + "\n" + seen.out(), errors);
            if (errors.isEmpty()) {
                errors.add(
                        seen.alive()
                                ? "not loaded after " + timeout.toSeconds() + "s; last lines: "
                                        + lastLines(seen.log(), 3)
                                : "the test FE exited; last lines: " + lastLines(seen.log() + "\n" + seen.out(), 3));
            }
            return false;
        }
    }

    /**
     * Whether {@code fe.log} shows the metadata read: the image loaded, or none there ({@value #NO_IMAGE}
     * …, a master that never checkpointed), and the journal replayed.
     */
    static boolean metadataLoaded(String log) {
        return (log.contains(LOADED) || log.contains(NO_IMAGE)) && log.contains(REPLAYED);
    }

    /**
     * The bootstrap poll of {@code url}: the answer when it says ready (Doris {@code code 0}, StarRocks
     * {@code status OK}), else empty. The test FE has the master's fe.conf and users: when it asks for
     * HTTP auth ({@code enable_all_http_auth}), it is asked again with the topology's SQL user.
     */
    static Supplier<String> bootstrap(String url, Topology.Sql sql) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return () -> {
            try {
                HttpResponse<String> response = get(http, url, Optional.empty());
                if (HttpAuth.refused(Json.MAPPER.readTree(response.body()))) {
                    response = get(http, url, Optional.of(HttpAuth.basic(sql.user(), sql.password())));
                }
                JsonNode body = Json.MAPPER.readTree(response.body());
                boolean ready = body.has("code")
                        ? body.path("code").asInt(-1) == 0
                        : "OK".equals(body.path("status").asText());
                return response.statusCode() == 200 && ready ? response.body().strip() : "";
            } catch (IOException | RuntimeException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        };
    }

    private static HttpResponse<String> get(HttpClient http, String url, Optional<String> authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void errorLines(String text, List<String> errors) {
        var matcher = ERROR_LINE.matcher(text);
        while (matcher.find() && errors.size() < 5) {
            String line = matcher.group().strip();
            if (!errors.contains(line)) {
                errors.add(line);
            }
        }
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.strip().lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
