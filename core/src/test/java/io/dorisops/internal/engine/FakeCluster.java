package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.spi.Backend;
import io.dorisops.spi.BinaryStore;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.ProcessControl;
import io.dorisops.spi.RunMarker;
import io.dorisops.spi.Transport.TransferListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An in-memory cluster for the kernel's unit tests: it is the node control (process control, binary
 * store, run marker; no installer), the SQL control plane and the health probe at once, with no process, socket or file. Each node has a running flag,
 * the version of its {@code bin/}, its backups and what is staged; every action is logged as {@code
 * "stop be-1"}, so tests assert the order as data. Faults are set per node.
 */
public final class FakeCluster implements ProcessControl, BinaryStore, RunMarker, ClusterAdmin, HealthProbe {

    /** One simulated node. */
    static final class FakeNode {
        final Node node;
        boolean running = true;
        Version bin;
        Version runningVersion;
        final Map<String, Version> backups = new HashMap<>();
        final Map<String, Version> staged = new HashMap<>();
        /** Starts left that die at once (the process exits). */
        int failingStarts;
        /** Doris {@code disable_query} and {@code disable_load}, set together by a drain. */
        boolean disabled;
        /** The query fragments it runs now; a drain waits until none runs. */
        int runningQueries;

        FakeNode(Node node, Version version) {
            this.node = node;
            this.bin = version;
            this.runningVersion = version;
        }
    }

    public final Topology topology;
    final Map<String, FakeNode> nodes = new LinkedHashMap<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> config = new LinkedHashMap<>();
    final Set<String> refusedConfigKeys = new HashSet<>();
    String master = "fe-1";
    /** How often SHOW FRONTENDS was read: a real admin waits for a master when none answers. */
    final java.util.concurrent.atomic.AtomicInteger frontendReads = new java.util.concurrent.atomic.AtomicInteger();

    long unhealthyTablets;
    /** When positive, {@link #unhealthyTablets} are repaired at that many-th tablet health read. */
    int repairedAfterReads;
    /** How many staged packages the last prune kept; -1 before any. */
    volatile int keptStaged = -1;
    /** What {@link #replicaFacts()} and {@link #tabletPlacement} answer; null: unsupported, as the SPI default. */
    io.dorisops.ReplicaFacts facts;

    io.dorisops.TabletPlacement placement;
    /**
     * When true the FEs behave as real ones do at a cold start: no FE listens (its probe is DOWN,
     * connection refused, and no SQL answers) until a majority of the followers runs and has elected a
     * master ({@code DorisFE}: {@code waitForReady()} before the HTTP and MySQL servers start).
     */
    boolean quorumToServe;
    /** When set, the tablets take loads and answer health, facts and placement (a busy cluster). */
    BusyTablets busy;
    /** Run before each action of the port, e.g. to kill a node mid-run. */
    Consumer<String> beforeAction = action -> {};

    /** The fake's topology file: three followers, an observer, three BEs (be-3 last, so a line appended adds a BE). */
    static final String YAML =
            """
            name: fake
            flavor: doris
            timeouts: {ready: 3s, poll: 10ms}
            followers:
              - {id: fe-1, host: 10.0.0.1, home: /opt/fe}
              - {id: fe-2, host: 10.0.0.2, home: /opt/fe}
              - {id: fe-3, host: 10.0.0.3, home: /opt/fe}
            observers:
              - {id: fe-obs, host: 10.0.0.4, home: /opt/fe}
            backends:
              - {id: be-1, host: 10.0.1.1, home: /opt/be}
              - {id: be-2, host: 10.0.1.2, home: /opt/be}
              - {id: be-3, host: 10.0.1.3, home: /opt/be}
            """;

    /** {@link #YAML} with a fourth BE, be-4 on 10.0.1.4: a topology that grew after a plan. */
    static final String YAML_WITH_BE4 = YAML + "  - {id: be-4, host: 10.0.1.4, home: /opt/be}\n";

    public FakeCluster(String version) {
        this.topology = Topology.parse(YAML, "fake.yaml");
        topology.nodes().forEach(node -> nodes.put(node.id(), new FakeNode(node, Version.parse(version))));
        config.put("disable_balance", "false");
        config.put("disable_colocate_balance", "false");
        config.put("disable_tablet_scheduler", "false");
    }

    FakeNode get(String id) {
        return nodes.get(id);
    }

    List<String> log(String verb) {
        synchronized (log) {
            return log.stream()
                    .filter(line -> line.startsWith(verb + " "))
                    .map(line -> line.substring(verb.length() + 1))
                    .toList();
        }
    }

    private FakeNode act(String verb, Node node) {
        beforeAction.accept(verb + " " + node.id());
        log.add(verb + " " + node.id());
        return nodes.get(node.id());
    }

    /** The node control of this cluster: every capability it implements. */
    NodeControl control() {
        return NodeControl.builder()
                .processControl(this)
                .binaryStore(this)
                .runMarker(this)
                .build();
    }

    // ---------------------------------------------------------------- node control

    private record Mark(boolean running) implements StartMark {}

    @Override
    public boolean running(Node node) {
        return nodes.get(node.id()).running;
    }

    @Override
    public StartMark mark(Node node) {
        return new Mark(running(node));
    }

    @Override
    public boolean start(Node node, List<String> args) {
        FakeNode fake = nodes.get(node.id());
        if (fake.running) {
            return false;
        }
        act("start", node);
        if (fake.failingStarts > 0) {
            fake.failingStarts--;
            return true; // started, and died at once
        }
        fake.running = true;
        fake.runningVersion = fake.bin;
        return true;
    }

    @Override
    public boolean stop(Node node, boolean graceful, Duration timeout, Consumer<String> waiting) {
        FakeNode fake = nodes.get(node.id());
        if (!fake.running) {
            return false;
        }
        act("stop", node).running = false;
        if (node.id().equals(master)) {
            master = nodes.values().stream()
                    .filter(n -> n.running && n.node.role() == Role.FE_FOLLOWER)
                    .map(n -> n.node.id())
                    .findFirst()
                    .orElse("");
        }
        return true;
    }

    @Override
    public Optional<String> startFailure(Node node, StartMark mark, Duration sinceStart) {
        return running(node) ? Optional.empty() : Optional.of("the process in its pid file has exited");
    }

    @Override
    public void stage(Node node, PackageFile pkg, String stamp) {
        act("stage", node).staged.put(stamp, pkg.version());
    }

    /** Stages as above, telling the listener of an upload of the package in ten parts, as a host's store does. */
    @Override
    public void stage(Node node, PackageFile pkg, String stamp, TransferListener listener) {
        long size = pkg.file().toFile().length();
        for (int part = 1; part <= 10; part++) {
            listener.progress(pkg.file(), size * part / 10, size);
        }
        stage(node, pkg, stamp);
    }

    @Override
    public void backup(Node node, String stamp) {
        FakeNode fake = act("backup", node);
        fake.backups.putIfAbsent(stamp, fake.bin);
    }

    @Override
    public boolean hasBackup(Node node, String stamp) {
        return nodes.get(node.id()).backups.containsKey(stamp);
    }

    @Override
    public void deploy(Node node, String stamp) {
        FakeNode fake = act("deploy", node);
        Version staged = fake.staged.get(stamp);
        if (staged == null) {
            throw new NodeFailedException(node.id(), "deploy", node.id() + ": nothing staged for " + stamp);
        }
        fake.bin = staged;
    }

    @Override
    public boolean restore(Node node, String stamp) {
        FakeNode fake = act("restore", node);
        Version backup = fake.backups.remove(stamp);
        if (backup == null) {
            return false;
        }
        fake.bin = backup;
        return true;
    }

    @Override
    public void pruneStaged(Node node, int keep) {
        keptStaged = keep;
        act("prune", node);
    }

    @Override
    public Optional<Version> reportedVersion(Node node) {
        return Optional.empty();
    }

    /** The run markers, by the host of the FE whose home holds one. */
    final Map<String, String> markers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Hosts whose transport cannot connect: a claim there throws, as SSH to a dead host does. */
    final Set<String> unreachable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public Optional<String> claim(Node node, String runId, String holder, String takeOver) {
        if (unreachable.contains(node.host())) {
            throw new io.dorisops.TransportException(node.host(), node.host() + ": connection refused");
        }
        String marker = markers.get(node.host());
        if (marker == null
                || marker.startsWith(runId + " ")
                || (!takeOver.isEmpty() && marker.startsWith(takeOver + " "))) {
            markers.put(node.host(), runId + " " + holder);
            return Optional.empty();
        }
        return Optional.of(marker);
    }

    @Override
    public void release(Node node, String runId) {
        markers.computeIfPresent(node.host(), (host, marker) -> marker.startsWith(runId + " ") ? null : marker);
    }

    @Override
    public String markerLocation(Node node) {
        return "/opt/fe/.dorisops/run.lock on " + node.host();
    }

    @Override
    public long freeKilobytes(Node node) {
        return Long.MAX_VALUE / 2;
    }

    @Override
    public Optional<String> fatalLogLine(Node node, StartMark mark) {
        return Optional.empty();
    }

    @Override
    public void setAsideStorage(Node node, String stamp) {
        act("set-aside-storage", node);
    }

    @Override
    public List<Node> markerNodes(List<Node> frontends) {
        return frontends;
    }

    @Override
    public String logTail(Node node) {
        return "last lines of " + node.id() + ".log:\n  | fake";
    }

    // ---------------------------------------------------------------- HealthProbe

    /** Whether a majority of the followers runs; a master is elected then when there is none. */
    private boolean quorum() {
        List<FakeNode> followers = nodes.values().stream()
                .filter(n -> n.node.role() == Role.FE_FOLLOWER)
                .toList();
        List<FakeNode> running = followers.stream().filter(n -> n.running).toList();
        if (running.size() < followers.size() / 2 + 1) {
            return false;
        }
        if (master.isEmpty()) {
            master = running.get(0).node.id();
        }
        return true;
    }

    private void requireServing() {
        if (quorumToServe && !quorum()) {
            throw new DorisOpsException("no FE answers: connection refused on every query port");
        }
    }

    @Override
    public Health probe(Node node) {
        FakeNode fake = nodes.get(node.id());
        if (quorumToServe && fake.running && node.role().isFrontend() && !quorum()) {
            return new Health(node.id(), Health.Status.DOWN, "connection refused", Duration.ZERO, Optional.empty());
        }
        return fake.running
                ? new Health(node.id(), Health.Status.READY, "fake", Duration.ZERO, Optional.of(fake.runningVersion))
                : new Health(node.id(), Health.Status.DOWN, "not running", Duration.ZERO, Optional.empty());
    }

    // ---------------------------------------------------------------- ClusterAdmin

    @Override
    public List<Frontend> frontends() {
        frontendReads.incrementAndGet();
        requireServing();
        return nodes.values().stream()
                .filter(n -> n.node.role().isFrontend())
                .map(n -> Frontend.builder()
                        .node(n.node)
                        .name(n.node.id())
                        .master(n.node.id().equals(master))
                        .alive(n.running)
                        .joined(true)
                        .version(n.runningVersion)
                        .build())
                .toList();
    }

    @Override
    public List<Backend> backends() {
        requireServing();
        return nodes.values().stream()
                .filter(n -> n.node.role().isBackend())
                .map(n -> Backend.builder()
                        .node(n.node)
                        .id(n.node.id().hashCode())
                        .alive(n.running)
                        .queryDisabled(n.disabled)
                        .loadDisabled(n.disabled)
                        .tabletNum(10)
                        .version(n.runningVersion)
                        .build())
                .toList();
    }

    @Override
    public List<Backend> computeNodes() {
        return List.of();
    }

    @Override
    public Frontend master() {
        return frontends().stream()
                .filter(Frontend::master)
                .findFirst()
                .orElseThrow(() -> new DorisOpsException("no master: fewer than a quorum of followers alive"));
    }

    @Override
    public Map<String, String> frontendConfig(Collection<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        keys.forEach(key -> {
            if (config.containsKey(key)) {
                values.put(key, config.get(key));
            }
        });
        return values;
    }

    @Override
    public void setFrontendConfig(String key, String value) {
        if (refusedConfigKeys.contains(key)) {
            throw new DorisOpsException("the master refused ADMIN SET FRONTEND CONFIG (\"" + key + "\")");
        }
        log.add("config " + key + "=" + value);
        config.put(key, value);
    }

    @Override
    public TabletHealth tabletHealth() {
        if (busy != null) {
            busy.tick();
            return TabletHealth.of(
                    "SHOW PROC '/cluster_health/tablet_health'",
                    busy.tabletCount(),
                    busy.tabletCount() * 3L,
                    busy.unhealthy(),
                    0);
        }
        if (unhealthyTablets > 0 && repairedAfterReads > 0 && --repairedAfterReads == 0) {
            unhealthyTablets = 0; // repaired: this read and the ones after it see them healthy
            log.add("repaired tablets");
        }
        long down = nodes.values().stream()
                .filter(n -> n.node.role() == Role.BE && !n.running)
                .count();
        long unhealthy = unhealthyTablets + down * 10;
        return TabletHealth.of("SHOW PROC '/cluster_health/tablet_health'", 300, 900, unhealthy, 0);
    }

    @Override
    public io.dorisops.ReplicaFacts replicaFacts() {
        if (busy != null) {
            return busy.facts();
        }
        if (facts == null) {
            return ClusterAdmin.super.replicaFacts();
        }
        return facts;
    }

    @Override
    public io.dorisops.TabletPlacement tabletPlacement(io.dorisops.ReplicaFacts read) {
        if (busy != null) {
            return busy.placement();
        }
        if (placement == null) {
            return ClusterAdmin.super.tabletPlacement(read);
        }
        return placement;
    }

    /** The backend id {@link #backends()} gives a node. */
    long backendId(String nodeId) {
        return nodeId.hashCode();
    }

    @Override
    public void createImage() {
        log.add("create-image cluster");
    }

    /** The ids of the backends whose queries and loads are disabled now. */
    List<String> disabledBackends() {
        return nodes.values().stream()
                .filter(n -> n.disabled)
                .map(n -> n.node.id())
                .toList();
    }

    @Override
    public void setBackendDisabled(String host, int heartbeatPort, boolean disabled) {
        requireServing();
        FakeNode fake = backend(host, heartbeatPort);
        if (fake == null && disabled) {
            throw new DorisOpsException("backend does not exists[" + host + ":" + heartbeatPort + "]");
        }
        if (fake != null && fake.disabled != disabled) {
            act(disabled ? "disable" : "enable", fake.node).disabled = disabled;
        }
    }

    @Override
    public OptionalInt runningQueries(String host, int heartbeatPort) {
        requireServing();
        FakeNode fake = backend(host, heartbeatPort);
        return fake == null ? OptionalInt.empty() : OptionalInt.of(fake.runningQueries);
    }

    private FakeNode backend(String host, int heartbeatPort) {
        return nodes.values().stream()
                .filter(n -> n.node.role().isBackend()
                        && n.node.host().equals(host)
                        && n.node.ports().heartbeatPort() == heartbeatPort)
                .findFirst()
                .orElse(null);
    }

    @Override
    public void addBackend(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void decommissionBackend(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void cancelDecommission(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void dropBackend(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addComputeNode(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void dropComputeNode(String host, int heartbeatPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addFrontend(Role role, String host, int editLogPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void dropFrontend(Role role, String host, int editLogPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}

    // ---------------------------------------------------------------- backups

    /** The repositories {@code SHOW REPOSITORIES} lists. */
    final List<io.dorisops.spi.RepositoryInfo> repositories = new ArrayList<>();
    /** The backup jobs {@code SHOW BACKUP} lists, oldest first. */
    final List<io.dorisops.spi.BackupJob> backupJobs = new ArrayList<>();
    /** The states a running job takes, one per read of its jobs; the last one stays. */
    final List<String> backupScript = new ArrayList<>(List.of("PENDING", "SNAPSHOTING", "UPLOADING", "FINISHED"));
    /** How many {@code BACKUP SNAPSHOT} statements were sent. */
    int backupSubmits;

    @Override
    public List<io.dorisops.spi.RepositoryInfo> repositories() {
        return List.copyOf(repositories);
    }

    @Override
    public synchronized void submitBackup(String database, String label, String repository, List<String> tables) {
        backupSubmits++;
        log.add("submit-backup " + database + "." + label);
        backupJobs.add(new io.dorisops.spi.BackupJob(
                String.valueOf(backupJobs.size() + 1), label, database, "PENDING", "", "", "", "[OK]"));
    }

    @Override
    public synchronized List<io.dorisops.spi.BackupJob> backupJobs(String database) {
        for (int i = 0; i < backupJobs.size(); i++) {
            io.dorisops.spi.BackupJob job = backupJobs.get(i);
            if (job.database().equals(database) && !job.done()) {
                String state = backupScript.size() > 1 ? backupScript.remove(0) : backupScript.get(0);
                String tasks = state.equals("UPLOADING") ? "[11=10001], [12=10002]" : "";
                backupJobs.set(
                        i,
                        new io.dorisops.spi.BackupJob(
                                job.jobId(),
                                job.label(),
                                database,
                                state,
                                tasks,
                                tasks.isEmpty() ? "" : "[11: 0/10]",
                                "",
                                state.equals("CANCELLED") ? "[COMMON_ERROR, upload failed]" : "[OK]"));
            }
        }
        return backupJobs.stream().filter(j -> j.database().equals(database)).toList();
    }
}
