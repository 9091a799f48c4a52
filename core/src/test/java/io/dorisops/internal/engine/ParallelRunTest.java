package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletPlacement;
import io.dorisops.internal.plan.Plans;
import io.dorisops.internal.run.RunSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Replica-aware batches on the one runner, on an in-memory cluster (issue #16). */
class ParallelRunTest extends FakeRunFixture {

    private List<Node> backends() {
        return cluster.topology.nodes(Role.BE);
    }

    /**
     * The three BEs in tags zone1..zone3 with one partition of {@code tablets}, each over BE numbers; a
     * number above 3 is a BE outside the topology, alive, listed by SHOW BACKENDS as real ones are.
     */
    private void placement(Map<String, Integer> allocation, int[]... tablets) {
        List<ReplicaFacts.Storage> storage = new ArrayList<>();
        int zone = 1;
        for (Node be : backends()) {
            storage.add(new ReplicaFacts.Storage(
                    cluster.backendId(be.id()),
                    be.host(),
                    be.ports().heartbeatPort(),
                    Role.BE,
                    true,
                    false,
                    "zone" + zone++,
                    1,
                    0,
                    1L << 30,
                    2L << 30));
        }
        java.util.Arrays.stream(tablets)
                .flatMapToInt(java.util.Arrays::stream)
                .filter(n -> n > 3)
                .distinct()
                .forEach(n -> storage.add(new ReplicaFacts.Storage(
                        cluster.backendId("be-" + n),
                        "10.0.9." + n,
                        9050,
                        Role.BE,
                        true,
                        false,
                        "default",
                        1,
                        0,
                        1L << 30,
                        2L << 30)));
        int replicas = allocation.values().stream().mapToInt(Integer::intValue).sum();
        cluster.facts = new ReplicaFacts(
                1,
                storage,
                List.of(new ReplicaFacts.Partition(1, 2, 3, "db.t", "t", replicas, allocation, 1, 0)),
                Instant.now());
        long[][] ids = new long[tablets.length][];
        for (int t = 0; t < tablets.length; t++) {
            ids[t] = java.util.Arrays.stream(tablets[t])
                    .mapToLong(n -> cluster.backendId("be-" + n))
                    .toArray();
        }
        cluster.placement = new TabletPlacement(List.of(new TabletPlacement.Tablets(3, ids)), Instant.now());
    }

    private void oneReplicaPerTag() {
        placement(Map.of("zone1", 1, "zone2", 1, "zone3", 1), new int[] {1, 2, 3});
    }

    @Test
    void maxParallelOneKeepsTheSerialPlanByteForByte() {
        oneReplicaPerTag();
        Operation serial = Plans.restart(
                cluster.topology,
                backends(),
                Optional.of(cluster.topology.node("fe-1").orElseThrow()));
        Operation planned = procedures(options().build()).planRestart(backends());

        assertThat(planned.batches()).isEmpty();
        assertThat(planned.describe()).isEqualTo(serial.describe());
        assertThat(planned.toJson()).doesNotContain("batches");
    }

    @Test
    void threeBesSharingNoTabletInTwoRestartTogetherEachJournaledAsAlone() throws Exception {
        // Tablets on (1,2) and (2,3): be-1 and be-3 share none, be-2 shares with both.
        placement(Map.of("default", 3), new int[] {1, 2, 4}, new int[] {2, 3, 5});
        CountDownLatch bothStopped = new CountDownLatch(2);
        cluster.beforeAction = action -> {
            if (action.equals("start be-1") || action.equals("start be-3")) {
                bothStopped.countDown();
                try {
                    // Serially the second never stops while the first waits here: the run would time out.
                    assertThat(bothStopped.await(5, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RunSettings options = options().parallelAuto().build();
        Operation restart = procedures(options).planRestart(backends());

        assertThat(restart.batches()).hasSize(1);
        assertThat(restart.order()).startsWith("be-1", "be-3", "be-2");
        assertThat(restart.describe())
                .contains("batch 1 (steps 1-2): be-1, be-3 at once: no two of these BEs hold a replica of the same"
                        + " tablet");
        assertThat(Operation.fromJson(restart.toJson())).isEqualTo(restart);

        procedures(options).execute(restart);

        assertThat(bothStopped.getCount()).isZero();
        List<String> stops = cluster.log("stop");
        assertThat(stops.subList(0, 2)).containsExactlyInAnyOrder("be-1", "be-3"); // at once: either first
        assertThat(stops.get(2)).isEqualTo("be-2");
        String journal = Files.readString(procedures(options).history().get(0).journal(), StandardCharsets.UTF_8);
        assertThat(journal)
                .contains("\"batches\"")
                .containsPattern("\"step\":0")
                .containsPattern("\"step\":1");
    }

    @Test
    void aFailureInABatchRollsBackTheFailedNodeAndStopsTheRun() {
        // No two of be-1..be-3 share a tablet (the others are outside the topology): one batch is safe.
        placement(Map.of("default", 3), new int[] {1, 4, 5}, new int[] {2, 4, 5}, new int[] {3, 4, 5});
        cluster.get("be-2").failingStarts = 1;
        RunSettings options = options().parallelAuto().build();
        Operation restart = Plans.restart(cluster.topology, cluster.topology.nodes(), Optional.empty())
                .withBatches(List.of(new Operation.Batch(List.of(0, 1, 2), "test")));

        assertThatThrownBy(() -> procedures(options).execute(restart))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-2");

        assertThat(cluster.log("stop")).containsExactlyInAnyOrder("be-1", "be-2", "be-3"); // no FE touched
        assertThat(cluster.log("start")).filteredOn("be-2"::equals).hasSize(2); // failed, then undone
        backends().forEach(be -> assertThat(cluster.get(be.id()).running).isTrue());
        assertThat(procedures(options).history().get(0).outcome()).isEqualTo("failed");
    }

    @Test
    void underLoadsTheStepAfterABatchWaitsUntilNoTabletWouldFallBelowAMajority() {
        // be-1 and be-3 share no tablet: one batch; under loads both come back lacking versions, so be-2
        // may stop only once the scheduler cloned them (tablet 1 keeps be-1 and be-4, tablet 2 be-3 and be-5).
        cluster.busy =
                new BusyTablets(cluster, 3, List.of(List.of("be-1", "be-2", "be-4"), List.of("be-2", "be-3", "be-5")));
        cluster.beforeAction = action -> {
            if (action.startsWith("start ")) {
                cluster.busy.tick(); // a load while the node is down
            }
        };
        RunSettings options = options().parallelAuto().build();
        Operation restart = procedures(options).planRestart(backends());
        assertThat(restart.batches()).hasSize(1);

        procedures(options).execute(restart);

        assertThat(cluster.log).containsSubsequence("cloned be-1", "config disable_tablet_scheduler=true", "stop be-2");
        assertThat(cluster.log).containsSubsequence("cloned be-3", "stop be-2");
        assertThat(cluster.busy.failed).isZero();
        assertThat(cluster.busy.fewestComplete).isGreaterThanOrEqualTo(2);
    }

    @Test
    void resumeAfterACrashMidBatchContinuesEachNodeWhereItStopped() throws Exception {
        placement(Map.of("default", 3), new int[] {1, 2, 4}, new int[] {2, 3, 5});
        cluster.beforeAction = action -> {
            if (action.equals("start be-3")) {
                throw new Crash();
            }
        };
        RunSettings options = options().parallelAuto().rollbackOnFailure(false).build();
        Operation restart = procedures(options).planRestart(backends());
        assertThat(restart.batches()).hasSize(1);
        assertThatThrownBy(() -> procedures(options).execute(restart)).isInstanceOf(Crash.class);
        Path journal = procedures(options).history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Files.write(
                journal,
                lines.stream().filter(l -> !l.contains("\"type\":\"end\"")).toList()); // kill -9
        cluster.beforeAction = action -> {};
        cluster.log.clear();

        procedures(options).resume(Optional.empty());

        // be-1 finished in the batch; be-3 goes on from its start; be-2, after the batch, runs whole.
        assertThat(cluster.log)
                .filteredOn(line -> line.endsWith("be-1") || line.endsWith("be-2") || line.endsWith("be-3"))
                .containsExactly("start be-3", "enable be-3", "disable be-2", "stop be-2", "start be-2", "enable be-2");
        assertThat(cluster.log("stop")).doesNotContain("be-1", "be-3");
        backends().forEach(be -> assertThat(cluster.get(be.id()).running).isTrue());
    }

    @Test
    void aBatchDrainsAllItsBackendsBeforeAnyOfThemStops() {
        placement(Map.of("default", 3), new int[] {1, 2, 4}, new int[] {2, 3, 5});
        cluster.beforeAction = action -> {
            if (action.equals("disable be-3")) {
                try {
                    Thread.sleep(300); // be-1 would stop meanwhile, were the batch not drained first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RunSettings options = options().parallelAuto().build();

        procedures(options).execute(procedures(options).planRestart(backends()));

        List<String> log = List.copyOf(cluster.log);
        assertThat(log.indexOf("disable be-3")).isLessThan(log.indexOf("stop be-1"));
        assertThat(log.indexOf("disable be-1")).isLessThan(log.indexOf("stop be-3"));
        assertThat(cluster.disabledBackends()).isEmpty();
    }

    @Test
    void aBatchWhoseDrainFailsEnablesEveryBackendAgainAndStopsNone() {
        placement(Map.of("default", 3), new int[] {1, 2, 4}, new int[] {2, 3, 5});
        cluster.get("be-1").runningQueries = 1;
        RunSettings options = options().parallelAuto().build();

        assertThatThrownBy(() -> procedures(options).execute(procedures(options).planRestart(backends())))
                .hasMessageContaining("be-1")
                .hasMessageContaining("1 query fragment still running");

        assertThat(cluster.log("disable")).containsExactlyInAnyOrder("be-1", "be-3");
        assertThat(cluster.log("stop")).isEmpty();
        assertThat(cluster.disabledBackends()).isEmpty();
    }

    @Test
    void anOperationJournaledBeforeBatchesReadsWithNone() {
        Operation restart = Plans.restart(cluster.topology, backends(), Optional.empty());
        String old = restart.toJson();
        assertThat(old).doesNotContain("batches");
        assertThat(Operation.fromJson(old).batches()).isEmpty();
        assertThatThrownBy(() -> restart.withBatches(List.of(new Operation.Batch(List.of(0, 2), "gap"))))
                .hasMessageContaining("consecutive");
    }

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
