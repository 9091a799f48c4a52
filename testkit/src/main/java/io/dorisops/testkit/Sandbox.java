package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.testkit.internal.Launcher;
import io.dorisops.testkit.internal.Layout;
import io.dorisops.testkit.internal.Lease;
import io.dorisops.testkit.internal.NodeAllocator;
import io.dorisops.testkit.internal.NodeControl;
import io.dorisops.testkit.internal.PortRegistry;
import io.dorisops.testkit.internal.Procs;
import io.dorisops.testkit.internal.ReadyWait;
import io.dorisops.testkit.internal.SandboxSettings;
import io.dorisops.testkit.internal.SandboxSpec;
import io.dorisops.testkit.internal.SandboxSpec.NodeSpec;
import io.dorisops.testkit.internal.SandboxTopology;
import io.dorisops.testkit.internal.Seeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A sandbox Doris or StarRocks cluster of simulated nodes, each a real OS process with the real
 * layout, {@code bin/} scripts, pid files, logs, HTTP endpoints and MySQL port, all on free loopback
 * ports. For tests of ops code, for this project's tests, and for the demo.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder()
 *         .flavor(Flavor.DORIS).version("2.1.7")
 *         .followers(3).backends(3)
 *         .start()) {
 *     Topology topology = sandbox.topology();      // hand it to Cluster.of(...)
 *     sandbox.faults().kill("fe-1");                // the master dies, a follower takes over
 * }
 * }</pre>
 *
 * <p>{@code close()} stops every node process. No node outlives the JVM that started the sandbox,
 * even one killed with SIGKILL: the nodes watch an owner lease and exit when the owner is gone. A
 * {@linkplain Builder#detached() detached} sandbox (the CLI's) lives until {@link #stop()}.
 *
 * <p>Thread-safe for reads; {@code stop}/{@code close} are idempotent.
 */
public final class Sandbox implements AutoCloseable {
    private final Path dir;
    private volatile SandboxSpec spec;
    private final boolean deleteOnClose;
    private final Faults faults = new Faults(this);
    private ObjectStore objectStore;
    private volatile boolean closed;

    private Sandbox(Path dir, SandboxSpec spec, boolean deleteOnClose) {
        this.dir = dir;
        this.spec = spec;
        this.deleteOnClose = deleteOnClose;
    }

    /** A builder with the defaults: Doris 2.1.7, one follower, one backend, no delays. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Re-opens a running sandbox by its directory, e.g. one the CLI started. Closing the returned
     * object stops the sandbox's nodes.
     *
     * @throws DorisOpsException when the directory holds no sandbox
     */
    public static Sandbox attach(Path dir) {
        requireNonNull(dir, "dir");
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            return new Sandbox(absolute, SandboxSpec.read(absolute), false);
        } catch (IOException e) {
            throw new DorisOpsException(
                    absolute + ": not a sandbox directory (cannot read " + SandboxSpec.FILE + ": " + e.getMessage()
                            + "); pass the --dir a sandbox was started with",
                    e);
        }
    }

    /**
     * Writes a release package for a version: {@code apache-doris-<v>-bin-x64.tar.gz} holding {@code
     * fe/}, {@code be/} and {@code ms/} (Doris) or {@code StarRocks-<v>.tar.gz} holding {@code fe/} and
     * {@code be/}, each with the {@code bin/} and {@code lib/} of that version, in the real release
     * layout. Deploying it by swapping a node's {@code bin/} and {@code lib/} upgrades the node.
     *
     * @return the tarball
     */
    public static Path buildPackage(Flavor flavor, Version version, Path outDir) {
        requireNonNull(flavor, "flavor");
        requireNonNull(version, "version");
        requireNonNull(outDir, "outDir");
        return Seeder.buildPackage(flavor, version.number(), outDir);
    }

    /**
     * Writes a release package like {@link #buildPackage} whose FE cannot read this sandbox's
     * metadata: its meta version is older than the one the sandbox's FEs wrote, so a test FE started on
     * a copy of the master's meta dir exits with the real line {@code The meta version of image is 129,
     * which is higher than FE current version 128. Please upgrade your cluster to the latest version
     * first.} in {@code fe.log}. For testing the FE metadata compatibility check of an upgrade.
     *
     * @return the tarball, named as a normal release (write it into its own directory)
     */
    public static Path buildIncompatiblePackage(Flavor flavor, Version version, Path outDir) {
        requireNonNull(flavor, "flavor");
        requireNonNull(version, "version");
        requireNonNull(outDir, "outDir");
        return Seeder.buildPackage(flavor, version.number(), Layout.META_VERSION - 1, outDir);
    }

    /** The sandbox directory: one home per node, {@code sandbox.json}, faults. */
    public Path dir() {
        return dir;
    }

    /** The flavor of every node. */
    public Flavor flavor() {
        return spec.flavor();
    }

    /** The version the nodes were created with (nodes report what their {@code lib/} holds). */
    public Version version() {
        return Version.parse(spec.version());
    }

    /** Every node, followers first, then observers, backends, compute nodes, MetaService, Recycler. */
    public List<Node> nodes() {
        return spec.nodes().stream().map(NodeSpec::toNode).toList();
    }

    /**
     * The node with this id.
     *
     * @throws IllegalArgumentException naming the id and the known ids
     */
    public Node node(String id) {
        requireNonNull(id, "id");
        return nodes().stream()
                .filter(node -> node.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node \"" + id + "\" in the sandbox at " + dir
                        + "; known nodes: " + nodes().stream().map(Node::id).toList()));
    }

    /**
     * Lays out a node's {@code bin/} and {@code lib/} for another version, as a new package or container
     * image does: the node runs that version from its next start. Stop the node first.
     *
     * @throws IllegalArgumentException naming the id when the sandbox has no such node
     */
    public void installVersion(String id, Version version) {
        requireNonNull(version, "version");
        Node node = node(id);
        try {
            Layout.writeBinAndLib(flavor(), version.number(), node.home(), node.role());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + version + " for node " + id + ": " + e.getMessage(), e);
        }
    }

    /** The pid of the node's live process, from its pid file; empty when it is not running. */
    public OptionalLong pid(String id) {
        return NodeControl.pid(flavor(), node(id));
    }

    /**
     * Starts recording the most replicas of any tablet down at the same moment ({@link ReplicaWatch}),
     * from the catalog's placement now and the BE processes' liveness every 10 ms.
     */
    public ReplicaWatch watchReplicas() {
        return new ReplicaWatch(this);
    }

    /** Every live process of this sandbox (any process whose command line names a path under {@link #dir()}). */
    public List<Long> processes() {
        return Procs.withArgumentUnder(dir);
    }

    /**
     * Lays out one more node of a role (bin, lib, conf, log; an FE without metadata) on free ports,
     * without starting or registering it: the scale-out runbook's "install the node". Register it
     * with {@code ALTER SYSTEM ADD FOLLOWER|OBSERVER|BACKEND} and start it with its start script (an
     * FE with {@code --helper <master host>:<edit_log_port>}). From then on it is a node of this
     * sandbox: faults, {@link #pid} and {@link #close()} apply to it.
     *
     * @return the new node, with the next free id of its role ({@code fe-4}, {@code be-4}...)
     */
    public synchronized Node prepareNode(Role role) {
        requireNonNull(role, "role");
        SandboxSpec grown = NodeAllocator.grow(spec, dir, role);
        spec = grown;
        return grown.nodes().get(grown.nodes().size() - 1).toNode();
    }

    /**
     * A workload for this sandbox: queries and loads at fixed rates for a bounded time, through its FEs
     * ({@link Workload}); configure it and call {@code start()}.
     */
    public Workload.Builder workload() {
        return new Workload.Builder(this);
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    /**
     * The sandbox's S3-compatible storage for backups ({@link ObjectStore}): a real S3 server on
     * loopback, started on the first call (a few seconds) and stopped with the sandbox. Needs {@code
     * org.gaul:s3proxy} on the class path.
     *
     * @throws IllegalStateException when S3Proxy is not on the class path, naming the dependency to add
     */
    public synchronized ObjectStore objectStore() {
        if (objectStore == null) {
            try {
                objectStore = ObjectStore.start(dir, NodeAllocator.reservePort(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot reserve a port for the sandbox's S3 server: " + e.getMessage(), e);
            }
        }
        return objectStore;
    }

    /**
     * The sandbox as a topology: loopback nodes, no SSH, SQL as {@code root} with the sandbox's
     * password, short poll intervals.
     */
    public Topology topology() {
        return SandboxTopology.of(dir, flavor(), nodes());
    }

    /** Writes the topology in the documented YAML format ({@code docs/topology.md}). */
    public void writeTopology(Path file) {
        requireNonNull(file, "file");
        SandboxTopology.write(dir, flavor(), nodes(), file);
    }

    /**
     * Waits until every node is ready: each FE's {@code /api/bootstrap} ready (a master elected), each
     * BE/CN's {@code /api/health} OK, each MetaService's port listening, and every backend alive in the
     * master's heartbeats.
     *
     * @throws DorisOpsException naming the nodes that are not ready and the tail of their logs
     */
    public void awaitReady(Duration timeout) {
        requireNonNull(timeout, "timeout");
        ReadyWait.await(dir, flavor(), this::nodes, timeout);
    }

    /**
     * Starts every node that is not running with its start script ({@code --daemon}) and returns at
     * once; pair with {@link #awaitReady}.
     */
    public void startAll() {
        NodeControl.startAll(dir, flavor(), nodes());
    }

    /**
     * Stops every node gracefully with its stop script, then kills whatever is left of the sandbox's
     * processes. Idempotent. The directory stays (unless the builder created it in a temp dir and this is {@link #close()}).
     */
    public void stop() {
        synchronized (this) {
            if (objectStore != null) {
                objectStore.stop();
                objectStore = null;
            }
        }
        NodeControl.stop(dir, flavor(), nodes());
    }

    /**
     * Stops every node (see {@link #stop()}), releases the owner lease and the nodes' ports and, for a temp
     * dir, deletes it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        Lease.release(dir);
        PortRegistry.shared().releaseAll(dir);
        if (deleteOnClose) {
            Seeder.deleteTree(dir);
        }
    }

    /**
     * Settings of a new sandbox. Every value is checked when set; {@link #start()} creates the
     * layout, starts every node and waits until all are ready.
     */
    public static final class Builder {
        private final SandboxSettings settings = new SandboxSettings();

        private Builder() {}

        /**
         * Lays out the nodes as empty home directories, nothing installed, nothing started: the hosts a
         * deploy installs into from {@link Sandbox#buildPackage}. {@link #start()} returns at once; the
         * nodes become sandbox nodes (faults, {@link Sandbox#pid}, {@link Sandbox#close()}) once a deploy
         * starts them.
         *
         * <pre>{@code
         * try (Sandbox hosts = Sandbox.builder().followers(3).backends(3).emptyHomes().start()) {
         *     Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.7"), hosts.dir());
         *     try (Cluster cluster = Cluster.of(hosts.topology())) {
         *         cluster.run(Procedure.deploy(pkg), RunOptions.defaults());
         *     }
         * }
         * }</pre>
         */
        public Builder emptyHomes() {
            settings.emptyHomes();
            return this;
        }

        /**
         * Declares every second backend and compute node ({@code be-2}, {@code be-4}...) by the host name
         * {@code localhost} instead of {@code 127.0.0.1}, so the cluster registers and lists them by name,
         * as real clusters added by FQDN do (default false).
         */
        public Builder hostNames(boolean byName) {
            settings.hostNames(byName);
            return this;
        }

        /**
         * The FEs' meta dirs hold no image: the cluster's master never made a checkpoint (a young or demo
         * cluster: the real master writes its first image after {@code edit_log_roll_num} journal entries).
         * Each FE then starts as the real one does without an image: {@code image does not exist:
         * …/image/image.0} in {@code fe.log}, no {@code finished to load image}, then the journal replay.
         * By default each meta dir holds {@code image/image.<journal id>}.
         */
        public Builder withoutImage() {
            settings.withoutImage();
            return this;
        }

        /** Doris (default) or StarRocks. */
        public Builder flavor(Flavor flavor) {
            settings.flavor(flavor);
            return this;
        }

        /** The release the nodes report, e.g. {@code 2.1.7} or {@code 3.3.5} (default {@code 2.1.7}). */
        public Builder version(String version) {
            settings.version(version);
            return this;
        }

        /** FE followers, at least 1 (default 1); {@code fe-1} is the first master. */
        public Builder followers(int count) {
            settings.followers(count);
            return this;
        }

        /** FE observers (default 0). */
        public Builder observers(int count) {
            settings.observers(count);
            return this;
        }

        /** Backends (default 1). */
        public Builder backends(int count) {
            settings.backends(count);
            return this;
        }

        /** Compute nodes (default 0). */
        public Builder computeNodes(int count) {
            settings.computeNodes(count);
            return this;
        }

        /** Doris storage-compute decoupled mode: adds a MetaService and a Recycler (default false). */
        public Builder decoupled(boolean decoupled) {
            settings.decoupled(decoupled);
            return this;
        }

        /** The directory to create the sandbox in (default: a new temp dir, deleted on close). */
        public Builder baseDir(Path dir) {
            settings.baseDir(dir);
            return this;
        }

        /** Simulated start-up time of a role (default zero; the real systems take tens of seconds). */
        public Builder startupDelay(Role role, Duration delay) {
            settings.startupDelay(role, delay);
            return this;
        }

        /** How long followers wait after losing the master before they elect a new one (default 1 s). */
        public Builder electionDelay(Duration delay) {
            settings.electionDelay(delay);
            return this;
        }

        /** How often the master heartbeats the backends (default 300 ms). */
        public Builder heartbeatInterval(Duration interval) {
            settings.heartbeatInterval(interval);
            return this;
        }

        /** Replicas per tablet (default: 3, or the number of backends when fewer). */
        public Builder replicationNum(int replicas) {
            settings.replicationNum(replicas);
            return this;
        }

        /** Tablets in the seeded table (default 30). */
        public Builder tabletCount(int tablets) {
            settings.tabletCount(tablets);
            return this;
        }

        /** Replicas a decommission moves off a backend per second (default 10). */
        public Builder decommissionRate(double tabletsPerSecond) {
            settings.decommissionRate(tabletsPerSecond);
            return this;
        }

        /**
         * Replicas per second the master's tablet scheduler clones (default 20): a replica a forced drop
         * left missing, and the versions a replica missed because its backend was down during a load. Until
         * then such a tablet counts as replica-missing or version-incomplete in {@code SHOW PROC
         * '/cluster_health/tablet_health'} (Doris) and unhealthy in {@code SHOW PROC '/statistic'}. As in the
         * real FE, only the scheduler repairs: nothing is cloned while it is paused (Doris {@code
         * disable_tablet_scheduler = true}, StarRocks {@code tablet_sched_max_scheduling_tablets <= 0}), and a
         * backend that restarts while no load runs misses nothing.
         */
        public Builder cloneRate(double replicasPerSecond) {
            settings.cloneRate(replicasPerSecond);
            return this;
        }

        /**
         * How long a query runs on the backends it reads (default 20 ms, at most 1 minute): a backend
         * that stops meanwhile fails the query.
         */
        public Builder queryTime(Duration time) {
            settings.queryTime(time);
            return this;
        }

        /**
         * One more table, {@code db.table}, with {@code replicas} replicas per tablet on tag {@code default}
         * ({@code "replication_num" = "N"}), one partition named like the table and 10 buckets. The
         * replicas are spread over the BEs in turn.
         */
        public Builder table(String qualifiedName, int replicas) {
            settings.table(qualifiedName, replicas);
            return this;
        }

        /**
         * One more table with a Doris replica allocation, e.g. {@code "tag.location.zone1: 1,
         * tag.location.zone2: 2"} (see {@link #locationTags}).
         */
        public Builder table(String qualifiedName, String replicaAllocation) {
            settings.table(qualifiedName, replicaAllocation);
            return this;
        }

        /**
         * One more table with replicas per tag, {@code buckets} tablets per partition and {@code partitions}
         * partitions ({@code p1..pN}; a single one is named like the table).
         */
        public Builder table(String qualifiedName, Map<String, Integer> allocation, int buckets, int partitions) {
            settings.table(qualifiedName, allocation, buckets, partitions);
            return this;
        }

        /**
         * Puts the BEs on Doris location tags {@code zone1..zoneN} in turn ({@code be-1} on {@code zone1},
         * {@code be-2} on {@code zone2}...), shown in {@code SHOW BACKENDS} {@code Tag}. The seeded {@code
         * sandbox_tbl} then spreads its replicas over the zones. Doris only (StarRocks labels are not
         * simulated).
         */
        public Builder locationTags(int zones) {
            settings.locationTags(zones);
            return this;
        }

        /** The data in one replica (default 64 MB), summed into {@code DataUsedCapacity} and {@code DataSize}. */
        public Builder tabletSize(long bytes) {
            settings.tabletSize(bytes);
            return this;
        }

        /** Each BE's {@code TotalCapacity} (default 1 TB); {@code AvailCapacity} is what its replicas leave. */
        public Builder backendCapacity(long bytes) {
            settings.backendCapacity(bytes);
            return this;
        }

        /** The password of the SQL user {@code root} (default none). */
        public Builder sqlPassword(String password) {
            settings.sqlPassword(password);
            return this;
        }

        /** No owner lease: the nodes outlive this JVM until {@link Sandbox#stop()} (what the CLI uses). */
        public Builder detached() {
            settings.detached();
            return this;
        }

        /** How long {@link #start()} waits for every node to be ready (default 60 s plus the start-up delays). */
        public Builder readyTimeout(Duration timeout) {
            settings.readyTimeout(timeout);
            return this;
        }

        /**
         * Creates the layout, starts every node with its start script and waits until all are ready.
         *
         * @throws IllegalArgumentException when the settings do not fit together
         * @throws DorisOpsException when a node does not become ready; the sandbox is stopped then
         */
        public Sandbox start() {
            Launcher.Prepared prepared = Launcher.prepare(settings);
            Sandbox sandbox = new Sandbox(prepared.dir(), prepared.spec(), prepared.temp());
            try {
                if (Launcher.layOut(settings, prepared)) {
                    sandbox.startAll();
                    sandbox.awaitReady(prepared.readyTimeout());
                }
                return sandbox;
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
        }
    }
}
