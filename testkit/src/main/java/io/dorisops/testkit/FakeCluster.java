package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.Beta;
import io.dorisops.Cluster;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.Durations;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.NodeControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An in-memory cluster for unit tests of a user's automation: the nodes of a {@link Topology} with their
 * versions, running flags and staged packages, a SQL control plane (frontends, backends, tablet health,
 * the balance switches), health, faults per node, and {@link VirtualTime}, with no process, socket or
 * sleep. A test drives it through the real public API, and every action a run takes is logged as data
 * ({@code "stop be-1"}), so the test asserts the order:
 *
 * <pre>{@code
 * FakeCluster fake = FakeCluster.of(Topology.load(Path.of("prod.yaml")), "2.1.7");
 * Path pkg = fake.releasePackage("2.1.8", tempDir);
 * try (Cluster cluster = Cluster.builder(fake.topology())
 *         .nodeControl(fake.nodeControl()).probe(fake.probe()).admin(fake.admin())
 *         .time(fake.time(), fake.time()).stateDir(tempDir.resolve("state")).build()) {
 *     cluster.run(Procedure.upgrade(pkg), RunOptions.defaults());
 * }
 * assertThat(fake.acted("stop")).containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
 * }</pre>
 *
 * <p>The node control has process control, a binary store and a run marker: upgrades, restarts, starts,
 * stops, rollbacks and failover drills run on it; a procedure that needs an installer (deploy, scale-out
 * from a package) is refused when planned, as on any node control that lacks one. Membership changes
 * ({@code ALTER SYSTEM ADD/DROP/DECOMMISSION}) are not modelled: use the {@link Sandbox} for those.
 *
 * <p>How it behaves: a start makes a node run the version in its {@code bin/} and serve at once (or after
 * {@link #slowStart}); stopping the master makes the first running follower master; each stopped BE
 * leaves 10 tablets unhealthy until it serves again. Thread-safe: every read and change holds this
 * object's lock.
 */
@Beta
public final class FakeCluster {

    /** One node's state. Guarded by the cluster's lock. */
    static final class FakeNode {
        final Node node;
        final long backendId;
        boolean running = true;
        Version bin;
        Version runningVersion;
        final Map<String, Version> backups = new HashMap<>();
        final Map<String, Version> staged = new HashMap<>();
        int failingStarts;
        boolean hangs;
        Duration startDelay = Duration.ZERO;
        /** When the last start serves: after its delay, never for a start that hangs. */
        Instant servesFrom = VirtualTime.START;

        FakeNode(Node node, long backendId, Version version) {
            this.node = node;
            this.backendId = backendId;
            this.bin = version;
            this.runningVersion = version;
        }
    }

    final Topology topology;
    final VirtualTime time = new VirtualTime();
    final Map<String, FakeNode> nodes = new LinkedHashMap<>();
    final Map<String, String> config = new LinkedHashMap<>();
    final Set<String> refusedConfigKeys = new TreeSet<>();
    final Map<String, String> markers = new HashMap<>();
    private final List<String> actions = new ArrayList<>();
    String master;
    long unhealthyTablets;
    Instant tabletsRepairedAt = VirtualTime.START;
    private Consumer<String> beforeAction = action -> {};
    private final FakeNodes nodeSide = new FakeNodes(this);
    private final FakeControlPlane sqlSide = new FakeControlPlane(this);

    private FakeCluster(Topology topology, Version version) {
        this.topology = topology;
        long backendId = 10001;
        for (Node node : topology.nodes()) {
            nodes.put(node.id(), new FakeNode(node, node.role().isBackend() ? backendId++ : -1, version));
        }
        this.master = topology.nodes(Role.FE_FOLLOWER).stream()
                .map(Node::id)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        topology.name() + ": a fake cluster needs at least one FE follower to be master"));
        config.put("disable_balance", "false");
        config.put("disable_colocate_balance", "false");
        config.put("disable_tablet_scheduler", "false");
    }

    /**
     * A running cluster of the topology's nodes, every node at {@code version}, the topology's first follower
     * master, every tablet healthy, the balance switches on.
     *
     * @throws IllegalArgumentException when the topology has no FE follower
     */
    public static FakeCluster of(Topology topology, String version) {
        return new FakeCluster(requireNonNull(topology, "topology"), Version.parse(requireNonNull(version, "version")));
    }

    /** The topology the fake was made from. */
    public Topology topology() {
        return topology;
    }

    /** The fake's time: pass it to {@link Cluster.Builder#time}; timed faults measure on it. */
    public VirtualTime time() {
        return time;
    }

    /** The node control: process control, binary store and run marker, all in memory. */
    public NodeControl nodeControl() {
        return NodeControl.builder()
                .processControl(nodeSide)
                .binaryStore(nodeSide)
                .runMarker(nodeSide)
                .build();
    }

    /** The health probe: READY at the running version once a started node serves, else DOWN. */
    public HealthProbe probe() {
        return nodeSide;
    }

    /** The SQL control plane: the master's view of frontends and backends, tablet health, FE configs. */
    public ClusterAdmin admin() {
        return sqlSide;
    }

    /**
     * A cluster builder with every part of this fake set (node control, probe, admin, time) and runs
     * journaled under {@code stateDir} without forcing each entry to disk ({@link
     * Cluster.Builder#journalSync}: a run then costs no fsync per action); add a listener and build.
     */
    public Cluster.Builder clusterBuilder(Path stateDir) {
        return Cluster.builder(topology)
                .nodeControl(nodeControl())
                .probe(probe())
                .admin(admin())
                .time(time, time)
                .journalSync(false)
                .stateDir(requireNonNull(stateDir, "stateDir"));
    }

    /**
     * Writes a release package of this topology's flavor at {@code version} into {@code dir} (a tarball of a
     * few hundred bytes with {@code fe/}, {@code be/} and, for Doris, {@code ms/}, each with {@code bin/} and
     * {@code lib/}), for {@code Procedure.upgrade}.
     *
     * @return the tarball, e.g. {@code dir/apache-doris-2.1.8-bin-x64.tar.gz}
     */
    public Path releasePackage(String version, Path dir) {
        return ReleaseTarball.write(topology.flavor(), Version.parse(requireNonNull(version, "version")), dir);
    }

    // ---------------------------------------------------------------- faults

    /** The next {@code count} starts of the node die at once: the run sees the process exit. */
    public synchronized FakeCluster failNextStarts(String id, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        node(id).failingStarts = count;
        return this;
    }

    /** The node's next starts hang: it runs but never serves (until {@link #clearFaults}); serving now, it goes on. */
    public synchronized FakeCluster hangStart(String id) {
        node(id).hangs = true;
        return this;
    }

    /** Each start of the node serves only {@code delay} of virtual time after it. */
    public synchronized FakeCluster slowStart(String id, Duration delay) {
        node(id).startDelay = Durations.positive("delay", delay);
        return this;
    }

    /** Removes the node's faults ({@link #failNextStarts}, {@link #hangStart}, {@link #slowStart}). */
    public synchronized FakeCluster clearFaults(String id) {
        FakeNode fake = node(id);
        fake.failingStarts = 0;
        fake.hangs = false;
        fake.startDelay = Duration.ZERO;
        fake.servesFrom = VirtualTime.START;
        return this;
    }

    /** {@code count} tablets are unhealthy from now until {@code repairedAfter} of virtual time has passed. */
    public synchronized FakeCluster unhealthyTablets(long count, Duration repairedAfter) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        unhealthyTablets = count;
        tabletsRepairedAt = time.instant().plus(Durations.positive("repairedAfter", repairedAfter));
        return this;
    }

    /** The master refuses {@code ADMIN SET FRONTEND CONFIG} of this key, as it does an unknown one. */
    public synchronized FakeCluster refuseConfig(String key) {
        refusedConfigKeys.add(requireNonNull(key, "key"));
        return this;
    }

    /**
     * Runs before each action, with its log line ({@code "deploy be-2"}) before it is logged: to change the
     * cluster mid-run (crash a node) or fail the action by throwing.
     */
    public synchronized FakeCluster beforeAction(Consumer<String> hook) {
        this.beforeAction = requireNonNull(hook, "hook");
        return this;
    }

    /** The node's process ends outside any run (a crash): it is logged as {@code crash <id>}. */
    public synchronized void crash(String id) {
        FakeNode fake = node(id);
        actions.add("crash " + id);
        fake.running = false;
        electIfMasterStopped(id);
    }

    // ---------------------------------------------------------------- what happened

    /** Every action so far, in order: {@code "stage be-1"}, {@code "stop be-1"}, {@code "config disable_balance=true"}. */
    public synchronized List<String> actions() {
        return List.copyOf(actions);
    }

    /** The nodes one kind of action was taken on, in order: {@code acted("stop")} lists the nodes stopped. */
    public synchronized List<String> acted(String verb) {
        String prefix = requireNonNull(verb, "verb") + " ";
        return actions.stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .toList();
    }

    /** The version the node runs (or last ran, when stopped). */
    public synchronized Version version(String id) {
        return node(id).runningVersion;
    }

    /** Whether the node's process runs. */
    public synchronized boolean running(String id) {
        return node(id).running;
    }

    /** The master FE's id: the first running follower once the master stopped; empty when no follower runs. */
    public synchronized String master() {
        return master;
    }

    /** The FE configs a run reads and sets (the balance switches), as they are now. */
    public synchronized Map<String, String> frontendConfig() {
        return Map.copyOf(config);
    }

    // ---------------------------------------------------------------- for the two sides

    synchronized FakeNode node(String id) {
        FakeNode fake = nodes.get(requireNonNull(id, "id"));
        if (fake == null) {
            throw new IllegalArgumentException(
                    "no node " + id + " in " + topology.name() + "; the nodes are " + nodes.keySet());
        }
        return fake;
    }

    /** Logs an action after the {@link #beforeAction} hook let it run. */
    synchronized FakeNode act(String verb, Node node) {
        String line = verb + " " + node.id();
        beforeAction.accept(line);
        actions.add(line);
        return node(node.id());
    }

    synchronized void log(String line) {
        actions.add(line);
    }

    /** Whether a running node serves: its last start served already ({@link FakeNode#servesFrom}). */
    synchronized boolean serving(FakeNode fake) {
        return fake.running && !time.instant().isBefore(fake.servesFrom);
    }

    synchronized void electIfMasterStopped(String stopped) {
        if (stopped.equals(master)) {
            master = nodes.values().stream()
                    .filter(n -> n.running && n.node.role() == Role.FE_FOLLOWER)
                    .map(n -> n.node.id())
                    .findFirst()
                    .orElse("");
        }
    }
}
