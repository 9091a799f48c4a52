package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A simulated FE. It keeps the catalog under its meta dir, talks to the other FEs on {@code
 * edit_log_port} from its start and, like the real FE, opens {@code rpc_port}, {@code http_port} ({@code
 * /api/bootstrap}, {@code /api/health}) and {@code query_port} (SQL) only once it is ready: a master
 * elected and its metadata in step ({@link #waitForReady}).
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
 *
 * <p>The parts: {@link FeMeta} (the meta dir), {@link FeHttp} and {@link FeSql} (the APIs), {@link
 * EditLogService} (the peer protocol), {@link BackendHeartbeats} and {@link TabletScheduler} (the
 * master's duties); this class holds the state and the roles.
 */
final class FeNode {
    static final int SYNC_TIMEOUT_MILLIS = 1000;

    final NodeContext ctx;
    final Map<String, FeRuntime> feRuntime = new ConcurrentHashMap<>();
    final Map<Long, BeRuntime> beRuntime = new ConcurrentHashMap<>();
    final FeConfigs configs;
    /** The meta version this build reads and writes. */
    private final int metaVersion;

    private final FeMeta meta;
    private final TabletScheduler scheduler = new TabletScheduler(this);
    private final SnapshotJobs snapshotJobs = new SnapshotJobs(this);
    private final BackendHeartbeats heartbeats = new BackendHeartbeats(this);

    private Catalog catalog;
    private Catalog.Fe self;
    private volatile String masterName;
    private volatile boolean master;
    private volatile boolean ready;
    private volatile long lastMasterContact = System.currentTimeMillis();
    private volatile boolean synced;
    private volatile long quorumLostAt;
    private volatile boolean noMajorityLogged;

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
        /** The query fragments it runs, as its last heartbeat said. */
        public int runningFragments;
        /** Its graceful stop began ({@link BackendShutdown}): no new query fragment is planned on it. */
        public boolean stopping;
    }

    FeNode(NodeContext ctx, String helper, boolean recovery) throws IOException {
        this.ctx = ctx;
        boolean recovering = recovery || FeMeta.recoveryFromConf(ctx);
        FeConfigs read = null;
        try {
            read = new FeConfigs(ctx.flavor, ctx.conf);
        } catch (IllegalArgumentException e) {
            ctx.fatal(e.getMessage());
        }
        this.configs = read;
        this.metaVersion = io.dorisops.testkit.internal.Layout.readMetaVersion(ctx.home, ctx.flavor);
        this.meta = new FeMeta(ctx, helper, recovering, metaVersion);
        ctx.spec();
    }

    void run() throws IOException, InterruptedException {
        if (ctx.fault(FaultFile.INCOMPATIBLE_META)) {
            ctx.fatal("Failed to load image: the meta version of "
                    + Catalog.file(meta.metaDir()).getParent().getParent()
                    + " is newer than this FE supports (" + ctx.version
                    + "); this FE cannot read the existing metadata. will exit.");
        }
        ctx.begin("bin/fe.pid", true);
        ServerSocket editLog = ctx.bind("edit_log_port", ctx.port("edit_log_port"));
        // Like the real FE's checkAllPorts(): every port must be free before anything starts; only the
        // edit log port (BDBJE) opens now, the others once the FE is ready.
        for (String key : List.of("rpc_port", "query_port", "http_port")) {
            ctx.bind(key, ctx.port(key)).close();
        }
        meta.load();
        catalog = meta.catalog();
        self = meta.self();
        Peer.serve(editLog, "edit-log", new EditLogService(this)::handle);
        ctx.timers.scheduleWithFixedDelay(this::tick, 0, 100, TimeUnit.MILLISECONDS);
        snapshotJobs.start();
        ctx.timers.scheduleWithFixedDelay(
                heartbeats::run, 0, ctx.spec().heartbeatIntervalMillis(), TimeUnit.MILLISECONDS);
        ctx.startupDelay();
        ready = true;
        waitForReady();
        // DorisFE / StarRocksFE after waitForReady(): the thrift server, the HTTP server, then the QE (MySQL)
        // service. They stay open from then on: an FE that later loses its master answers "not ready".
        Peer.acceptAndClose(ctx.bind("rpc_port", ctx.port("rpc_port")), "rpc");
        FeHttp.serve(this);
        try {
            FeSql.serve(this);
        } catch (IOException e) {
            ctx.fatal("cannot listen on query_port " + ctx.port("query_port") + ": " + e.getMessage()
                    + ". Stop the process holding it or change query_port in the conf file.");
        }
        ctx.info("QE service start. " + (ctx.flavor == Flavor.DORIS ? "Doris" : "StarRocks") + " FE " + self.name
                + " started, version " + ctx.version);
        Thread.currentThread().join();
    }

    /**
     * {@code Env.waitForReady()} (Doris) and {@code GlobalStateMgr.waitForReady()} (StarRocks): polls
     * every 100 ms, logging every 2 s, until a master is known and this FE has its metadata. A follower
     * without a quorum stays here, serving nothing but its edit log port.
     */
    private void waitForReady() throws InterruptedException {
        boolean doris = ctx.flavor == Flavor.DORIS;
        long counter = 0;
        while (!isReady()) {
            Thread.sleep(100);
            if (counter++ % 20 == 0) {
                ctx.info(
                        doris
                                ? "wait catalog to be ready. FE type: " + feType() + ". is ready: false, counter: "
                                        + counter
                                : "wait globalStateMgr to be ready. FE type: " + feType() + ". is ready: false");
            }
        }
        ctx.info((doris ? "catalog" : "globalStateMgr") + " is ready. FE type: " + feType());
    }

    /** The FE type as the real FE logs it. */
    private String feType() {
        if (master) {
            return ctx.flavor == Flavor.DORIS ? "MASTER" : "LEADER";
        }
        if (masterName != null) {
            return self.follower() ? "FOLLOWER" : "OBSERVER";
        }
        return ctx.flavor == Flavor.DORIS ? "UNKNOWN" : "INIT";
    }

    // ---- state seen by SQL and HTTP ----

    /**
     * Started, and a master known; a non-master also needs one answer to its SYNC from that master
     * (it has the master's catalog, the master has its report), as a real follower is ready once it
     * has replayed the master's journal.
     */
    boolean isReady() {
        return ready && masterName != null && (master || synced);
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
            catalog.write(Catalog.file(meta.metaDir()));
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

    // ---- edit log protocol ({@link EditLogService}) ----

    /** What a non-master sends with each SYNC. */
    public static final class FeRuntimeReport {
        public String name;
        public long journalId;
        public FeRuntime runtime;
    }

    /** The journal id, read under the lock. */
    synchronized long journalId() {
        return catalog.journalId;
    }

    /**
     * Waits until a majority of the joined followers, this master included, has the journal up to {@code
     * journalId}: BDB JE acknowledges a master's write only then (Doris and StarRocks {@code
     * Config.replica_ack_policy = "SIMPLE_MAJORITY"}), so a write the client saw succeed survives the
     * master's loss. False when the majority did not answer within {@code timeoutMillis}.
     */
    boolean awaitMajorityAck(long journalId, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!acked(journalId)) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private synchronized boolean acked(long journalId) {
        long voters = catalog.frontends.stream().filter(Catalog.Fe::voter).count();
        long acked = catalog.frontends.stream()
                .filter(Catalog.Fe::voter)
                .filter(fe -> fe.name.equals(self.name)
                        || (feRuntime.containsKey(fe.name) && feRuntime.get(fe.name).replayedJournalId >= journalId))
                .count();
        return acked >= voters / 2 + 1;
    }

    /** The catalog as JSON when {@code journalId} is not its journal id, read under the lock. */
    synchronized java.util.Optional<JsonNode> catalogUnlessAt(long journalId) {
        return journalId == catalog.journalId
                ? java.util.Optional.empty()
                : java.util.Optional.of(SandboxSpec.JSON.valueToTree(catalog));
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
            } else if (now - quorumLostAt > Math.max(ctx.spec().electionDelayMillis(), SYNC_TIMEOUT_MILLIS)) {
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
        scheduler.tick(current);
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
            synced = true;
        } catch (IOException e) {
            if (System.currentTimeMillis() - lastMasterContact > ctx.spec().electionDelayMillis()) {
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
                    synced = false;
                    masterName = fe.name;
                    lastMasterContact = System.currentTimeMillis();
                    noMajorityLogged = false;
                    ctx.info("transfer from UNKNOWN to " + (self.follower() ? "FOLLOWER" : "OBSERVER") + ", master is "
                            + fe.address());
                    syncWithMaster();
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
        if (System.currentTimeMillis() - lastMasterContact < ctx.spec().electionDelayMillis()) {
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
        // A new master heartbeats the backends at once rather than at its next interval.
        ctx.timers.execute(heartbeats::run);
    }
}
