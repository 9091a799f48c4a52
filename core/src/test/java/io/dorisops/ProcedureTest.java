package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProcedureTest {

    private static final Topology TOPOLOGY = Topology.parse(
            """
            name: local
            flavor: doris
            followers:
              - {id: fe-1, host: 127.0.0.1, home: /opt/fe}
            backends:
              - {id: be-1, host: 127.0.0.1, home: /opt/be1}
              - {id: be-2, host: localhost, home: /opt/be2, ports: {httpPort: 18041, bePort: 19060,
                 heartbeatPort: 19050, brpcPort: 18060}}
            """,
            "local.yaml");
    private static final Path PKG = Path.of("apache-doris-2.1.8-bin-x64.tar.gz");
    private static final String SHA512 = "ab".repeat(64);

    @Test
    void everyKindOfOperationHasItsProcedure() {
        List<Node> nodes = TOPOLOGY.nodes(Role.BE);
        Node be = nodes.get(0);
        Stream<Procedure> procedures = Stream.of(
                Procedure.upgrade(PKG),
                Procedure.restart(nodes),
                Procedure.start(nodes),
                Procedure.stop(nodes),
                Procedure.rollback(Optional.empty()),
                Procedure.scaleIn(nodes, Duration.ofMinutes(10)),
                Procedure.cancelScaleIn(nodes),
                Procedure.failoverDrill(),
                Procedure.rebuildBackend(be, Optional.empty()),
                Procedure.deploy(PKG),
                Procedure.scaleOut(nodes, Optional.of(PKG), Optional.empty()),
                Procedure.backup("db1", "repo1"));

        assertThat(procedures.map(Procedure::kind)).containsExactlyInAnyOrder(Operation.Kind.values());
    }

    @Test
    void anUpgradesOwnOptionsReachTheRunBesideTheRunOptions() {
        Procedure.Upgrade upgrade = Procedure.upgrade(PKG)
                .canary(Canary.off())
                .packageSha512(SHA512.toUpperCase(java.util.Locale.ROOT))
                .allowDowngrade(true)
                .keepStagedPackages(3)
                .maxParallel(4)
                .skipFrontendCheck();
        RunOptions run = RunOptions.builder()
                .readyTimeout(Duration.ofMinutes(7))
                .gracefulStop(false)
                .force("balance-paused")
                .build();

        RunSettings engine = run.forProcedure(upgrade);

        assertThat(engine.canary()).isEqualTo(Canary.off());
        assertThat(engine.packageSha512()).contains(SHA512);
        assertThat(engine.allowDowngrade()).isTrue();
        assertThat(engine.keepStagedPackages()).isEqualTo(3);
        assertThat(engine.maxParallel()).isEqualTo(4);
        assertThat(engine.forced()).containsExactlyInAnyOrder("balance-paused", "fe-metadata-check");
        assertThat(engine.readyTimeout()).contains(Duration.ofMinutes(7));
        assertThat(engine.gracefulStop()).isFalse();
        assertThat(run.forRuns().canary()).isEqualTo(Canary.auto());
        assertThat(run.forProcedure(Procedure.upgrade(PKG).parallelAuto()).maxParallel())
                .isEqualTo(RunSettings.UNLIMITED);
        assertThat(run.forProcedure(Procedure.restart(TOPOLOGY.nodes(Role.BE), 2))
                        .maxParallel())
                .isEqualTo(2);
    }

    @Test
    void anUpgradeOptionReturnsANewValueAndLeavesTheFirstAsItWas() {
        Procedure.Upgrade plain = Procedure.upgrade(PKG);
        plain.maxParallel(3).packageSha512(SHA512);

        RunSettings engine = RunOptions.defaults().forProcedure(plain);

        assertThat(engine.maxParallel()).isEqualTo(1);
        assertThat(engine.packageSha512()).isEmpty();
    }

    @Test
    void badProcedureInputsAreRefusedNamingTheField() {
        List<Node> nodes = TOPOLOGY.nodes(Role.BE);
        assertThatThrownBy(() -> Procedure.scaleIn(nodes, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stuckAfter");
        assertThatThrownBy(() -> Procedure.restart(nodes, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxParallel must be 1 or more, was 0");
        assertThatThrownBy(() -> Procedure.upgrade(PKG).packageSha512("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128 hex digits");
        assertThatThrownBy(() -> Procedure.rebuildBackend(nodes.get(0), null)).hasMessageContaining("restoreStamp");
        assertThatThrownBy(() -> RunOptions.builder().force("bogus").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown check \"bogus\"");
    }

    @Test
    void planIsTheOperationOfTheProcedureInRestartOrder() {
        try (Cluster cluster = Cluster.of(TOPOLOGY)) {
            List<Node> nodes = TOPOLOGY.nodes();

            Operation plan = cluster.plan(Procedure.restart(nodes));

            assertThat(plan.kind()).isEqualTo(Operation.Kind.RESTART);
            assertThat(plan.order()).containsExactly("be-1", "be-2", "fe-1");
            assertThat(plan.steps())
                    .isEqualTo(cluster.plan(Procedure.restart(nodes)).steps());
            assertThat(cluster.plan(Procedure.start(nodes)).kind()).isEqualTo(Operation.Kind.START);
            assertThat(cluster.plan(Procedure.stop(nodes)).kind()).isEqualTo(Operation.Kind.STOP);
        }
    }

    @Test
    void noDrainPlansTheRestartWithoutItsDrainAndIsRefusedByAProcedureThatDoesNotDrain() {
        try (Cluster cluster = Cluster.of(TOPOLOGY)) {
            List<Node> nodes = TOPOLOGY.nodes();

            Operation drained = cluster.plan(Procedure.restart(nodes));
            Operation undrained = cluster.plan(Procedure.restart(nodes).noDrain());

            assertThat(drained.steps())
                    .filteredOn(step -> step.role().filter(Role::isBackend).isPresent())
                    .isNotEmpty()
                    .allSatisfy(step -> assertThat(step.actionKeys())
                            .containsExactly(
                                    "disable-backend", "await-idle", "stop", "start", "await-ready", "enable-backend"));
            assertThat(undrained.steps())
                    .allSatisfy(step -> assertThat(step.actionKeys()).containsExactly("stop", "start", "await-ready"));
            assertThatThrownBy(() -> Procedure.start(nodes).noDrain())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("start does not drain backends");
        }
    }

    @Test
    void aProcedureThatNeedsSqlIsRefusedWithoutTheControlPlaneBeforeAnythingIsRead() {
        try (Cluster cluster = Cluster.of(TOPOLOGY)) {
            for (Procedure procedure :
                    List.of(Procedure.upgrade(PKG), Procedure.failoverDrill(), Procedure.rollback(Optional.empty()))) {
                assertThatThrownBy(() -> cluster.plan(procedure))
                        .isInstanceOf(DorisOpsException.class)
                        .hasMessageContaining("needs the SQL control plane");
                assertThatThrownBy(() -> cluster.run(procedure, RunOptions.defaults()))
                        .isInstanceOf(DorisOpsException.class)
                        .hasMessageContaining("needs the SQL control plane");
            }
        }
    }
}
