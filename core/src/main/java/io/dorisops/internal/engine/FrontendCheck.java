package io.dorisops.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.FrontendCheckResult;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.internal.HttpAuth;
import io.dorisops.internal.json.Json;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The FE metadata compatibility check of the upgrade runbooks (seeds 000 and 001, "测试FE升级的正确性"):
 * a test FE of the new version on a copy of the master's meta dir that can never reach the live
 * cluster.
 *
 * <p>Algorithm:
 *
 * <ol>
 *   <li>Refuse bad input before anything runs, every problem at once: a package that is not a release
 *       of the cluster's flavor or has no {@code fe/}; no master; a master meta dir that is missing,
 *       unreadable or has no {@code image/VERSION}; a scratch home inside (or around) a live home on
 *       the test host, or one that exists and is not empty; no room for the meta copy where it goes
 *       (or, across hosts, for its tarball on the master); fewer than four free ports in the range.
 *   <li>Choose four ports of the range that are neither a port of any live node on the test host nor
 *       listening there now (read through that host's transport, not assumed).
 *   <li>Install the package's {@code fe/} into the scratch home.
 *   <li>Copy the master's meta dir, read-only, while the master runs (one {@code tar} read, as the
 *       seeds' copy), private (0700 directories, 0600 files); on one host streamed ({@code tar c | tar
 *       x}), across hosts as a tarball through this machine. The room for it (the meta dir's {@code du}
 *       plus a margin) was checked where it goes, and on the master for the tarball, in step 1.
 *   <li>Rewrite {@code clusterId} in the copy's {@code image/VERSION} to the test id.
 *   <li>Write the test FE's {@code fe.conf}: the master's, with every port, the meta dir, the log dirs
 *       and any recovery key replaced: the four ports, the copy, {@code ${HOME}/log}, {@code
 *       cluster_id} and the recovery switch when the version takes it in fe.conf.
 *   <li>Start the test FE ({@code --daemon}, plus {@code --metadata_failure_recovery} where the version
 *       takes the option); no {@code --helper}.
 *   <li>Watch {@code fe.log} and {@code /api/bootstrap} (with the test id and the copy's token): pass
 *       when the image was loaded (or there is none: {@code image does not exist: …}, a master that never
 *       checkpointed), the journal replayed ({@code ... finished to replay journal, can write now.}) and
 *       bootstrap says ready (asked again with the topology's SQL user when it wants HTTP auth); fail at
 *       once when the process exits; fail at the deadline.
 *   <li>Stop the test FE; remove the scratch home after a pass unless kept (always kept after a fail);
 *       a kept one keeps its logs and fe.conf, never the meta copy.
 * </ol>
 *
 * <p>The live cluster is not touched: other ports, another cluster id (a live BE refuses the test
 * FE's heartbeats), no helper, and the master's meta dir is only read.
 */
public final class FrontendCheck {

    private static final Pattern ERROR_LINE = Pattern.compile(
            "^.*(\\bERROR\\b|\\bFATAL\\b|Exception|[Ee]rror:|will exit|Unknown option).*$", Pattern.MULTILINE);
    /** How long a start may take to write its pid file before a missing process means it exited. */
    private static final Duration NO_PID_GRACE = Duration.ofSeconds(10);

    private static final String LOADED = "finished to load image";
    /**
     * What a master that never made a checkpoint logs instead (Doris {@code Env.loadImage}, StarRocks
     * {@code GlobalStateMgr.loadImage}: {@code LOG.info("image does not exist: {}", …); return;}).
     */
    private static final String NO_IMAGE = "image does not exist: ";

    private static final String REPLAYED = "finished to replay journal, can write now.";

    private final Engine engine;
    private final Function<String, Transport> hosts;

    public FrontendCheck(Engine engine, Function<String, Transport> hosts) {
        this.engine = engine;
        this.hosts = hosts;
    }

    /** Steps 1-9 for a package. @throws PreconditionFailedException when the input is refused (nothing ran) */
    public FrontendCheckResult run(Path packageFile, FrontendCheckOptions options) {
        long begin = System.nanoTime();
        Flavor flavor = engine.topology().flavor();
        List<String> problems = new ArrayList<>();
        PackageInfo pkg = null;
        try {
            pkg = engine.packageInfo(packageFile.toAbsolutePath().toString());
            pkg.missingFor(flavor, Role.FE_FOLLOWER).ifPresent(problems::add);
        } catch (DorisOpsException e) {
            problems.add(e.getMessage());
        }
        Node master = engine.view()
                .master()
                .orElseThrow(() -> new DorisOpsException(engine.topology().name()
                        + ": the master FE is not a node of the topology; check SHOW FRONTENDS"));
        FrontendCheckHost source = new FrontendCheckHost(hosts.apply(master.host()), engine.readyTimeout());
        Path meta = FrontendCheckConf.metaDir(source, master, flavor);
        String metaProblem = source.metaProblem(meta);
        if (!metaProblem.isEmpty()) {
            problems.add("master " + master.label() + ": " + metaProblem);
        }
        String hostName = options.host().orElse("127.0.0.1");
        FrontendCheckHost target = new FrontendCheckHost(hosts.apply(hostName), engine.readyTimeout());
        Path workDir = options.workDir()
                .orElseGet(
                        () -> Path.of(Transports.isLoopback(hostName) ? System.getProperty("java.io.tmpdir") : "/tmp"));
        Path scratch = freshScratch(target, workDir);
        String stamp = scratch.getFileName().toString().substring("dorisops-fe-check-".length());
        List<Node> onHost = engine.topology().nodes().stream()
                .filter(node -> sameMachine(node.host(), hostName))
                .toList();
        for (Node node : onHost) {
            Path home = node.home().normalize();
            Path dir = scratch.normalize();
            if (dir.startsWith(home) || home.startsWith(dir)) {
                problems.add("scratch directory " + scratch + " is inside (or holds) the live home " + home + " of "
                        + node.label() + "; choose a directory outside every node's home");
            }
        }
        String scratchProblem = target.scratchProblem(scratch);
        if (!scratchProblem.isEmpty()) {
            problems.add("scratch directory " + scratchProblem + "; choose a new one or remove it");
        }
        if (metaProblem.isEmpty()) {
            problems.addAll(FrontendCheckHost.roomProblems(source, master, meta, target, scratch));
        }
        Set<Integer> live = new TreeSet<>(target.listeningPorts());
        onHost.forEach(node -> live.addAll(node.ports().inUse().values()));
        List<Integer> free = new ArrayList<>();
        for (int port = options.firstPort(); port <= options.lastPort() && free.size() < 4; port++) {
            if (!live.contains(port)) {
                free.add(port);
            }
        }
        if (free.size() < 4) {
            problems.add("no free ports: " + hostName + " has " + free.size() + " ports in " + options.firstPort()
                    + "-" + options.lastPort() + " that no live node uses and nothing listens on, the test FE needs"
                    + " 4; give another range");
        }
        if (!problems.isEmpty()) {
            throw new PreconditionFailedException(
                    "the FE metadata check of " + engine.topology().name() + " refused its input; nothing was run:",
                    problems);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("http_port", free.get(0));
        ports.put("rpc_port", free.get(1));
        ports.put("query_port", free.get(2));
        ports.put("edit_log_port", free.get(3));
        Flavor.RecoverySwitch recovery = flavor.recoverySwitch(pkg.version());
        Path feHome = scratch.resolve("fe");
        Path copy = feHome.resolve(flavor.metaDirName());
        List<String> evidence = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean passed = false;
        try {
            target.install(scratch, packageOn(target, pkg, scratch), pkg.topDir());
            copyMeta(source, master, meta, target, copy, stamp);
            target.rewriteClusterId(copy.resolve("image/VERSION"), options.clusterId());
            target.write(
                    feHome.resolve("conf/fe.conf"),
                    FrontendCheckConf.conf(flavor, source, master, copy, ports, options, recovery));
            ExecResult started =
                    target.start(feHome, recovery.startOption().stream().toList());
            if (!started.succeeded()) {
                errors.add("start_fe.sh exit " + started.exitCode() + ": "
                        + started.tail(3).strip());
            } else {
                passed = watch(
                        target,
                        feHome,
                        hostName,
                        ports,
                        FrontendCheckConf.token(target, copy),
                        options,
                        evidence,
                        errors);
            }
        } finally {
            try {
                target.stop(feHome);
            } catch (DorisOpsException e) {
                errors.add("stopping the test FE failed: " + e.getMessage());
                passed = false;
            }
        }
        boolean kept = !passed || options.keep();
        if (!kept) {
            target.remove(scratch);
        } else {
            target.removeCopy(scratch, copy); // the logs and fe.conf stay for inspection, never the metadata
        }
        return new FrontendCheckResult(
                passed,
                pkg.version(),
                master.id(),
                hostName,
                scratch.toString(),
                kept,
                ports,
                live,
                recovery.describe(),
                evidence,
                errors,
                Duration.ofNanos(System.nanoTime() - begin));
    }

    /**
     * The pre-flight gate {@code fe-metadata-check} of an upgrade: for a change of minor or major version
     * the check runs on the package (last, once every other gate passed); its failure, or why it could not
     * run, starts with the gate's name.
     */
    static Optional<String> preflight(Engine engine, io.dorisops.Operation operation) {
        Optional<String> pkg = Gates.packageFile(operation);
        boolean crossesSeries = operation.target().isPresent()
                && operation.steps().stream()
                        .flatMap(step -> step.from().stream())
                        .anyMatch(from -> !from.sameSeries(operation.target().get()));
        if (pkg.isEmpty() || !crossesSeries) {
            return Optional.empty();
        }
        try {
            FrontendCheckResult result = new FrontendCheck(engine, engine::host)
                    .run(Path.of(pkg.get()), engine.options().frontendCheck());
            return result.passed()
                    ? Optional.empty()
                    : Optional.of("fe-metadata-check: " + result.summary()
                            + "\n  the new FE cannot load this cluster's metadata; do not upgrade (skip only with"
                            + " --skip-fe-check)");
        } catch (PreconditionFailedException e) {
            return Optional.of("fe-metadata-check: could not run: " + String.join("; ", e.failures()));
        } catch (DorisOpsException e) {
            return Optional.of("fe-metadata-check: could not run: " + e.getMessage());
        }
    }

    /** Step 8: polls the logs, the process and bootstrap until a verdict. */
    private boolean watch(
            FrontendCheckHost target,
            Path feHome,
            String host,
            Map<String, Integer> ports,
            String token,
            FrontendCheckOptions options,
            List<String> evidence,
            List<String> errors) {
        long started = System.nanoTime();
        long deadline = started + options.timeout().toNanos();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String url = "http://" + host + ":" + ports.get("http_port") + "/api/bootstrap?cluster_id="
                + options.clusterId() + "&token=" + token;
        Topology.Sql sql = engine.topology().sql();
        while (true) {
            String log = target.tail(feHome.resolve("log/fe.log"), 256 * 1024);
            String out = target.tail(feHome.resolve("log/fe.out"), 16 * 1024);
            String bootstrap = bootstrap(http, url, sql);
            boolean alive = !target.livePid(feHome).isEmpty();
            if (metadataLoaded(log) && !bootstrap.isEmpty() && alive) {
                log.lines()
                        .filter(line -> line.contains("start load image")
                                || line.contains(LOADED)
                                || line.contains(NO_IMAGE)
                                || line.contains("replayed journal id is")
                                || line.contains("finish replay in")
                                || line.contains(REPLAYED))
                        .forEach(evidence::add);
                evidence.add("GET /api/bootstrap: " + bootstrap);
                errorLines(log, errors);
                return true;
            }
            boolean exited = !alive
                    && (ERROR_LINE.matcher(log + "\n" + out).find()
                            || System.nanoTime() - started > NO_PID_GRACE.toNanos());
            if (exited || System.nanoTime() - deadline > 0) {
                errorLines(log + "\n" + out, errors);
                if (errors.isEmpty()) {
                    errors.add(
                            alive
                                    ? "not loaded after " + options.timeout().toSeconds() + "s; last lines: "
                                            + lastLines(log, 3)
                                    : "the test FE exited; last lines: " + lastLines(log + "\n" + out, 3));
                }
                return false;
            }
            try {
                Thread.sleep(engine.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DorisOpsException("interrupted while watching the test FE on " + host, e);
            }
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
     * The bootstrap answer when it says ready (Doris {@code code 0}, StarRocks {@code status OK}), else
     * empty. The test FE has the master's fe.conf and users: when it asks for HTTP auth ({@code
     * enable_all_http_auth}), it is asked again with the topology's SQL user.
     */
    private static String bootstrap(HttpClient http, String url, Topology.Sql sql) {
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

    /**
     * The scratch home {@code dorisops-fe-check-<stamp>}; a second check in the same second (a refused run, then
     * another) gets {@code -2}, {@code -3}, … instead of the kept scratch of the first, which is left for inspection.
     */
    private static Path freshScratch(FrontendCheckHost target, Path workDir) {
        Path first = workDir.resolve("dorisops-fe-check-" + Runner.newStamp().replace('_', '-'));
        Path candidate = first;
        for (int n = 2; n <= 9 && !target.scratchProblem(candidate).isEmpty(); n++) {
            candidate = Path.of(first + "-" + n);
        }
        return candidate; // if still taken, the scratch check below reports it
    }

    /** Step 4: the copy, read-only from the source; through this machine when the hosts differ. */
    private void copyMeta(
            FrontendCheckHost source, Node master, Path meta, FrontendCheckHost target, Path copy, String stamp) {
        if (sameMachine(master.host(), target.host())) {
            target.copyMetaHere(meta, copy);
            return;
        }
        Path packed = master.home().resolve(".dorisops/fe-check-" + stamp + "/meta.tar.gz");
        try {
            source.packMeta(meta, packed);
            Path local = Files.createTempFile("dorisops-fe-check-meta-", ".tar.gz");
            try {
                source.transport().download(packed, local);
                Path onTarget = copy.getParent().resolve("meta-copy.tar.gz");
                target.transport().upload(local, onTarget);
                target.unpackMeta(onTarget, copy);
                target.removeFile(onTarget);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new DorisOpsException("cannot stage the meta copy on this machine: " + e.getMessage(), e);
        } finally {
            source.removeFile(packed);
        }
    }

    private Path packageOn(FrontendCheckHost target, PackageInfo pkg, Path scratch) {
        if (Transports.isLoopback(target.host())) {
            return pkg.file().toAbsolutePath();
        }
        Path onHost = scratch.resolve(pkg.file().getFileName().toString());
        HostPackages.upload(target.transport(), pkg, onHost, engine.readyTimeout());
        return onHost;
    }

    static boolean sameMachine(String a, String b) {
        return a.equals(b) || (Transports.isLoopback(a) && Transports.isLoopback(b));
    }
}
