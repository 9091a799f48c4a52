package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.FailoverDrillResult;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-in, its cancel and the failover drill on the in-memory cluster and virtual time: plans as data,
 * gates, runs.
 */
class ScaleInTest {

    @TempDir
    Path dir;

    private FakeCluster cluster;
    private ScaleFake admin;
    private final RunClock time = new RunClock();
    private final List<String> waiting = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster("2.1.7");
        admin = new ScaleFake(cluster);
        admin.tables.put("db1.t2", 2);
    }

    private RunSettings.Builder options() {
        return RunSettings.builder().stateDir(dir.resolve("state")).listener(new ProgressListener() {
            @Override
            public void waiting(ProgressEvent event) {
                waiting.add(event.message());
            }
        });
    }

    /** The procedures on virtual time: drains and elections poll without sleeping. */
    private Procedures procedures(RunSettings options) {
        return new Procedures(new Engine(cluster.topology, cluster.control(), cluster, Optional.of(admin), options)
                .withTime(time, time));
    }

    private List<Node> nodes(String... ids) {
        return java.util.Arrays.stream(ids)
                .map(id -> cluster.topology.node(id).orElseThrow())
                .toList();
    }

    private RunResult scaleIn(RunSettings options, Duration stuckAfter, String... ids) {
        Procedures procedures = procedures(options);
        return procedures.execute(procedures.planScaleIn(nodes(ids), stuckAfter));
    }

    @Test
    void planDecommissionsEveryBackendFirstThenDrainsThenFrontendsWithTheMasterLast() {
        Operation plan = procedures(options().build())
                .planScaleIn(nodes("fe-1", "be-2", "fe-obs", "be-3", "fe-2"), Duration.ofSeconds(30));

        assertThat(plan.kind().key()).isEqualTo("scale-in");
        assertThat(plan.pausesBalance()).isFalse();
        assertThat(plan.steps())
                .extracting(step -> step.nodeId() + " "
                        + String.join(
                                ",", step.actions().stream().map(a -> a.key()).toList()))
                .containsExactly(
                        "be-2 decommission",
                        "be-3 decommission",
                        "be-2 await-drained,disable-backend,await-idle,stop,drop-backend,enable-backend",
                        "be-3 await-drained,disable-backend,await-idle,stop,drop-backend,enable-backend",
                        "fe-obs drop-frontend,stop",
                        "fe-2 drop-frontend,stop",
                        "fe-1 stop,await-new-master,drop-frontend");
        assertThat(Operation.fromJson(plan.toJson())).isEqualTo(plan);
        assertThat(plan.describe()).contains("wait until its tablets moved away (stuck after 30s without progress)");
    }

    @Test
    void scaleInOfABackendDrainsReportsProgressAndStopsItLeavingItsFiles() {
        RunResult result = scaleIn(options().build(), Duration.ofSeconds(5), "be-3");

        assertThat(result.nodes()).containsExactly("be-3");
        assertThat(cluster.log).containsSubsequence("decommission be-3", "dropped-by-master be-3", "stop be-3");
        assertThat(cluster.get("be-3").running).isFalse();
        assertThat(waiting)
                .anyMatch(m -> m.matches("be-3: \\d+ of \\d+ tablets left, [0-9.]+ tablets/s, about [0-9.]+ s to go"));
        assertThat(admin.tables).containsKey("db1.t2");
    }

    /**
     * Doris drops a decommissioned BE by itself ({@code drop_backend_after_decommission}, default true), so
     * the drain after the decommission finds no such BE: nothing reaches it, nothing to disable.
     */
    @Test
    void aBackendTheMasterDroppedAfterItsDecommissionIsNotDisabledAndTheScaleInGoesOn() {
        RunResult result = scaleIn(options().build(), Duration.ofSeconds(5), "be-3");

        assertThat(result.nodes()).containsExactly("be-3");
        assertThat(cluster.log).containsSubsequence("dropped-by-master be-3", "stop be-3");
        assertThat(cluster.log).doesNotContain("disable be-3");
    }

    @Test
    void anUnforcedDropOfABackendHoldingReplicasIsRefusedByTheDropReplicasGateWhateverIsForced() {
        admin.tables.put("db1.t3", 3);
        Node be2 = cluster.topology.node("be-2").orElseThrow();
        Operation drop = new Operation(
                Operation.Kind.SCALE_IN,
                cluster.topology.name(),
                cluster.topology.flavor(),
                Optional.empty(),
                false,
                List.of(Operation.Step.on(
                        be2,
                        Optional.empty(),
                        Operation.Reason.DRAINED_BEFORE_STOP,
                        List.of(new Action.Stop(), new Action.DropBackend(false)),
                        List.of())),
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());

        assertThatThrownBy(() ->
                        procedures(options().force("replicas-fit").build()).execute(drop))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("failed at drop-backend")
                .hasMessageContaining(cluster.topology.name() + ": refused to drop backend " + be2.host() + ":"
                        + be2.ports().heartbeatPort() + "; nothing was sent")
                .hasMessageContaining("holds 10 replicas: its replicas cannot be re-created elsewhere: db1.t3");
        assertThat(cluster.log).contains("stop be-2").doesNotContain("drop-backend be-2");
    }

    @Test
    void aNodeRemovedByAnEarlierScaleInDoesNotBlockTheNextButAStoppedMemberDoes() {
        scaleIn(options().build(), Duration.ofSeconds(5), "fe-obs");

        // The topology still lists fe-obs, stopped and no longer a member: the next scale-in goes on.
        scaleIn(options().build(), Duration.ofSeconds(5), "be-3");
        assertThat(cluster.get("be-3").running).isFalse();

        cluster.get("be-2").running = false; // a member that is down is still refused
        assertThatThrownBy(() -> scaleIn(options().build(), Duration.ofSeconds(5), "fe-3"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("nodes-alive: be-2");
    }

    @Test
    void aThreeReplicaTableOnThreeBackendsRefusesNamingTheTableAndChangesNothing() {
        admin.tables.put("db1.t3", 3);

        assertThatThrownBy(() -> scaleIn(options().build(), Duration.ofSeconds(5), "be-1"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("pre-flight refused the scale-in of fake; nothing was changed")
                .hasMessageContaining("replicas-fit: db1.t3 partition t3 needs 3 replicas on tag default"
                        + " (tag.location.default: 3), but only 2 BEs of tag default would remain");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void theTabletSchedulerOffRefusesButBalanceOffDoesNot() {
        cluster.config.put("disable_balance", "true");
        cluster.config.put("disable_tablet_scheduler", "true");

        assertThatThrownBy(() -> scaleIn(options().build(), Duration.ofSeconds(5), "be-3"))
                .hasMessageContaining("tablet-scheduler: disable_tablet_scheduler is true")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("disable_balance"));

        cluster.config.put("disable_tablet_scheduler", "false");
        assertThat(scaleIn(options().build(), Duration.ofSeconds(5), "be-3").nodes())
                .containsExactly("be-3");
        assertThat(cluster.config).containsEntry("disable_balance", "true");
    }

    @Test
    void aDrainWithoutProgressIsReportedStuckWithItsTabletsAndCanBeCancelled() {
        admin.stalled = true;

        assertThatThrownBy(() -> scaleIn(options().build(), Duration.ofMillis(200), "be-3"))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("decommission stuck: 10 tablets left, none moved in 0s")
                .hasMessageContaining("--node be-3 --cancel");
        assertThat(cluster.get("be-3").running).isTrue();
        assertThat(admin.decommissioning).contains("be-3");

        Procedures procedures = procedures(options().build());
        procedures.execute(procedures.planCancelScaleIn(nodes("be-3")));
        assertThat(admin.decommissioning).isEmpty();
        assertThat(cluster.log).endsWith("cancel-decommission be-3");
    }

    @Test
    void removingTwoOfThreeFollowersIsRefusedAndOneIsAllowed() {
        assertThatThrownBy(() -> scaleIn(options().build(), Duration.ofSeconds(5), "fe-2", "fe-3"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("follower-majority: removing 2 of the 3 followers [fe-2, fe-3] leaves 1, not a"
                        + " majority of 3");
        assertThat(cluster.log).isEmpty();

        scaleIn(options().build(), Duration.ofSeconds(5), "fe-obs", "fe-3");
        assertThat(cluster.log)
                .containsExactly("drop-frontend fe-obs", "stop fe-obs", "drop-frontend fe-3", "stop fe-3");
    }

    @Test
    void theMasterIsStoppedSoAnotherIsElectedThenDropped() {
        scaleIn(options().build(), Duration.ofSeconds(5), "fe-1");

        assertThat(cluster.log).containsExactly("stop fe-1", "drop-frontend fe-1");
        assertThat(cluster.master).isEqualTo("fe-2");
        assertThat(waiting).anyMatch(m -> m.startsWith("fe-2 is master and serves SQL"));
    }

    @Test
    void theFailoverDrillTimesTheElectionAndBringsTheOldMasterBackAsAFollower() {
        RunSettings options = options().build();
        DrillTimes times = new DrillTimes();
        Procedures procedures = procedures(options.toBuilder()
                .listener(Listeners.both(options.listener(), times))
                .build());

        RunResult run = procedures.execute(procedures.planFailoverDrill());
        FailoverDrillResult drill = times.result(run, "fe-1");

        assertThat(cluster.log).containsExactly("stop fe-1", "start fe-1");
        assertThat(drill.newMaster()).isEqualTo("fe-2");
        assertThat(cluster.master).isEqualTo("fe-2");
        assertThat(drill.describe()).startsWith("fe-1 stopped in ").contains("fe-2 served SQL as master");
    }

    @Test
    void theDrillIsRefusedWithFewerThanThreeFollowersAlive() {
        cluster.get("fe-3").running = false;

        Procedures procedures = procedures(options().build());
        assertThatThrownBy(() -> procedures.execute(procedures.planFailoverDrill()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("drill-followers: 2 of 3 followers are alive; a failover drill needs at least 3");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void nodesThatCannotBeScaledInAreRefusedBeforeAnything() {
        assertThatThrownBy(() -> procedures(options().build()).planScaleIn(List.of(), Duration.ofSeconds(5)))
                .hasMessageContaining("name at least one node");
        assertThatThrownBy(() -> new Action.AwaitDrained(Duration.ZERO))
                .hasMessageContaining("stuckAfter must be positive");
    }
}
