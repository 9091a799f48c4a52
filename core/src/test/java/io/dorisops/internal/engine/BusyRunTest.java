package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.Role;
import io.dorisops.RunResult;
import io.dorisops.internal.plan.Plans;
import io.dorisops.internal.run.RunSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rolling runs on a cluster that takes loads ({@link BusyTablets}): a BE that was down comes back with
 * replicas lacking versions, which only the tablet scheduler repairs. The majority gate lets the run
 * go on without ever leaving a tablet below a majority of complete replicas (every load commits).
 */
class BusyRunTest extends FakeRunFixture {

    /** The scheduler switch at each stop of a BE: the run pauses it for every node's down time. */
    private final List<String> schedulerAtStops = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cluster.beforeAction = action -> {
            if (action.startsWith("stop be-")) {
                schedulerAtStops.add(action + ": " + cluster.config.get("disable_tablet_scheduler"));
            }
            if (action.startsWith("start ")) {
                cluster.busy.tick(); // loads while the node is down
                cluster.busy.tick();
            }
        };
    }

    @Test
    void aRollingRestartUnderLoadsFinishesAndEveryLoadCommits() {
        cluster.busy = BusyTablets.onEveryBackend(cluster, 8);
        Procedures procedures = procedures(options().build());

        RunResult result = procedures.execute(procedures.planRestart(cluster.topology.nodes()));

        assertThat(result.nodes()).containsExactly("be-1", "be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
        assertThat(cluster.busy.failed).isZero();
        assertThat(cluster.busy.fewestComplete).isGreaterThanOrEqualTo(2);
        assertThat(cluster.busy.committed).isGreaterThan(6);
        // Between BEs the scheduler cloned the versions be-1 and be-2 missed, and was paused again for each stop.
        assertThat(cluster.log)
                .containsSubsequence("start be-1", "config disable_tablet_scheduler=false", "cloned be-1");
        assertThat(cluster.log).containsSubsequence("cloned be-1", "config disable_tablet_scheduler=true", "stop be-2");
        assertThat(schedulerAtStops).containsExactly("stop be-1: true", "stop be-2: true", "stop be-3: true");
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(procedures.history().get(0).outcome()).isEqualTo("succeeded");
    }

    @Test
    void theFinalGateRunsAfterTheRestoreAndWaitsForTheSchedulerToRepairTheLastBackend() {
        cluster.busy = BusyTablets.onEveryBackend(cluster, 8);
        Procedures procedures = procedures(options().build());

        procedures.execute(procedures.planRestart(cluster.topology.nodes(Role.BE)));

        // be-3 came back last, lacking versions; the restored scheduler cloned them before the run ended.
        int restored = cluster.log.lastIndexOf("config disable_tablet_scheduler=false");
        assertThat(cluster.log.subList(restored, cluster.log.size())).contains("cloned be-3");
        assertThat(cluster.busy.unhealthy()).isZero();
        assertThat(cluster.busy.failed).isZero();
    }

    @Test
    void aBatchThatWouldLeaveATabletWithoutAMajorityWaitsNamingTheTableAndStopsNothing() {
        cluster.busy = BusyTablets.onEveryBackend(cluster, 4); // every tablet healthy, on all three BEs
        RunSettings options = options().parallelAuto().build();
        Operation restart = Plans.restart(cluster.topology, cluster.topology.nodes(Role.BE), Optional.empty())
                .withBatches(List.of(new Operation.Batch(List.of(0, 1), "be-1 and be-2 together")));

        assertThatThrownBy(() -> procedures(options).execute(restart))
                .hasMessageContaining(
                        "no-unhealthy-tablets: stopping together be-1, be-2: db1.orders partition orders: 4"
                                + " tablets would keep 1 of 3 replicas alive and version complete, 2 needed for loads to"
                                + " commit; these backends hold too many replicas of one tablet to stop together");

        assertThat(cluster.log("stop")).isEmpty();
        assertThat(cluster.busy.failed).isZero();
    }

    @Test
    void aDeadBackendIsNotAnsweredWithTheSchedulerAndTheGateNamesItAndTheLaggingOne() {
        cluster.busy = BusyTablets.onEveryBackend(cluster, 4);
        ProgressListener killBe3 = new ProgressListener() {
            @Override
            public void nodeFinished(ProgressEvent event) {
                if (event.nodeId().equals("be-1")) {
                    cluster.get("be-3").running = false; // dies on its own, not in the run yet
                }
            }
        };
        Procedures procedures = procedures(options().listener(killBe3).build());
        List<Node> backends = cluster.topology.nodes(Role.BE);

        assertThatThrownBy(() -> procedures.execute(procedures.planRestart(backends)))
                .hasMessageContaining("be-2")
                .hasMessageContaining("4 tablets would keep 0 of 3 replicas alive and version complete")
                .hasMessageContaining("lacking versions on be-1; on a dead backend be-3")
                .hasMessageContaining("start the dead backends named");

        assertThat(cluster.log("stop")).containsExactly("be-1");
        // The scheduler ran only once the run restored it: never while be-3 was down and the run waited.
        assertThat(cluster.log)
                .filteredOn("config disable_tablet_scheduler=false"::equals)
                .hasSize(1);
    }
}
