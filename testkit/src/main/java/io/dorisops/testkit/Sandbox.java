package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.testkit.internal.Lease;
import io.dorisops.testkit.internal.Procs;
import io.dorisops.testkit.internal.SandboxSpec;
import io.dorisops.testkit.internal.SandboxSpec.NodeSpec;
import io.dorisops.testkit.internal.Seeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final String PASSWORD_FILE = "sql-password";

    private final Path dir;
    private volatile SandboxSpec spec;
    private final boolean deleteOnClose;
    private final Faults faults = new Faults(this);
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
        return Seeder.buildPackage(
                flavor, version.number(), io.dorisops.testkit.internal.Layout.META_VERSION - 1, outDir);
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

    /** The pid of the node's live process, from its pid file; empty when it is not running. */
    public OptionalLong pid(String id) {
        Node node = node(id);
        try {
            Path file = node.home().resolve(flavor().pidFile(node.role()));
            String text = Files.exists(file) ? Files.readString(file).strip() : "";
            if (!text.isEmpty() && Procs.alive(Long.parseLong(text))) {
                return OptionalLong.of(Long.parseLong(text));
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
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
        if (!role.isFrontend() && !role.isBackend()) {
            throw new IllegalArgumentException(
                    "prepareNode lays out an FE follower or observer, a BE or a CN, not " + role.key());
        }
        String prefix =
                switch (role) {
                    case FE_FOLLOWER -> "fe-";
                    case FE_OBSERVER -> "obs-";
                    case BE -> "be-";
                    default -> "cn-";
                };
        int next = 1;
        while (Files.exists(dir.resolve(prefix + next))) {
            next++;
        }
        List<NodeSpec> nodes = new ArrayList<>(spec.nodes());
        List<ServerSocket> held = new ArrayList<>();
        try {
            Builder.addNodes(nodes, held, dir, prefix, next, next, role);
        } finally {
            Builder.closeAll(held);
        }
        SandboxSpec grown = new SandboxSpec(
                spec.flavor(),
                spec.version(),
                spec.decoupled(),
                nodes,
                spec.startupDelayMillis(),
                spec.electionDelayMillis(),
                spec.heartbeatIntervalMillis(),
                spec.replicationNum(),
                spec.tabletCount(),
                spec.decommissionRate(),
                spec.catchUpRate(),
                spec.data());
        Node node = nodes.get(nodes.size() - 1).toNode();
        try {
            io.dorisops.testkit.internal.Layout.writeHome(spec.flavor(), spec.version(), node, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + node.label() + ": " + e.getMessage(), e);
        }
        grown.write(dir);
        spec = grown;
        return node;
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    /**
     * The sandbox as a topology: loopback nodes, no SSH, SQL as {@code root} with the sandbox's
     * password, short poll intervals.
     */
    public Topology topology() {
        Secret password =
                Files.exists(dir.resolve(PASSWORD_FILE)) ? Secret.fromFile(dir.resolve(PASSWORD_FILE)) : Secret.NONE;
        return new Topology(
                dir.getFileName().toString(),
                flavor(),
                nodes(),
                Topology.Ssh.disabled(),
                new Topology.Sql("root", password, Duration.ofSeconds(5), Duration.ofSeconds(30), false),
                new Topology.Timeouts(
                        Duration.ofMinutes(2), Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofSeconds(3)),
                dir.resolve("topology.yaml").toString());
    }

    /** Writes the topology in the documented YAML format ({@code docs/topology.md}). */
    public void writeTopology(Path file) {
        requireNonNull(file, "file");
        StringBuilder yaml = new StringBuilder();
        yaml.append("# A dorisops testkit sandbox, started in ").append(dir).append('\n');
        yaml.append("name: ").append(dir.getFileName()).append('\n');
        yaml.append("flavor: ").append(flavor().key()).append('\n');
        yaml.append("sql:\n  user: root\n");
        if (Files.exists(dir.resolve(PASSWORD_FILE))) {
            yaml.append("  password: {file: ")
                    .append(dir.resolve(PASSWORD_FILE))
                    .append("}\n");
        }
        yaml.append("timeouts: {ready: 2m, poll: 200ms, command: 2m, probe: 3s}\n");
        Map<String, Role> groups = new LinkedHashMap<>();
        groups.put("followers", Role.FE_FOLLOWER);
        groups.put("observers", Role.FE_OBSERVER);
        groups.put("backends", Role.BE);
        groups.put("computeNodes", Role.CN);
        groups.put("metaServices", Role.META_SERVICE);
        groups.put("recyclers", Role.RECYCLER);
        groups.forEach((group, role) -> {
            List<Node> members = nodes().stream().filter(n -> n.role() == role).toList();
            if (members.isEmpty()) {
                return;
            }
            yaml.append(group).append(":\n");
            for (Node node : members) {
                yaml.append("  - {id: ").append(node.id()).append(", host: ").append(node.host());
                yaml.append(", home: ").append(node.home()).append(", ports: {");
                List<String> ports = new ArrayList<>();
                node.ports().inUse().forEach((key, port) -> ports.add(key + ": " + port));
                yaml.append(String.join(", ", ports)).append("}}\n");
            }
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topology " + file + ": " + e.getMessage(), e);
        }
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
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long begin = System.nanoTime();
        long startedAt = System.currentTimeMillis();
        long deadline = begin + timeout.toNanos();
        List<Node> waiting = nodes();
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
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DorisOpsException("interrupted while waiting for the sandbox at " + dir, e);
            }
        }
    }

    private boolean failedAtStart(Node node, long since) {
        if (pid(node.id()).isPresent()) {
            return false;
        }
        for (String log : List.of(flavor().mainLog(node.role()), flavor().outLog(node.role()))) {
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
        Path logFile = node.home().resolve(flavor().mainLog(node.role()));
        String tail = "";
        try {
            if (Files.exists(logFile)) {
                List<String> lines = Files.readAllLines(logFile);
                tail = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            }
        } catch (IOException e) {
            tail = "cannot read " + logFile;
        }
        return node.id() + (pid(node.id()).isEmpty() ? " (no process)" : "") + (tail.isEmpty() ? "" : ": " + tail);
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

    private boolean backendsAlive(HttpClient http) {
        for (Node fe : nodes()) {
            if (fe.role().isFrontend()) {
                String body = get(http, fe, "/api/health");
                var online = java.util.regex.Pattern.compile("\"online_backend_num\":(\\d+)")
                        .matcher(body);
                var total = java.util.regex.Pattern.compile("\"total_backend_num\":(\\d+)")
                        .matcher(body);
                if (online.find() && total.find() && online.group(1).equals(total.group(1))) {
                    return true;
                }
            }
        }
        return nodes().stream().noneMatch(node -> node.role().isFrontend());
    }

    private static String get(HttpClient http, Node node, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(
                            "http://" + node.host() + ":" + node.ports().httpPort() + path))
                    .timeout(Duration.ofSeconds(2))
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

    /**
     * Starts every node that is not running with its start script ({@code --daemon}) and returns at
     * once; pair with {@link #awaitReady}.
     */
    public void startAll() {
        List<Process> scripts = new ArrayList<>();
        for (Node node : nodes()) {
            if (pid(node.id()).isEmpty()) {
                scripts.add(run(node, flavor().startScript(node.role()), flavor().startArgs(node.role())));
            }
        }
        for (Process script : scripts) {
            try {
                script.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DorisOpsException("interrupted while starting the sandbox at " + dir, e);
            }
        }
    }

    /**
     * Stops every node gracefully with its stop script, then kills whatever is left of the sandbox's
     * processes. Idempotent. The directory stays (unless the builder created it in a temp dir and this is {@link #close()}).
     */
    public void stop() {
        List<Process> scripts = new ArrayList<>();
        for (Node node : nodes()) {
            if (pid(node.id()).isPresent()) {
                scripts.add(run(node, flavor().stopScript(node.role()), flavor().stopArgs(node.role(), true)));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Process script : scripts) {
            try {
                if (!script.waitFor(
                        Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    script.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // stop.sh of the MetaService does not wait for the process: give graceful exits a moment.
        long graceDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!processes().isEmpty() && System.nanoTime() < graceDeadline) {
            Sandbox.pause();
        }
        for (long pid : processes()) {
            log.warn("sandbox {}: killing leftover process {}", dir, pid);
            Procs.kill(pid);
        }
        long killDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!processes().isEmpty() && System.nanoTime() < killDeadline) {
            Sandbox.pause();
        }
    }

    /** Stops every node (see {@link #stop()}), releases the owner lease and, for a temp dir, deletes it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        Lease.release(dir);
        if (deleteOnClose) {
            Seeder.deleteTree(dir);
        }
    }

    /** A short pause between polls of the process table. */
    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DorisOpsException("interrupted while waiting for sandbox processes", e);
        }
    }

    private Process run(Node node, String script, List<String> args) {
        List<String> command = new ArrayList<>(
                List.of("bash", node.home().resolve("bin").resolve(script).toString()));
        command.addAll(args);
        try {
            return new ProcessBuilder(command)
                    .directory(node.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.home()
                            .resolve("log")
                            .resolve("sandbox-scripts.log")
                            .toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": " + e.getMessage(), e);
        }
    }

    /**
     * Settings of a new sandbox. Every value is checked when set; {@link #start()} creates the
     * layout, starts every node and waits until all are ready.
     */
    public static final class Builder {
        private Flavor flavor = Flavor.DORIS;
        private String version = "2.1.7";
        private int followers = 1;
        private int observers;
        private int backends = 1;
        private int computeNodes;
        private boolean decoupled;
        private Path baseDir;
        private final Map<Role, Duration> startupDelays = new EnumMap<>(Role.class);
        private Duration electionDelay = Duration.ofSeconds(1);
        private Duration heartbeatInterval = Duration.ofMillis(300);
        private Integer replicationNum;
        private int tabletCount = 30;
        private double decommissionRate = 10;
        private double catchUpRate = SandboxSpec.DEFAULT_CATCH_UP_RATE;
        private String sqlPassword = "";
        private boolean detached;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private final List<SandboxSpec.TableSpec> tables = new ArrayList<>();
        private int locationTags;
        private long tabletBytes = SandboxSpec.DataSpec.DEFAULT.tabletBytes();
        private long capacityBytes = SandboxSpec.DataSpec.DEFAULT.capacityBytes();
        private boolean emptyHomes;
        private boolean hostNames;

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
         *         cluster.deploy(pkg, UpgradeOptions.defaults());
         *     }
         * }
         * }</pre>
         */
        public Builder emptyHomes() {
            this.emptyHomes = true;
            return this;
        }

        /**
         * Declares every second backend and compute node ({@code be-2}, {@code be-4}...) by the host name
         * {@code localhost} instead of {@code 127.0.0.1}, so the cluster registers and lists them by name,
         * as real clusters added by FQDN do (default false).
         */
        public Builder hostNames(boolean byName) {
            this.hostNames = byName;
            return this;
        }

        /** Doris (default) or StarRocks. */
        public Builder flavor(Flavor flavor) {
            this.flavor = requireNonNull(flavor, "flavor");
            return this;
        }

        /** The release the nodes report, e.g. {@code 2.1.7} or {@code 3.3.5} (default {@code 2.1.7}). */
        public Builder version(String version) {
            requireNonNull(version, "version");
            this.version = Version.parse(version).number();
            return this;
        }

        /** FE followers, at least 1 (default 1); {@code fe-1} is the first master. */
        public Builder followers(int count) {
            this.followers = count(count, 1, "followers");
            return this;
        }

        /** FE observers (default 0). */
        public Builder observers(int count) {
            this.observers = count(count, 0, "observers");
            return this;
        }

        /** Backends (default 1). */
        public Builder backends(int count) {
            this.backends = count(count, 0, "backends");
            return this;
        }

        /** Compute nodes (default 0). */
        public Builder computeNodes(int count) {
            this.computeNodes = count(count, 0, "computeNodes");
            return this;
        }

        /** Doris storage-compute decoupled mode: adds a MetaService and a Recycler (default false). */
        public Builder decoupled(boolean decoupled) {
            this.decoupled = decoupled;
            return this;
        }

        /** The directory to create the sandbox in (default: a new temp dir, deleted on close). */
        public Builder baseDir(Path dir) {
            this.baseDir = requireNonNull(dir, "dir");
            return this;
        }

        /** Simulated start-up time of a role (default zero; the real systems take tens of seconds). */
        public Builder startupDelay(Role role, Duration delay) {
            requireNonNull(role, "role");
            startupDelays.put(role.isFrontend() ? Role.FE_FOLLOWER : role, duration(delay, "startupDelay"));
            return this;
        }

        /** How long followers wait after losing the master before they elect a new one (default 1 s). */
        public Builder electionDelay(Duration delay) {
            this.electionDelay = duration(delay, "electionDelay");
            return this;
        }

        /** How often the master heartbeats the backends (default 300 ms). */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = duration(interval, "heartbeatInterval");
            if (interval.isZero()) {
                throw new IllegalArgumentException("heartbeatInterval must be positive");
            }
            return this;
        }

        /** Replicas per tablet (default: 3, or the number of backends when fewer). */
        public Builder replicationNum(int replicas) {
            this.replicationNum = count(replicas, 1, "replicationNum");
            return this;
        }

        /** Tablets in the seeded table (default 30). */
        public Builder tabletCount(int tablets) {
            this.tabletCount = count(tablets, 0, "tabletCount");
            return this;
        }

        /** Replicas a decommission moves off a backend per second (default 10). */
        public Builder decommissionRate(double tabletsPerSecond) {
            if (!(tabletsPerSecond > 0) || Double.isInfinite(tabletsPerSecond)) {
                throw new IllegalArgumentException(
                        "decommissionRate must be a positive number of tablets per second, got " + tabletsPerSecond);
            }
            this.decommissionRate = tabletsPerSecond;
            return this;
        }

        /**
         * Replicas per second a backend brings up to date after it was down or restarted (default 300).
         * Until then its tablets count as version-incomplete in {@code SHOW PROC
         * '/cluster_health/tablet_health'} (Doris) and unhealthy in {@code SHOW PROC '/statistic'}. This is
         * the backend's own catch-up: the scheduler switches ({@code disable_tablet_scheduler}, {@code
         * disable_balance}) do not pause it, they pause only decommission moves.
         */
        public Builder catchUpRate(double replicasPerSecond) {
            if (!(replicasPerSecond > 0) || Double.isInfinite(replicasPerSecond)) {
                throw new IllegalArgumentException(
                        "catchUpRate must be a positive number of replicas per second, got " + replicasPerSecond);
            }
            this.catchUpRate = replicasPerSecond;
            return this;
        }

        /**
         * One more table, {@code db.table}, with {@code replicas} replicas per tablet on tag {@code default}
         * ({@code "replication_num" = "N"}), one partition named like the table and 10 buckets. The
         * replicas are spread over the BEs in turn.
         */
        public Builder table(String qualifiedName, int replicas) {
            return table(
                    qualifiedName, Map.of(io.dorisops.ReplicaFacts.DEFAULT_TAG, count(replicas, 1, "replicas")), 10, 1);
        }

        /**
         * One more table with a Doris replica allocation, e.g. {@code "tag.location.zone1: 1,
         * tag.location.zone2: 2"} (see {@link #locationTags}).
         */
        public Builder table(String qualifiedName, String replicaAllocation) {
            requireNonNull(replicaAllocation, "replicaAllocation");
            Map<String, Integer> allocation = new LinkedHashMap<>();
            for (String part : replicaAllocation.split(",")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                                "\\s*tag\\.location\\.([a-z][a-z0-9_]{0,32})\\s*:\\s*(\\d+)\\s*")
                        .matcher(part);
                if (!m.matches()) {
                    throw new IllegalArgumentException(
                            "replicaAllocation \"" + replicaAllocation + "\": \"" + part.strip()
                                    + "\" is not tag.location.<tag>: <n>; write e.g. \"tag.location.zone1: 1, tag.location.zone2:"
                                    + " 2\"");
                }
                allocation.merge(m.group(1), count(Integer.parseInt(m.group(2)), 1, "replicas"), Integer::sum);
            }
            return table(qualifiedName, allocation, 10, 1);
        }

        /**
         * One more table with replicas per tag, {@code buckets} tablets per partition and {@code partitions}
         * partitions ({@code p1..pN}; a single one is named like the table).
         */
        public Builder table(String qualifiedName, Map<String, Integer> allocation, int buckets, int partitions) {
            requireNonNull(qualifiedName, "qualifiedName");
            requireNonNull(allocation, "allocation");
            if (!qualifiedName.matches("[A-Za-z][A-Za-z0-9_]*\\.[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("table \"" + qualifiedName
                        + "\" is not db.table (letters, digits and" + " '_', each starting with a letter)");
            }
            if (allocation.isEmpty()) {
                throw new IllegalArgumentException("table " + qualifiedName + ": the allocation names no tag");
            }
            allocation.forEach((tag, n) -> count(n, 1, "replicas on tag " + tag));
            String[] name = qualifiedName.split("\\.");
            if (tables.stream()
                    .anyMatch(t -> t.database().equals(name[0]) && t.table().equals(name[1]))) {
                throw new IllegalArgumentException("table " + qualifiedName + " is declared twice");
            }
            tables.add(new SandboxSpec.TableSpec(
                    name[0], name[1], allocation, count(buckets, 1, "buckets"), count(partitions, 1, "partitions")));
            return this;
        }

        /**
         * Puts the BEs on Doris location tags {@code zone1..zoneN} in turn ({@code be-1} on {@code zone1},
         * {@code be-2} on {@code zone2}...), shown in {@code SHOW BACKENDS} {@code Tag}. The seeded {@code
         * sandbox_tbl} then spreads its replicas over the zones. Doris only (StarRocks labels are not
         * simulated).
         */
        public Builder locationTags(int zones) {
            this.locationTags = count(zones, 1, "locationTags");
            return this;
        }

        /** The data in one replica (default 64 MB), summed into {@code DataUsedCapacity} and {@code DataSize}. */
        public Builder tabletSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("tabletSize must be at least 1 byte, got " + bytes);
            }
            this.tabletBytes = bytes;
            return this;
        }

        /** Each BE's {@code TotalCapacity} (default 1 TB); {@code AvailCapacity} is what its replicas leave. */
        public Builder backendCapacity(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("backendCapacity must be at least 1 byte, got " + bytes);
            }
            this.capacityBytes = bytes;
            return this;
        }

        private SandboxSpec.DataSpec data() {
            return new SandboxSpec.DataSpec(tables, locationTags, tabletBytes, capacityBytes);
        }

        /** The password of the SQL user {@code root} (default none). */
        public Builder sqlPassword(String password) {
            this.sqlPassword = requireNonNull(password, "password");
            return this;
        }

        /** No owner lease: the nodes outlive this JVM until {@link Sandbox#stop()} (what the CLI uses). */
        public Builder detached() {
            this.detached = true;
            return this;
        }

        /** How long {@link #start()} waits for every node to be ready (default 60 s plus the start-up delays). */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = duration(timeout, "readyTimeout");
            return this;
        }

        /**
         * Creates the layout, starts every node with its start script and waits until all are ready.
         *
         * @throws IllegalArgumentException when the settings do not fit together
         * @throws DorisOpsException when a node does not become ready; the sandbox is stopped then
         */
        public Sandbox start() {
            if (decoupled && flavor != Flavor.DORIS) {
                throw new IllegalArgumentException("decoupled: storage-compute decoupled mode with a MetaService is"
                        + " Doris only; use flavor DORIS or decoupled(false)");
            }
            int replicas = replicationNum != null ? replicationNum : Math.max(1, Math.min(3, backends));
            if (!emptyHomes && backends > 0 && tabletCount > 0 && replicas > backends) {
                throw new IllegalArgumentException("replicationNum " + replicas + " needs at least as many backends,"
                        + " but backends is " + backends + "; add backends or lower replicationNum");
            }
            checkPlacement(replicas);
            boolean temp = baseDir == null;
            Path dir;
            try {
                dir = temp ? Files.createTempDirectory("dorisops-sandbox-") : Files.createDirectories(baseDir);
                dir = dir.toAbsolutePath().normalize();
                if (Files.exists(dir.resolve(SandboxSpec.FILE))
                        && !Procs.withArgumentUnder(dir).isEmpty()) {
                    throw new IllegalArgumentException("baseDir " + dir + " holds a running sandbox; stop it first"
                            + " (Sandbox.attach(dir).close() or dorisops sandbox stop --dir " + dir + ")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the sandbox directory: " + e.getMessage(), e);
            }
            List<NodeSpec> nodes = new ArrayList<>();
            List<ServerSocket> held = new ArrayList<>();
            try {
                addNodes(nodes, held, dir, "fe-", 1, followers, Role.FE_FOLLOWER);
                addNodes(nodes, held, dir, "obs-", 1, observers, Role.FE_OBSERVER);
                addNodes(nodes, held, dir, "be-", 1, backends, Role.BE);
                addNodes(nodes, held, dir, "cn-", 1, computeNodes, Role.CN);
                if (hostNames) {
                    nodes.replaceAll(node -> node.role().isBackend()
                                    && Integer.parseInt(node.id()
                                                            .substring(node.id().indexOf('-') + 1))
                                                    % 2
                                            == 0
                            ? new NodeSpec(node.id(), node.role(), "localhost", node.home(), node.ports())
                            : node);
                }
                if (decoupled) {
                    addNodes(nodes, held, dir, "ms-", 1, 1, Role.META_SERVICE);
                    addNodes(nodes, held, dir, "recycler-", 1, 1, Role.RECYCLER);
                }
            } finally {
                closeAll(held);
            }
            Map<String, Long> delays = new LinkedHashMap<>();
            startupDelays.forEach((role, delay) -> delays.put(role.key(), delay.toMillis()));
            SandboxSpec spec = new SandboxSpec(
                    flavor,
                    version,
                    decoupled,
                    nodes,
                    delays,
                    electionDelay.toMillis(),
                    heartbeatInterval.toMillis(),
                    replicas,
                    tabletCount,
                    decommissionRate,
                    catchUpRate,
                    data());
            Sandbox sandbox = new Sandbox(dir, spec, temp);
            try {
                if (!detached) {
                    Lease.take(dir);
                }
                if (emptyHomes) {
                    Seeder.seedEmpty(spec, dir);
                    log.info("sandbox {}: {} empty {} homes laid out", dir, nodes.size(), flavor.key());
                    return sandbox;
                }
                Seeder.seed(spec, dir, sqlPassword, ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE));
                if (!sqlPassword.isEmpty()) {
                    Files.writeString(dir.resolve(PASSWORD_FILE), sqlPassword);
                }
                log.info("sandbox {}: starting {} {} nodes", dir, nodes.size(), flavor.key());
                sandbox.startAll();
                long maxDelay = delays.values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(0);
                sandbox.awaitReady(readyTimeout.plusMillis(maxDelay));
                return sandbox;
            } catch (IOException e) {
                sandbox.close();
                throw new UncheckedIOException("cannot lay out the sandbox in " + dir + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
        }

        /**
         * A free loopback port below the kernel's ephemeral range (32768 and up on Linux): a port the
         * kernel may hand to an outgoing connection could be taken by, say, a heartbeat while its node
         * is restarting, and the restart would fail on a port clash that real clusters do not have.
         */
        private static ServerSocket freeSocket() throws IOException {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(20000, 32000);
                ServerSocket socket = new ServerSocket();
                try {
                    socket.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
                    return socket;
                } catch (IOException e) {
                    socket.close();
                }
            }
            return new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        }

        static void closeAll(List<ServerSocket> held) {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    log.debug("closing a probe socket failed", e);
                }
            }
        }

        static void addNodes(
                List<NodeSpec> nodes,
                List<ServerSocket> held,
                Path dir,
                String prefix,
                int first,
                int last,
                Role role) {
            for (int i = first; i <= last; i++) {
                String id = prefix + i;
                nodes.add(new NodeSpec(id, role, "127.0.0.1", dir.resolve(id).toString(), freePorts(role, held)));
            }
        }

        /** Free loopback ports, held open until every node has its own so no two nodes get the same one. */
        private static Ports freePorts(Role role, List<ServerSocket> held) {
            int[] ports = new int[4];
            try {
                for (int i = 0; i < ports.length; i++) {
                    ServerSocket socket = freeSocket();
                    held.add(socket);
                    ports[i] = socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find free loopback ports: " + e.getMessage(), e);
            }
            return switch (role) {
                case FE_FOLLOWER, FE_OBSERVER -> new Ports(ports[0], ports[1], ports[2], ports[3], 0, 0, 0);
                case BE, CN -> new Ports(ports[0], 0, 0, 0, ports[1], ports[2], ports[3]);
                default -> new Ports(0, 0, 0, 0, 0, 0, ports[0]);
            };
        }

        /** Every table's replicas per tag fit the BEs of that tag. */
        private void checkPlacement(int replicas) {
            if (locationTags > 0 && flavor != Flavor.DORIS) {
                throw new IllegalArgumentException("locationTags: location tags are Doris (tag.location); StarRocks"
                        + " labels.location is not simulated. Use flavor DORIS or drop locationTags");
            }
            Map<String, Integer> perTag = new LinkedHashMap<>();
            for (int i = 0; i < backends; i++) {
                perTag.merge(data().tag(i), 1, Integer::sum);
            }
            for (SandboxSpec.TableSpec table : tables) {
                table.allocation().forEach((tag, n) -> {
                    int have = perTag.getOrDefault(tag, 0);
                    if (n > have) {
                        throw new IllegalArgumentException("table " + table.database() + "." + table.table() + " wants "
                                + n + " replicas on tag " + tag + ", but " + have + " BE"
                                + (have == 1 ? " is" : "s are")
                                + " on that tag (" + perTag + "); add backends, change locationTags or lower the"
                                + " replicas");
                    }
                });
            }
            if (locationTags > 0 && backends > 0 && tabletCount > 0) {
                Map<String, Integer> spread = io.dorisops.testkit.internal.Seeder.spread(replicas, locationTags);
                spread.forEach((tag, n) -> {
                    if (n > perTag.getOrDefault(tag, 0)) {
                        throw new IllegalArgumentException("sandbox_tbl spreads " + replicas + " replicas over "
                                + locationTags + " zones (" + spread + "), but " + tag + " has "
                                + perTag.getOrDefault(tag, 0) + " BEs; add backends or lower replicationNum");
                    }
                });
            }
        }

        private static int count(int value, int min, String field) {
            if (value < min) {
                throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
            }
            return value;
        }

        private static Duration duration(Duration value, String field) {
            requireNonNull(value, field);
            if (value.isNegative()) {
                throw new IllegalArgumentException(field + " must not be negative, got " + value);
            }
            return value;
        }
    }
}
