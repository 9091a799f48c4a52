package io.dorisops.it;

import io.dorisops.Canary;
import io.dorisops.Cluster;
import io.dorisops.Flavor;
import io.dorisops.Flavor.ConfigSwitch;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.RunRecord;
import io.dorisops.RunResult;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.Version;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.spi.Backend;
import io.dorisops.spi.Frontend;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A running sandbox with the real transports, health probe and SQL admin the engine uses, plus the
 * reads the end-to-end tests assert on.
 */
final class Rig implements AutoCloseable {
    final Path dir;
    final Sandbox sandbox;
    final Topology topology;
    final Transports transports;
    final JdbcClusterAdmin admin;

    Rig(Path dir, Sandbox.Builder builder) {
        this.dir = dir;
        this.sandbox = builder.baseDir(dir.resolve("sandbox")).start();
        this.topology = sandbox.topology();
        this.transports = Transports.of(topology);
        this.admin = JdbcClusterAdmin.of(topology);
    }

    /** A package of the sandbox's flavor at a version, built under the rig's directory. */
    Path pkg(String version) {
        return Sandbox.buildPackage(sandbox.flavor(), Version.parse(version), dir);
    }

    Path stateDir() {
        return dir.resolve("state");
    }

    /** Run options writing state under the rig and events to the listener. */
    RunOptions.Builder options(RecordingListener events) {
        return RunOptions.builder().listener(events.listener).stateDir(stateDir());
    }

    /**
     * The upgrade to a package as the tests run it: the canary of a minor upgrade soaks 2 s (the sandbox
     * crashes at once or not at all), the FE check's home is under the rig.
     */
    Procedure.Upgrade upgrade(Path pkg) {
        return Procedure.upgrade(pkg)
                .canary(Canary.auto().soak(Duration.ofSeconds(2)))
                .frontendCheck(FrontendCheckOptions.builder()
                        .workDir(dir.resolve("fe-check"))
                        .build());
    }

    /** The public upgrade calls of a {@link Cluster} on this rig, with these options. */
    Upgrades engine(RunOptions options) {
        return engine(options, UnaryOperator.identity());
    }

    /** The public upgrade calls of a {@link Cluster} on this rig, each upgrade with {@code upgrade}'s options. */
    Upgrades engine(RunOptions options, UnaryOperator<Procedure.Upgrade> upgrade) {
        return new Upgrades(this, cluster(ProgressListener.NONE), options, upgrade);
    }

    /** The public lifecycle calls of a {@link Cluster} on this rig, telling the listener. */
    Lifecycle lifecycle(RecordingListener events) {
        return new Lifecycle(cluster(events.listener));
    }

    /** Start, stop and restart runs of some nodes, each returning the ids acted on. */
    record Lifecycle(Cluster cluster) {
        List<String> start(List<Node> nodes) {
            return cluster.run(Procedure.start(nodes), RunOptions.defaults()).nodes();
        }

        List<String> stop(List<Node> nodes) {
            return cluster.run(Procedure.stop(nodes), RunOptions.defaults()).nodes();
        }

        List<String> restart(List<Node> nodes) {
            return cluster.run(Procedure.restart(nodes), RunOptions.defaults()).nodes();
        }
    }

    /**
     * A cluster over the rig's transports and admin. It is never closed: the rig owns and closes what it
     * is built on.
     */
    Cluster cluster(ProgressListener listener) {
        return Cluster.builder(topology)
                .transports(transports)
                .probe(HttpHealthProbe.of(topology))
                .admin(admin)
                .listener(listener)
                .stateDir(stateDir())
                .build();
    }

    /** The order an upgrade plan upgrades its nodes in: its node steps after the staging ones. */
    static List<String> upgradeOrder(Operation plan) {
        return plan.steps().stream()
                .filter(step -> !step.onCluster() && !step.preparatory())
                .map(Operation.Step::nodeId)
                .toList();
    }

    /** The upgrade calls, shaped as the tests use them. */
    record Upgrades(Rig rig, Cluster cluster, RunOptions options, UnaryOperator<Procedure.Upgrade> upgrade) {
        Operation plan(Path pkg) {
            return cluster.plan(upgrade.apply(rig.upgrade(pkg)));
        }

        RunResult execute(Operation plan) {
            return cluster.run(plan, options);
        }

        RunResult resume(Optional<String> run) {
            return cluster.resume(options);
        }

        RunResult rollback(Optional<String> run) {
            return cluster.run(Procedure.rollback(run), options);
        }

        List<RunRecord> history() {
            return cluster.history(options);
        }
    }

    List<Node> nodes(String... ids) {
        return List.of(ids).stream().map(sandbox::node).toList();
    }

    /** The flavor's balance switches as the master reports them now. */
    Map<String, String> balance() {
        return admin.frontendConfig(balanceKeys(sandbox.flavor()));
    }

    static List<String> balanceKeys(Flavor flavor) {
        return flavor.balanceSwitches().stream().map(ConfigSwitch::key).toList();
    }

    /** The id of the FE that is master now, matched by host and edit log port. */
    String masterId() {
        Frontend master = admin.master();
        return topology.frontends().stream()
                .filter(master::matches)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the master " + master + " is not in the topology"))
                .id();
    }

    long pid(String id) {
        return sandbox.pid(id).orElseThrow(() -> new AssertionError(id + " is not running"));
    }

    /**
     * The version a node runs: FEs and backends from the master's view (backends only when alive),
     * MetaService and Recycler from {@code bin/start.sh --version}.
     */
    String version(String id) {
        Node node = sandbox.node(id);
        if (node.role().isFrontend()) {
            Frontend fe = admin.frontends().stream()
                    .filter(f -> f.editLogPort() == node.ports().editLogPort())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(id + " is not in SHOW FRONTENDS"));
            return fe.version().orElseThrow().number();
        }
        if (node.role().isBackend()) {
            Backend be = admin.backends().stream()
                    .filter(b -> b.heartbeatPort() == node.ports().heartbeatPort())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(id + " is not in SHOW BACKENDS"));
            if (!be.alive()) {
                throw new AssertionError(id + " is not alive in SHOW BACKENDS");
            }
            return be.version().orElseThrow().number();
        }
        return scriptVersion(node);
    }

    private String scriptVersion(Node node) {
        Path script = node.home().resolve("bin").resolve(sandbox.flavor().startScript(node.role()));
        try {
            Process process = new ProcessBuilder("bash", script.toString(), "--version")
                    .directory(node.home().toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(script + " --version failed: " + out);
            }
            return Version.parse(out.strip()).number();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every node of the sandbox, by id, with its version. */
    Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        sandbox.nodes().forEach(node -> versions.put(node.id(), version(node.id())));
        return versions;
    }

    @Override
    public void close() {
        try {
            admin.close();
            transports.close();
        } finally {
            sandbox.close();
        }
    }
}
