package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.NODE_FINISHED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.ClusterAdmin;
import io.dorisops.Flavor;
import io.dorisops.Flavor.ConfigSwitch;
import io.dorisops.HttpHealthProbe;
import io.dorisops.NodeFailedException;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ProgressEvent;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.UpgradeOptions;
import io.dorisops.UpgradePlan;
import io.dorisops.Version;
import io.dorisops.internal.engine.UpgradeEngine;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingUpgradeTest {

    @TempDir
    Path dir;

    private static List<String> keys(Flavor flavor) {
        return flavor.balanceSwitches().stream().map(ConfigSwitch::key).toList();
    }

    private static Instant started(Sandbox sandbox, String id) {
        long pid = sandbox.pid(id).orElseThrow();
        return ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow();
    }

    private void upgradesInTheDocumentedOrder(Flavor flavor, String from, String to) {
        try (Sandbox sandbox = Sandbox.builder()
                        .flavor(flavor)
                        .version(from)
                        .followers(3)
                        .backends(3)
                        .baseDir(dir.resolve("sandbox"))
                        .start();
                Transports transports = Transports.of(sandbox.topology());
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology())) {
            Topology topology = sandbox.topology();
            Path pkg = Sandbox.buildPackage(flavor, Version.parse(to), dir);
            Map<String, String> before = admin.frontendConfig(keys(flavor));
            RecordingListener events = new RecordingListener();
            UpgradeEngine engine = new UpgradeEngine(
                    topology,
                    transports::forNode,
                    HttpHealthProbe.of(topology),
                    admin,
                    UpgradeOptions.builder()
                            .listener(events.listener)
                            .stateDir(dir.resolve("state"))
                            .build());

            UpgradePlan plan = engine.plan(pkg);
            assertThat(plan.order()).containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
            engine.execute(plan);

            assertThat(events.nodes(STEP_STARTED, "start"))
                    .containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
            List<String> order = List.of("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
            for (int i = 1; i < order.size(); i++) {
                assertThat(started(sandbox, order.get(i))).isAfter(started(sandbox, order.get(i - 1)));
            }
            assertThat(admin.frontends())
                    .allSatisfy(fe ->
                            assertThat(fe.version().orElseThrow().number()).isEqualTo(to));
            assertThat(admin.backends()).allSatisfy(be -> {
                assertThat(be.alive()).isTrue();
                assertThat(be.version().orElseThrow().number()).isEqualTo(to);
            });
            assertThat(admin.frontendConfig(keys(flavor))).isEqualTo(before);
        }
    }

    @Test
    void dorisUpgradeRestartsBackendsFirstAndTheMasterLast() {
        upgradesInTheDocumentedOrder(Flavor.DORIS, "2.1.7", "2.1.8");
    }

    @Test
    void starrocksUpgradeRestartsBackendsFirstAndTheLeaderLast() {
        upgradesInTheDocumentedOrder(Flavor.STARROCKS, "3.2.11", "3.3.5");
    }

    @Test
    void aBackendThatFailsToStartIsRolledBackAndBalancingIsRestored() {
        try (Sandbox sandbox = Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(3)
                        .baseDir(dir.resolve("sandbox"))
                        .start();
                Transports transports = Transports.of(sandbox.topology());
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology())) {
            Topology topology = sandbox.topology();
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.8"), dir);
            Map<String, String> before = admin.frontendConfig(keys(Flavor.DORIS));
            RecordingListener events = new RecordingListener();
            UpgradeEngine engine = new UpgradeEngine(
                    topology,
                    transports::forNode,
                    HttpHealthProbe.of(topology),
                    admin,
                    UpgradeOptions.builder()
                            .listener(events.listener)
                            .stateDir(dir.resolve("state"))
                            .build());
            sandbox.faults().failNextStart("be-2");
            long failedAt = System.nanoTime();

            assertThatThrownBy(() -> engine.execute(engine.plan(pkg)))
                    .isInstanceOf(NodeFailedException.class)
                    .hasMessageContaining(
                            "be-2 (127.0.0.1): upgrade to 2.1.8 failed at await-ready; rolled back to 2.1.7 and running again")
                    .hasMessageContaining("dorisops resume --topology")
                    .hasMessageContaining("dorisops rollback --topology");

            assertThat(events.nodes(NODE_FINISHED, "")).containsExactly("be-1");
            ClusterAdmin.Backend be2 = admin.backends().stream()
                    .filter(be ->
                            be.heartbeatPort() == sandbox.node("be-2").ports().heartbeatPort())
                    .findFirst()
                    .orElseThrow();
            assertThat(be2.alive()).isTrue();
            assertThat(be2.version().orElseThrow().number()).isEqualTo("2.1.7");
            assertThat(admin.frontendConfig(keys(Flavor.DORIS))).isEqualTo(before);
            assertThat(events.events.stream().filter(e -> e.type() == ProgressEvent.Type.STEP_FAILED))
                    .isNotEmpty();
            assertThat(failedAt).isPositive();
        }
    }

    @Test
    void aSkippedMinorVersionIsRefusedWithEveryFailingCheckListed() {
        try (Sandbox sandbox = Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.0.15")
                        .followers(3)
                        .backends(3)
                        .baseDir(dir.resolve("sandbox"))
                        .start();
                Transports transports = Transports.of(sandbox.topology());
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology())) {
            Topology topology = sandbox.topology();
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("3.0.3"), dir);
            UpgradeEngine engine = new UpgradeEngine(
                    topology,
                    transports::forNode,
                    HttpHealthProbe.of(topology),
                    admin,
                    UpgradeOptions.builder().stateDir(dir.resolve("state")).build());
            UpgradePlan plan = engine.plan(pkg);
            sandbox.faults().kill("be-3");

            assertThatThrownBy(() -> engine.execute(plan))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, refused -> assertThat(refused.failures())
                            .anySatisfy(f -> assertThat(f).startsWith("upgrade-path: be-1: no-minor-skip: 2.0 to 3.0"))
                            .anySatisfy(f -> assertThat(f).startsWith("upgrade-path: fe-1: no-minor-skip"))
                            .anySatisfy(f -> assertThat(f).startsWith("nodes-alive: be-3 (127.0.0.1)")))
                    .hasMessageContaining("nothing was changed");
            assertThat(admin.frontends())
                    .allSatisfy(fe ->
                            assertThat(fe.version().orElseThrow().number()).isEqualTo("2.0.15"));
        }
    }
}
