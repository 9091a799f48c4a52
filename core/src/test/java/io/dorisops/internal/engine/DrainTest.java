package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletPlacement;
import io.dorisops.Topology;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.plan.Plans;
import io.dorisops.internal.run.RunSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The drain on the in-memory cluster (issue #25, {@code docs/drain.md}): a Doris BE is disabled and
 * drained before its stop and enabled again after it is ready, and no outcome (success, a failure, a
 * drain that never empties, a kill then resume or rollback) leaves a BE disabled.
 */
class DrainTest extends FakeRunFixture {

    /** What a kill -9 of the runner at an action leaves: no undo, no release, no end entry. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private void killedAt(String at, Runnable run) throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals(at)) {
                throw new Killed();
            }
        };
        assertThatThrownBy(run::run).isInstanceOf(Killed.class);
        cluster.beforeAction = action -> {};
        Path journal = procedures().history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        int cut = lines.size();
        while (lines.get(cut - 1).matches(".*\"type\":\"(end|balance-after|note)\".*")) {
            cut--;
        }
        Files.write(journal, lines.subList(0, cut));
        cluster.log.clear();
    }

    private List<String> backendLog() {
        return cluster.log.stream()
                .filter(line -> line.matches("(disable|stop|start|enable) be-\\d"))
                .toList();
    }

    @Test
    void aBeIsDisabledBeforeItsStopAndEnabledAgainOnceReadyAtItsVersion() {
        upgrade();

        assertThat(backendLog())
                .containsExactly(
                        "disable be-1",
                        "stop be-1",
                        "start be-1",
                        "enable be-1",
                        "disable be-2",
                        "stop be-2",
                        "start be-2",
                        "enable be-2",
                        "disable be-3",
                        "stop be-3",
                        "start be-3",
                        "enable be-3");
        assertThat(cluster.log("disable")).doesNotContain("fe-1", "fe-2", "fe-3", "fe-obs");
        assertThat(cluster.disabledBackends()).isEmpty();
    }

    @Test
    void thePlanShowsTheDrainStepsOfEachBe() {
        Operation upgrade = procedures().planUpgrade(pkg);

        Operation.Step be1 = upgrade.steps().stream()
                .filter(step -> step.nodeId().equals("be-1") && step.disruptive())
                .findFirst()
                .orElseThrow();
        assertThat(be1.actionKeys())
                .containsExactly(
                        "disable-backend",
                        "await-idle",
                        "stop",
                        "backup",
                        "deploy",
                        "start",
                        "await-ready",
                        "enable-backend");
        assertThat(be1.describe()).contains("drain: ALTER SYSTEM MODIFY BACKEND SET disable_query");
        assertThat(upgrade.steps())
                .filteredOn(step -> step.role().filter(Role::isFrontend).isPresent())
                .allSatisfy(fe -> assertThat(fe.actionKeys()).doesNotContain("disable-backend"));
        assertThat(Operation.fromJson(upgrade.toJson()).steps()).isEqualTo(upgrade.steps());
    }

    @Test
    void aRestartWithoutTheDrainStopsEachBeAtOnceAsBefore() {
        Procedures procedures = procedures();
        Operation restart = procedures.withoutDrain(procedures.planRestart(cluster.topology.nodes()));

        procedures.execute(restart);

        assertThat(restart.steps()).allSatisfy(step -> assertThat(step.actionKeys())
                .doesNotContain("disable-backend", "await-idle", "enable-backend"));
        assertThat(cluster.log("disable")).isEmpty();
        assertThat(cluster.log("stop")).contains("be-1", "be-2", "be-3");
    }

    @Test
    void aStarRocksBeIsDrainedByItsGracefulStopAlone() {
        Topology starRocks = Topology.parse(
                """
                name: sr
                flavor: starrocks
                followers:
                  - {id: fe-1, host: 10.0.0.1, home: /opt/fe}
                backends:
                  - {id: be-1, host: 10.0.1.1, home: /opt/be}
                """,
                "sr.yaml");

        Operation restart = Plans.restart(starRocks, starRocks.nodes(), Optional.empty());

        assertThat(restart.steps())
                .allSatisfy(step -> assertThat(step.actionKeys()).containsExactly("stop", "start", "await-ready"));
    }

    @Test
    void aBeIsEnabledAgainAfterItsUpgradeFailsAndIsRolledBack() {
        cluster.get("be-2").failingStarts = 1;

        assertThatThrownBy(this::upgrade)
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-2")
                .hasMessageContaining("failed at await-ready; rolled back to 2.1.7 and running again");

        assertThat(cluster.log("enable")).containsExactly("be-1", "be-2");
        assertThat(cluster.disabledBackends()).isEmpty();
    }

    @Test
    void aBeIsEnabledAgainAfterAFailureWithoutRollback() {
        cluster.get("be-2").failingStarts = 1;

        assertThatThrownBy(() -> upgrade(options().rollbackOnFailure(false).build()))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("failed at await-ready");

        assertThat(cluster.get("be-2").running).isFalse();
        assertThat(cluster.disabledBackends()).isEmpty();
    }

    @Test
    void aDrainThatNeverEmptiesHitsItsDeadlineNamingTheBeAndWhatStillRunsAndTheBeIsEnabledAgain() {
        cluster.get("be-1").runningQueries = 2;

        assertThatThrownBy(this::upgrade)
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-1")
                .hasMessageContaining("failed at await-idle")
                .hasMessageContaining("2 query fragments still running");

        assertThat(cluster.log("stop")).doesNotContain("be-1");
        assertThat(cluster.disabledBackends()).isEmpty();
    }

    @Test
    void aBeIsEnabledAgainAfterAKillWhileItWasDrainedThenResume() throws Exception {
        killedAt("stop be-2", () -> upgrade(options().build()));
        assertThat(cluster.disabledBackends()).containsExactly("be-2");

        procedures().resume(Optional.empty());

        assertThat(cluster.disabledBackends()).isEmpty();
        assertThat(cluster.log("enable")).contains("be-2");
    }

    @Test
    void aBeIsEnabledAgainAfterAKillWhileItWasDrainedThenRollback() throws Exception {
        killedAt("stop be-2", () -> upgrade(options().build()));
        assertThat(cluster.disabledBackends()).containsExactly("be-2");

        Procedures rolling = procedures();
        rolling.execute(rolling.planRollback(Optional.empty()));

        assertThat(cluster.disabledBackends()).isEmpty();
        assertThat(cluster.log("stop")).doesNotContain("be-2"); // not backed up: only enabled again
    }

    @Test
    void aBackendLeftAtItsRestartIsNotDisabledWhenTheRestartIsKilledThenResumed() throws Exception {
        RunSettings options = options().build();
        killedAt("start be-1", () -> procedures(options)
                .execute(procedures(options).planRestart(cluster.topology.nodes())));
        assertThat(cluster.disabledBackends()).containsExactly("be-1");

        procedures(options).resume(Optional.empty());

        assertThat(cluster.disabledBackends()).isEmpty();
        assertThat(cluster.nodes.values())
                .allSatisfy(node -> assertThat(node.running).isTrue());
    }

    /** One table {@code db1.orders} with one tablet on {@code holders}, complete only on {@code complete}. */
    private void oneTablet(int replicationNum, List<String> holders, List<String> complete) {
        List<ReplicaFacts.Storage> storage = cluster.topology.nodes(Role.BE).stream()
                .map(be -> new ReplicaFacts.Storage(
                        cluster.backendId(be.id()),
                        be.host(),
                        be.ports().heartbeatPort(),
                        Role.BE,
                        true,
                        false,
                        "default",
                        1,
                        0,
                        1L << 30,
                        2L << 30))
                .toList();
        cluster.facts = new ReplicaFacts(
                1,
                storage,
                List.of(new ReplicaFacts.Partition(
                        1, 2, 3, "db1.orders", "orders", replicationNum, Map.of("default", replicationNum), 1, 0)),
                Instant.now());
        long[] replicas = holders.stream().mapToLong(cluster::backendId).toArray();
        long[] incomplete = holders.stream()
                .filter(id -> !complete.contains(id))
                .mapToLong(cluster::backendId)
                .toArray();
        cluster.placement = new TabletPlacement(
                List.of(new TabletPlacement.Tablets(3, new long[][] {replicas}, new long[][] {incomplete})),
                Instant.now());
    }

    @Test
    void aBeHoldingTheOnlyCompleteReplicaOfATabletRefusesTheDrainNamingTheTableUnlessForced() {
        oneTablet(3, List.of("be-1", "be-2", "be-3"), List.of("be-2"));
        Procedures procedures = procedures();
        Operation restart = procedures.planRestart(cluster.topology.nodes());

        assertThatThrownBy(() -> procedures.execute(restart))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("single-replica: be-2 (10.0.1.2) holds the only readable, version-complete"
                        + " replica of tablets of db1.orders (1 tablet)")
                .hasMessageContaining("force single-replica");
        assertThat(cluster.log("stop")).isEmpty();
        assertThat(cluster.log("disable")).isEmpty();

        Procedures forced = procedures(
                options().force("single-replica").force("no-unhealthy-tablets").build());
        forced.execute(forced.planRestart(cluster.topology.nodes()));
        assertThat(cluster.log("stop")).contains("be-2");
        assertThat(cluster.disabledBackends()).isEmpty();
    }

    @Test
    void aSingleReplicaTableRefusesTheDrainOfTheBeHoldingIt() {
        oneTablet(1, List.of("be-3"), List.of("be-3"));

        assertThatThrownBy(this::upgrade)
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("single-replica: be-3 (10.0.1.3) holds the only readable, version-complete"
                        + " replica of tablets of db1.orders (1 tablet)");
        assertThat(cluster.log("stop")).isEmpty();
    }

    @Test
    void theDrainActionsAreInTheEngineDispatchTable() {
        assertThat(ActionHandlers.ALL.handles(Action.DisableBackend.class)).isTrue();
        assertThat(ActionHandlers.ALL.handles(Action.AwaitIdle.class)).isTrue();
        assertThat(ActionHandlers.ALL.handles(Action.EnableBackend.class)).isTrue();
    }
}
