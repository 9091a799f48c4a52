package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A simulated FE. It keeps the catalog under its meta dir, serves {@code /api/bootstrap} and {@code
 * /api/health} on {@code http_port}, SQL on {@code query_port}, and talks to the other FEs on {@code
 * edit_log_port}.
 *
 * <p>Roles, as BDBJE gives them to the real FE:
 *
 * <ol>
 *   <li>A non-master asks the master for the catalog every 100 ms ({@code SYNC}); that is also how
 *       the master sees which FEs are alive.
 *   <li>When the master does not answer for the election delay, a follower pings the other FEs. If
 *       one is master it follows it. Otherwise, when a majority of the followers answers, the one
 *       with the highest journal id (then the first in join order) becomes master.
 *   <li>Before the first election ever, only the first follower may become master (it formed the
 *       cluster); the others wait for it.
 *   <li>A master that no longer hears from a majority of followers for the election delay steps
 *       down: there is no master until a majority is back.
 *   <li>The master heartbeats every backend and runs the tablet scheduler (decommission drain).
 * </ol>
 */
final class FeNode {
    static final int SYNC_TIMEOUT_MILLIS = 1000;

    final NodeContext ctx;
    final Map<String, FeRuntime> feRuntime = new ConcurrentHashMap<>();
    final Map<Long, BeRuntime> beRuntime = new ConcurrentHashMap<>();
    final FeConfigs configs;
    private final String helper;
    private final boolean recovery;
    /** The meta version this build reads and writes. */
    private final int metaVersion;

    private Catalog catalog;
    private Catalog.Fe self;
    private Path metaDir;
    private volatile String masterName;
    private volatile boolean master;
    private volatile boolean ready;
    private volatile long lastMasterContact = System.currentTimeMillis();
    private volatile long quorumLostAt;
    private volatile boolean noMajorityLogged;
    private double drainBudget;
    private double catchUpBudget;
    private double repairBudget;
    private final Map<Long, Boolean> stuckLogged = new ConcurrentHashMap<>();
    private boolean stallLogged;

    /** What the master knows of a frontend. */
    public static final class FeRuntime {
        public boolean alive;
        public long lastHeartbeat;
        public long startTime;
        public String version = "";
        public int httpPort;
        public int queryPort;
        public int rpcPort;
        public long replayedJournalId;
    }

    /** What the master learned from a backend's last heartbeat. */
    public static final class BeRuntime {
        public boolean alive;
        public long lastHeartbeat;
        public long lastStartTime;
        public String version = "";
        public String errMsg = "";
        public int failures;
        public int bePort;
        public int httpPort;
        public int brpcPort;
        public String nodeRole = "";
        /**
         * Tablets whose replica here lacks versions: set when the backend comes back after it was seen
         * down or restarted, emptied by the backend's own catch-up (not paused by the scheduler switches).
         */
        public Set<Long> catchingUp = new LinkedHashSet<>();
    }

    FeNode(NodeContext ctx, String helper, boolean recovery) throws IOException {
        this.ctx = ctx;
        this.helper = helper;
        this.recovery = recovery || recoveryFromConf(ctx);
        this.configs = new FeConfigs(ctx.flavor);
        this.metaVersion = io.dorisops.testkit.internal.Layout.readMetaVersion(ctx.home, ctx.flavor);
    }

    /**
     * The recovery switch in fe.conf, in the form the version takes (reference facts §10): Doris before
     * 2.0.2 and StarRocks up to 3.1.9 / 3.2.4 read {@code metadata_failure_recovery = true}; Doris 2.0.2
     * and later take only the start option (the key is ignored, with a warning); later StarRocks read
     * {@code bdbje_reset_election_group = true}.
     */
    private static boolean recoveryFromConf(NodeContext ctx) {
        Version version = Version.parse(ctx.version);
        boolean oldKey = "true".equalsIgnoreCase(ctx.conf.get("metadata_failure_recovery"));
        boolean resetKey = "true".equalsIgnoreCase(ctx.conf.get("bdbje_reset_election_group"));
        if (ctx.flavor == Flavor.DORIS) {
            boolean confKey = version.compareTo(Version.of(2, 0, 2)) < 0;
            if (oldKey && !confKey) {
                ctx.log(
                        "WARN",
                        "metadata_failure_recovery in fe.conf is not used since 2.0.2; start the FE with"
                                + " --metadata_failure_recovery");
            }
            return oldKey && confKey;
        }
        boolean resetKeyVersion = version.compareTo(Version.of(3, 3, 0)) >= 0
                || (version.series().equals("3.2") && version.patch() >= 5)
                || (version.series().equals("3.1") && version.patch() >= 10);
        return resetKeyVersion ? resetKey : oldKey;
    }

    void run() throws IOException, InterruptedException {
        if (ctx.fault(FaultFile.INCOMPATIBLE_META)) {
            ctx.fatal("Failed to load image: the meta version of "
                    + Catalog.file(metaDir()).getParent().getParent()
                    + " is newer than this FE supports (" + ctx.version
                    + "); this FE cannot read the existing metadata. will exit.");
        }
        ctx.begin("bin/fe.pid", true);
        ServerSocket editLog = ctx.bind("edit_log_port", ctx.port("edit_log_port"));
        ServerSocket rpc = ctx.bind("rpc_port", ctx.port("rpc_port"));
        ServerSocket query = ctx.bind("query_port", ctx.port("query_port"));
        query.close();
        ServerSocket httpProbe = ctx.bind("http_port", ctx.port("http_port"));
        httpProbe.close();
        loadMeta();
        Peer.serve(editLog, "edit-log", this::editLogRequest);
        Peer.acceptAndClose(rpc, "rpc");
        FeSql.serve(this);
        HttpServer http = HttpServer.create(new InetSocketAddress(ctx.host, ctx.port("http_port")), 64);
        http.setExecutor(Executors.newFixedThreadPool(2));
        http.createContext("/api/bootstrap", this::bootstrap);
        http.createContext("/api/health", this::health);
        http.createContext("/", exchange -> Http.send(exchange, 404, "Not Found"));
        http.start();
        ctx.timers.scheduleWithFixedDelay(this::tick, 0, 100, TimeUnit.MILLISECONDS);
        ctx.timers.scheduleWithFixedDelay(
                this::heartbeatBackends, 0, ctx.spec.heartbeatIntervalMillis(), TimeUnit.MILLISECONDS);
        ctx.startupDelay();
        ready = true;
        ctx.info("QE service start. " + (ctx.flavor == Flavor.DORIS ? "Doris" : "StarRocks") + " FE " + self.name
                + " started, version " + ctx.version);
        Thread.currentThread().join();
    }

    // ---- meta ----

    private Path metaDir() {
        if (metaDir == null) {
            metaDir = Path.of(ctx.conf.getOrDefault(
                    "meta_dir", ctx.home.resolve(ctx.flavor.metaDirName()).toString()));
        }
        return metaDir;
    }

    private void loadMeta() throws IOException {
        Path image = metaDir().resolve("image");
        Path versionFile = image.resolve("VERSION");
        String configuredId = ctx.conf.get("cluster_id");
        int port = ctx.port("edit_log_port");
        if (!Files.exists(versionFile)) {
            if (helper != null) {
                catalog = joinThroughHelper(helper);
            } else {
                catalog = new Catalog();
                catalog.clusterId = configuredId != null
                        ? Integer.parseInt(configuredId)
                        : ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
                catalog.token = UUID.randomUUID().toString();
                catalog.frontends.add(
                        new Catalog.Fe(newName(ctx.flavor, ctx.host, port), ctx.host, port, "FOLLOWER", true));
            }
            self = catalog.frontend(ctx.host, port).orElseThrow();
            writeImageFiles(image, catalog.clusterId, catalog.token, self);
            catalog.write(Catalog.file(metaDir()));
            return;
        }
        Properties version = load(versionFile);
        int clusterId = Integer.parseInt(version.getProperty("clusterId"));
        if (configuredId != null && Integer.parseInt(configuredId) != clusterId) {
            ctx.fatal("cluster id is not equal with config item 'cluster_id'. will exit. If you are in recovery mode,"
                    + " please also modify the cluster_id in '" + versionFile + "'");
        }
        if (!Files.exists(Catalog.file(metaDir()))) {
            ctx.fatal("meta data in " + metaDir() + " is incomplete: " + Catalog.file(metaDir()) + " is missing");
        }
        long loadStart = System.currentTimeMillis();
        ctx.info("start load image from " + Catalog.file(metaDir()) + ". is ckpt: false");
        catalog = Catalog.read(Catalog.file(metaDir()));
        if (catalog.metaVersion > metaVersion) {
            // The line the real FE throws from Env.loadHeaderCOR1 and logs before it exits.
            ctx.fatal("java.io.IOException: The meta version of image is " + catalog.metaVersion
                    + ", which is higher than FE current version " + metaVersion
                    + ". Please upgrade your cluster to the latest version first.");
        }
        ctx.info("finished to load image in " + (System.currentTimeMillis() - loadStart) + " ms");
        ctx.info("replayed journal id is " + catalog.journalId + ", replay to journal id is " + catalog.journalId);
        ctx.info("finish replay in " + (System.currentTimeMillis() - loadStart) + " msec");
        catalog.clusterId = clusterId;
        catalog.token = version.getProperty("token", catalog.token);
        var found = catalog.frontend(ctx.host, port);
        if (recovery) {
            String name = found.map(fe -> fe.name)
                    .orElse(load(image.resolve("ROLE")).getProperty("name", newName(ctx.flavor, ctx.host, port)));
            self = new Catalog.Fe(name, ctx.host, port, "FOLLOWER", true);
            catalog.frontends = new ArrayList<>(List.of(self));
            catalog.electedOnce = false;
            catalog.journalId++;
            catalog.write(Catalog.file(metaDir()));
            writeImageFiles(image, clusterId, catalog.token, self);
            ctx.log("WARN", "metadata_failure_recovery: the frontend group is reset to this node " + self.address());
        } else if (found.isEmpty()) {
            ctx.fatal("current node " + ctx.host + ":" + port + " is not in the frontend group of the metadata in "
                    + metaDir() + ". Add it with ALTER SYSTEM ADD FOLLOWER and start it with --helper, or start"
                    + " with --metadata_failure_recovery.");
        } else {
            self = found.get();
        }
    }

    /**
     * The first start of an FE with {@code --helper}, as the real FE does it
     * ({@code getFeNodeTypeAndNameFromHelpers}, Doris {@code Env} and StarRocks {@code NodeMgr}): ask the
     * helper for this node's role; while the group does not list it, or the helper does not answer,
     * log why and ask again, forever. The real FE asks every 5 s; the sandbox every 300 ms.
     */
    private Catalog joinThroughHelper(String helperAddress) throws IOException {
        int colon = helperAddress.lastIndexOf(':');
        String helperHost = helperAddress.substring(0, colon);
        int helperPort = Integer.parseInt(helperAddress.substring(colon + 1));
        String lastWarning = "";
        long lastLogged = 0;
        while (true) {
            String warning;
            try {
                String answer = Peer.call(helperHost, helperPort, "JOIN", 3000);
                Catalog joined = SandboxSpec.JSON.readValue(answer, Catalog.class);
                if (joined.frontend(ctx.host, ctx.port("edit_log_port")).isPresent()) {
                    ctx.info("get fe node type from helper node " + helperAddress);
                    return joined;
                }
                warning = "current node is not added to the group. please add it first. sleep 5 seconds and retry,"
                        + " current helper nodes: [" + helperAddress + "]";
            } catch (IOException | RuntimeException e) {
                warning = "failed to get fe node type from helper node: " + helperAddress + ". " + e.getMessage();
            }
            long now = System.currentTimeMillis();
            if (!warning.equals(lastWarning) || now - lastLogged > 5000) {
                ctx.log("WARN", warning);
                lastWarning = warning;
                lastLogged = now;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while joining through " + helperAddress, e);
            }
        }
    }

    static String newName(Flavor flavor, String host, int editLogPort) {
        return flavor == Flavor.DORIS
                ? "fe_" + UUID.randomUUID().toString().replace('-', '_')
                : host + "_" + editLogPort + "_" + System.currentTimeMillis();
    }

    /** Writes {@code image/VERSION} and {@code image/ROLE} in the real Properties format. */
    static void writeImageFiles(Path image, int clusterId, String token, Catalog.Fe fe) throws IOException {
        Files.createDirectories(image);
        Properties version = new Properties();
        version.setProperty("clusterId", String.valueOf(clusterId));
        version.setProperty("token", token);
        try (Writer out = Files.newBufferedWriter(image.resolve("VERSION"))) {
            version.store(out, null);
        }
        Properties role = new Properties();
        role.setProperty("role", fe.role);
        role.setProperty("name", fe.name);
        try (Writer out = Files.newBufferedWriter(image.resolve("ROLE"))) {
            role.store(out, null);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }

    // ---- state seen by SQL and HTTP ----

    boolean isReady() {
        return ready && masterName != null;
    }

    boolean isMaster() {
        return master;
    }

    Catalog.Fe self() {
        return self;
    }

    synchronized Catalog snapshot() {
        return catalog.copy();
    }

    /** The master's edit-log address, empty when there is none. */
    synchronized java.util.Optional<Catalog.Fe> masterFe() {
        String name = masterName;
        return catalog.frontends.stream().filter(fe -> fe.name.equals(name)).findFirst();
    }

    /** Applies a change on the master: bumps the journal id and persists. */
    void mutate(Consumer<Catalog> change) {
        mutateIf(c -> {
            change.accept(c);
            return true;
        });
    }

    /** Applies a change that may turn out to be none (returns false): only a change bumps the journal. */
    synchronized boolean mutateIf(Predicate<Catalog> change) {
        if (!master) {
            throw new IllegalStateException("not master");
        }
        if (!change.test(catalog)) {
            return false;
        }
        catalog.journalId++;
        persist();
        return true;
    }

    private void persist() {
        catalog.metaVersion = metaVersion;
        try {
            catalog.write(Catalog.file(metaDir()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FeRuntime selfRuntime() {
        FeRuntime runtime = new FeRuntime();
        runtime.alive = true;
        runtime.lastHeartbeat = System.currentTimeMillis();
        runtime.startTime = ctx.startMillis;
        runtime.version = ctx.version;
        runtime.httpPort = ctx.port("http_port");
        runtime.queryPort = ctx.port("query_port");
        runtime.rpcPort = ctx.port("rpc_port");
        synchronized (this) {
            runtime.replayedJournalId = catalog.journalId;
        }
        return runtime;
    }

    // ---- HTTP ----

    private void bootstrap(HttpExchange exchange) throws IOException {
        if (ctx.fault(FaultFile.HTTP_500)) {
            Http.send(exchange, 500, "simulated fault http-500");
            return;
        }
        Map<String, String> params = Http.query(exchange);
        String clusterId = params.getOrDefault("cluster_id", "");
        String token = params.getOrDefault("token", "");
        boolean check = !clusterId.isEmpty() && !token.isEmpty();
        Version version = Version.parse(ctx.version);
        Catalog current = snapshot();
        ObjectNode body = SandboxSpec.JSON.createObjectNode();
        if (ctx.flavor == Flavor.STARROCKS) {
            body.put("replayedJournalId", 0)
                    .put("queryPort", 0)
                    .put("rpcPort", 0)
                    .put("feStartTime", 0);
            if (!isReady()) {
                body.put("status", "FAILED").put("msg", "not ready");
            } else if (check && !clusterId.equals(String.valueOf(current.clusterId))) {
                body.put("status", "FAILED").put("msg", "invalid cluster id: " + current.clusterId);
            } else if (check && !token.equals(current.token)) {
                body.put("status", "FAILED").put("msg", "invalid token: " + current.token);
            } else {
                if (check) {
                    body.put("replayedJournalId", current.journalId)
                            .put("queryPort", ctx.port("query_port"))
                            .put("rpcPort", ctx.port("rpc_port"))
                            .put("feStartTime", ctx.startMillis)
                            .put("feVersion", ctx.version);
                }
                body.put("status", "OK").put("msg", "Success");
            }
            Http.send(exchange, 200, body.toString());
            return;
        }
        boolean legacy = version.major() < 2;
        if (!isReady()) {
            Http.send(exchange, 200, legacy ? "{\"status\":\"FAILED\",\"msg\":\"not ready\"}" : error("not ready"));
            return;
        }
        if (legacy) {
            Http.send(exchange, 200, "{\"status\":\"OK\",\"msg\":\"Success\"}");
            return;
        }
        if (check) {
            try {
                Integer.parseInt(clusterId);
            } catch (NumberFormatException e) {
                Http.send(
                        exchange,
                        200,
                        "{\"msg\":\"Bad Request\",\"code\":403,\"data\":\"invalid cluster id format: " + clusterId
                                + "\",\"count\":0}");
                return;
            }
            if (!clusterId.equals(String.valueOf(current.clusterId))) {
                Http.send(exchange, 200, error("invalid cluster id: " + clusterId));
                return;
            }
            if (!token.equals(current.token)) {
                Http.send(exchange, 200, error("invalid token: " + token));
                return;
            }
        }
        ObjectNode data = body.putObject("data");
        data.put("replayedJournalId", check ? current.journalId : 0)
                .put("queryPort", check ? ctx.port("query_port") : 0)
                .put("rpcPort", check ? ctx.port("rpc_port") : 0);
        if (version.compareTo(Version.of(2, 1, 0)) >= 0) {
            data.put("arrowFlightSqlPort", check ? -1 : 0);
        }
        data.put("version", check ? ctx.version : "");
        ObjectNode envelope = SandboxSpec.JSON.createObjectNode();
        envelope.put("msg", "success").put("code", 0).set("data", data);
        envelope.put("count", 0);
        Http.send(exchange, 200, envelope.toString());
    }

    private static String error(String data) {
        ObjectNode body = SandboxSpec.JSON.createObjectNode();
        body.put("msg", "Error").put("code", 1).put("data", data).put("count", 0);
        return body.toString();
    }

    private void health(HttpExchange exchange) throws IOException {
        if (ctx.fault(FaultFile.HTTP_500)) {
            Http.send(exchange, 500, "simulated fault http-500");
            return;
        }
        Catalog current = snapshot();
        long total = current.backends.stream().filter(be -> !be.computeNode).count();
        long online = current.backends.stream()
                .filter(be -> !be.computeNode)
                .filter(be -> beRuntime.containsKey(be.id) && beRuntime.get(be.id).alive)
                .count();
        ObjectNode counts = SandboxSpec.JSON.createObjectNode();
        counts.put("online_backend_num", online).put("total_backend_num", total);
        if (ctx.flavor == Flavor.STARROCKS) {
            counts.put("status", "OK");
            Http.send(exchange, 200, counts.toString());
            return;
        }
        ObjectNode envelope = SandboxSpec.JSON.createObjectNode();
        envelope.put("msg", "success").put("code", 0).set("data", counts);
        envelope.put("count", 0);
        Http.send(exchange, 200, envelope.toString());
    }

    // ---- edit log protocol ----

    private String editLogRequest(String request) {
        try {
            if (request.equals("PING")) {
                ObjectNode answer = SandboxSpec.JSON.createObjectNode();
                synchronized (this) {
                    answer.put("name", self.name).put("master", master).put("journalId", catalog.journalId);
                }
                return answer.toString();
            }
            if (request.equals("JOIN")) {
                return SandboxSpec.JSON.writeValueAsString(snapshot());
            }
            if (request.startsWith("SYNC ")) {
                return sync(SandboxSpec.JSON.readValue(request.substring(5), FeRuntimeReport.class));
            }
            if (request.startsWith("CONFIG ")) {
                JsonNode config = SandboxSpec.JSON.readTree(request.substring(7));
                return FeSql.applyFromPeer(
                        this, config.get("key").asText(), config.get("value").asText());
            }
            if (request.startsWith("FORWARD ")) {
                JsonNode forwarded = SandboxSpec.JSON.readTree(request.substring(8));
                return FeSql.executeForwarded(this, forwarded.get("sql").asText());
            }
            return "{\"error\":\"unknown request\"}";
        } catch (JsonProcessingException e) {
            return "{\"error\":\"bad request: " + e.getOriginalMessage().replace('"', '\'') + "\"}";
        }
    }

    /** What a non-master sends with each SYNC. */
    public static final class FeRuntimeReport {
        public String name;
        public long journalId;
        public FeRuntime runtime;
    }

    private String sync(FeRuntimeReport report) throws JsonProcessingException {
        if (!master) {
            return "{\"error\":\"not master\"}";
        }
        report.runtime.alive = true;
        report.runtime.lastHeartbeat = System.currentTimeMillis();
        report.runtime.replayedJournalId = report.journalId;
        feRuntime.put(report.name, report.runtime);
        FeRuntime reported = report.runtime;
        mutateIf(c -> {
            boolean changed = false;
            for (Catalog.Fe fe : c.frontends) {
                if (fe.name.equals(report.name) && fe.unready) {
                    // BDBHA.removeUnReadyElectableNode: a joined follower counts for the quorum from now on.
                    fe.unready = false;
                    changed = true;
                }
                if (fe.name.equals(report.name) && fe.httpPort != reported.httpPort) {
                    fe.httpPort = reported.httpPort;
                    fe.queryPort = reported.queryPort;
                    fe.rpcPort = reported.rpcPort;
                    changed = true;
                }
            }
            return changed;
        });
        ObjectNode answer = SandboxSpec.JSON.createObjectNode();
        answer.put("master", self.name);
        synchronized (this) {
            if (report.journalId != catalog.journalId) {
                answer.set("catalog", SandboxSpec.JSON.valueToTree(catalog));
            }
        }
        Map<String, FeRuntime> fes = new LinkedHashMap<>(feRuntime);
        fes.put(self.name, selfRuntime());
        answer.set("frontends", SandboxSpec.JSON.valueToTree(fes));
        answer.set("backends", SandboxSpec.JSON.valueToTree(beRuntime));
        return answer.toString();
    }

    // ---- roles ----

    private void tick() {
        try {
            if (master) {
                masterTick();
            } else if (masterName != null) {
                syncWithMaster();
            } else {
                elect();
            }
        } catch (RuntimeException e) {
            ctx.log("WARN", "state loop: " + e);
        }
    }

    private void masterTick() {
        long now = System.currentTimeMillis();
        feRuntime.values().forEach(fe -> fe.alive = now - fe.lastHeartbeat < SYNC_TIMEOUT_MILLIS);
        Catalog current = snapshot();
        long aliveFollowers = current.frontends.stream()
                .filter(Catalog.Fe::voter)
                .filter(fe ->
                        fe.name.equals(self.name) || (feRuntime.containsKey(fe.name) && feRuntime.get(fe.name).alive))
                .count();
        if (aliveFollowers < current.followerCount() / 2 + 1) {
            if (quorumLostAt == 0) {
                quorumLostAt = now;
            } else if (now - quorumLostAt > Math.max(ctx.spec.electionDelayMillis(), SYNC_TIMEOUT_MILLIS)) {
                ctx.log(
                        "WARN",
                        "transfer from MASTER to UNKNOWN: only " + aliveFollowers + " of " + current.followerCount()
                                + " followers are alive, no majority");
                master = false;
                masterName = null;
                quorumLostAt = 0;
                return;
            }
        } else {
            quorumLostAt = 0;
        }
        drainDecommissioned(current);
        repairMissing(current);
        catchUp();
    }

    /**
     * The tablet scheduler's clone repair: a tablet with fewer replicas than the replication (after a
     * forced drop) gets one on the alive backend holding the fewest, which then catches up on the
     * tablet's versions; paused with the balance switches, at the decommission rate.
     */
    private void repairMissing(Catalog current) {
        if (configs.balancePaused()
                || current.tablets.stream().noneMatch(t -> t.replicas.size() < ctx.spec.replicationNum())) {
            return;
        }
        repairBudget =
                Math.min(repairBudget + ctx.spec.decommissionRate() / 10.0, Math.max(1, ctx.spec.decommissionRate()));
        while (repairBudget >= 1) {
            long[] added = {0, 0};
            boolean changed = mutateIf(c -> {
                for (Catalog.Tablet tablet : c.tablets) {
                    if (tablet.replicas.size() >= ctx.spec.replicationNum()) {
                        continue;
                    }
                    var target = c.backends.stream()
                            .filter(be -> !be.computeNode && !be.decommissioned && !tablet.replicas.contains(be.id))
                            .filter(be -> beRuntime.containsKey(be.id) && beRuntime.get(be.id).alive)
                            .min(Comparator.comparingLong(be -> c.replicasOn(be.id)));
                    if (target.isPresent()) {
                        tablet.replicas.add(target.get().id);
                        added[0] = target.get().id;
                        added[1] = tablet.id;
                        return true;
                    }
                }
                return false;
            });
            if (!changed) {
                return;
            }
            BeRuntime runtime = beRuntime.get(added[0]);
            Set<Long> pending = new LinkedHashSet<>(runtime.catchingUp);
            pending.add(added[1]);
            runtime.catchingUp = pending;
            repairBudget -= 1;
        }
    }

    /** Restarted backends catch up on their missed versions at the sandbox's rate, switches or not. */
    private void catchUp() {
        catchUpBudget += ctx.spec.catchUpRate() / 10.0;
        for (BeRuntime runtime : beRuntime.values()) {
            if (!runtime.alive) {
                continue;
            }
            // Replaced, never changed in place: SQL readers and followers' syncs read it concurrently.
            Set<Long> pending = new LinkedHashSet<>(runtime.catchingUp);
            var next = pending.iterator();
            while (catchUpBudget >= 1 && next.hasNext()) {
                next.next();
                next.remove();
                catchUpBudget -= 1;
            }
            if (pending.size() != runtime.catchingUp.size()) {
                runtime.catchingUp = pending;
            }
        }
        catchUpBudget = Math.min(catchUpBudget, Math.max(1, ctx.spec.catchUpRate()));
    }

    private void syncWithMaster() {
        var target = masterFe();
        if (target.isEmpty()) {
            masterName = null;
            return;
        }
        try {
            FeRuntimeReport report = new FeRuntimeReport();
            report.name = self.name;
            report.runtime = selfRuntime();
            report.journalId = report.runtime.replayedJournalId;
            String answer = Peer.call(
                    target.get().host,
                    target.get().editLogPort,
                    "SYNC " + SandboxSpec.JSON.writeValueAsString(report),
                    SYNC_TIMEOUT_MILLIS);
            JsonNode json = SandboxSpec.JSON.readTree(answer);
            if (json.has("error")) {
                throw new IOException(json.get("error").asText());
            }
            if (json.has("catalog")) {
                Catalog replicated = SandboxSpec.JSON.treeToValue(json.get("catalog"), Catalog.class);
                synchronized (this) {
                    catalog = replicated;
                    persist();
                }
            }
            Map<String, FeRuntime> fes = SandboxSpec.JSON.convertValue(
                    json.get("frontends"),
                    SandboxSpec.JSON.getTypeFactory().constructMapType(Map.class, String.class, FeRuntime.class));
            feRuntime.clear();
            feRuntime.putAll(fes);
            Map<Long, BeRuntime> bes = SandboxSpec.JSON.convertValue(
                    json.get("backends"),
                    SandboxSpec.JSON.getTypeFactory().constructMapType(Map.class, Long.class, BeRuntime.class));
            beRuntime.clear();
            beRuntime.putAll(bes);
            lastMasterContact = System.currentTimeMillis();
        } catch (IOException e) {
            if (System.currentTimeMillis() - lastMasterContact > ctx.spec.electionDelayMillis()) {
                ctx.log(
                        "WARN",
                        "lost contact with master " + masterName + " (" + e.getMessage()
                                + "); transfer from FOLLOWER to UNKNOWN");
                // lastMasterContact stays: the election delay counts from the last contact, not from now.
                masterName = null;
            }
        }
    }

    private void elect() {
        Catalog current = snapshot();
        List<Catalog.Fe> aliveFollowers = new ArrayList<>();
        Map<String, Long> journals = new LinkedHashMap<>();
        for (Catalog.Fe fe : current.frontends) {
            if (fe.name.equals(self.name)) {
                continue;
            }
            try {
                JsonNode pong = SandboxSpec.JSON.readTree(Peer.call(fe.host, fe.editLogPort, "PING", 300));
                if (pong.get("master").asBoolean() && pong.get("name").asText().equals(fe.name)) {
                    masterName = fe.name;
                    lastMasterContact = System.currentTimeMillis();
                    noMajorityLogged = false;
                    ctx.info("transfer from UNKNOWN to " + (self.follower() ? "FOLLOWER" : "OBSERVER") + ", master is "
                            + fe.address());
                    return;
                }
                if (fe.follower()) {
                    aliveFollowers.add(fe);
                    journals.put(fe.name, pong.get("journalId").asLong());
                }
            } catch (IOException e) {
                // Not alive: not a voter in this round.
            }
        }
        if (!self.follower()) {
            return;
        }
        Catalog.Fe first = current.frontends.stream()
                .filter(Catalog.Fe::follower)
                .findFirst()
                .orElseThrow();
        if (!current.electedOnce) {
            if (first.name.equals(self.name)) {
                becomeMaster();
            }
            return;
        }
        if (System.currentTimeMillis() - lastMasterContact < ctx.spec.electionDelayMillis()) {
            return;
        }
        aliveFollowers.add(self);
        journals.put(self.name, current.journalId);
        if (aliveFollowers.size() < current.followerCount() / 2 + 1) {
            if (!noMajorityLogged) {
                ctx.log(
                        "WARN",
                        "no master: " + aliveFollowers.size() + " of " + current.followerCount()
                                + " followers alive, an election needs a majority");
                noMajorityLogged = true;
            }
            return;
        }
        List<String> order = current.frontends.stream().map(fe -> fe.name).toList();
        Catalog.Fe candidate = aliveFollowers.stream()
                .min(Comparator.comparingLong((Catalog.Fe fe) -> -journals.get(fe.name))
                        .thenComparingInt(fe -> order.indexOf(fe.name)))
                .orElseThrow();
        if (candidate.name.equals(self.name)) {
            becomeMaster();
        }
    }

    private synchronized void becomeMaster() {
        master = true;
        masterName = self.name;
        noMajorityLogged = false;
        quorumLostAt = 0;
        catalog.electedOnce = true;
        catalog.journalId++;
        persist();
        long now = System.currentTimeMillis();
        feRuntime.clear();
        for (Catalog.Fe fe : catalog.frontends) {
            FeRuntime runtime = new FeRuntime();
            runtime.lastHeartbeat = now;
            runtime.alive = true;
            feRuntime.put(fe.name, runtime);
        }
        feRuntime.remove(self.name);
        ctx.info("transfer from UNKNOWN to MASTER: " + self.address());
        ctx.info((ctx.flavor == Flavor.DORIS ? "master" : "leader") + " finished to replay journal, can write now.");
    }

    // ---- master duties ----

    private void heartbeatBackends() {
        if (!master) {
            return;
        }
        Catalog current = snapshot();
        for (Catalog.Be be : current.backends) {
            BeRuntime runtime = beRuntime.computeIfAbsent(be.id, id -> new BeRuntime());
            try {
                String answer = Peer.call(be.host, be.heartbeatPort, "HEARTBEAT " + current.clusterId, 500);
                if (answer.startsWith("OK ")) {
                    String[] parts = answer.split(" ");
                    boolean seenBefore = runtime.lastHeartbeat != 0;
                    boolean returned =
                            seenBefore && (!runtime.alive || runtime.lastStartTime != Long.parseLong(parts[2]));
                    if (returned && !be.computeNode) {
                        // Loads went on without it: its replicas miss versions until it catches up.
                        runtime.catchingUp = current.tablets.stream()
                                .filter(t -> t.replicas.contains(be.id))
                                .map(t -> t.id)
                                .collect(Collectors.toCollection(LinkedHashSet::new));
                    }
                    runtime.alive = true;
                    runtime.lastHeartbeat = System.currentTimeMillis();
                    runtime.version = parts[1];
                    runtime.lastStartTime = Long.parseLong(parts[2]);
                    runtime.bePort = Integer.parseInt(parts[3]);
                    runtime.httpPort = Integer.parseInt(parts[4]);
                    runtime.brpcPort = Integer.parseInt(parts[5]);
                    runtime.nodeRole = parts[6];
                    runtime.errMsg = "";
                    runtime.failures = 0;
                } else {
                    fail(runtime, answer.startsWith("ERR ") ? answer.substring(4) : answer);
                }
            } catch (IOException e) {
                fail(runtime, e.getClass().getName() + ": " + e.getMessage());
            }
        }
        beRuntime.keySet().removeIf(id -> current.backends.stream().noneMatch(be -> be.id == id));
    }

    private static void fail(BeRuntime runtime, String message) {
        runtime.alive = false;
        runtime.failures++;
        runtime.errMsg = message;
    }

    private void drainDecommissioned(Catalog current) {
        double rate = ctx.spec.decommissionRate();
        boolean paused = configs.schedulerPaused();
        if (!paused && ctx.fault(FaultFile.STALL_DRAIN)) {
            paused = true;
            if (!stallLogged) {
                stallLogged = true;
                ctx.log(
                        "WARN",
                        "clone task failed: simulated fault " + FaultFile.STALL_DRAIN
                                + "; decommissioned backends keep their replicas");
            }
        } else {
            stallLogged = false;
        }
        if (!paused) {
            drainBudget += rate / 10.0;
        }
        for (Catalog.Be be : current.backends) {
            if (!be.decommissioned) {
                continue;
            }
            long left = current.replicasOn(be.id);
            if (left == 0) {
                mutate(c -> c.backends.removeIf(b -> b.id == be.id));
                beRuntime.remove(be.id);
                ctx.info("backend " + be.id + " (" + be.address() + ") is dropped after decommission");
                continue;
            }
            if (paused) {
                continue;
            }
            while (drainBudget >= 1) {
                if (!moveOneReplica(be.id)) {
                    if (stuckLogged.putIfAbsent(be.id, true) == null) {
                        ctx.log(
                                "WARN",
                                "backend " + be.id + " lefts " + left
                                        + " replicas to decommission: no other backend can take them");
                    }
                    break;
                }
                drainBudget -= 1;
            }
        }
        drainBudget = Math.min(drainBudget, Math.max(1, rate));
    }

    private boolean moveOneReplica(long from) {
        return mutateIf(c -> {
            for (Catalog.Tablet tablet : c.tablets) {
                if (!tablet.replicas.contains(from)) {
                    continue;
                }
                String tag = c.backends.stream()
                        .filter(be -> be.id == from)
                        .map(be -> be.tag)
                        .findFirst()
                        .orElse("default");
                // A replica stays in its tag: the partition's allocation counts replicas per tag.
                var target = c.backends.stream()
                        .filter(be -> !be.computeNode && !be.decommissioned && !tablet.replicas.contains(be.id))
                        .filter(be -> tag.equals(be.tag))
                        .filter(be -> beRuntime.containsKey(be.id) && beRuntime.get(be.id).alive)
                        .min(Comparator.comparingLong(be -> c.replicasOn(be.id)));
                if (target.isPresent()) {
                    tablet.replicas.set(tablet.replicas.indexOf(from), target.get().id);
                    return true;
                }
            }
            return false;
        });
    }
}
