package io.dorisops.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletPlacement;
import io.dorisops.internal.run.RunSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The batch rules on in-memory facts: tags, shared tablets, partitions with few replicas, the cap, CNs. */
class BatchPlannerTest {

    static BatchPlanner.Member be(int n, String tag) {
        return new BatchPlanner.Member("be-" + n, Role.BE, 10000 + n, tag);
    }

    static ReplicaFacts.Partition partition(long id, String table, Map<String, Integer> allocation) {
        int replicas = allocation.values().stream().mapToInt(Integer::intValue).sum();
        return new ReplicaFacts.Partition(1, 2, id, table, "p" + id, replicas, allocation, 1, 0);
    }

    static TabletPlacement placement(long partition, long[]... tablets) {
        return new TabletPlacement(List.of(new TabletPlacement.Tablets(partition, tablets)), Instant.now());
    }

    static long[] on(int... backends) {
        long[] ids = new long[backends.length];
        for (int i = 0; i < backends.length; i++) {
            ids[i] = 10000 + backends[i];
        }
        return ids;
    }

    static List<List<String>> nodes(List<BatchPlanner.Batch> batches) {
        return batches.stream().map(BatchPlanner.Batch::nodeIds).toList();
    }

    @Test
    void oneReplicaPerTagGivesOneBatchPerTag() {
        List<BatchPlanner.Member> members = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            members.add(be(i, "zone" + ((i - 1) % 3 + 1)));
        }
        Map<String, Integer> allocation = new LinkedHashMap<>(Map.of("zone1", 1, "zone2", 1, "zone3", 1));
        TabletPlacement placement = placement(7, on(1, 2, 3), on(4, 5, 6), on(7, 8, 9), on(1, 5, 9));

        List<BatchPlanner.Batch> batches =
                BatchPlanner.plan(members, List.of(partition(7, "db.t", allocation)), placement, ParallelCap.NONE);

        assertThat(nodes(batches))
                .containsExactly(
                        List.of("be-1", "be-4", "be-7"),
                        List.of("be-2", "be-5", "be-8"),
                        List.of("be-3", "be-6", "be-9"));
        assertThat(batches.get(0).why()).contains("tag.location.zone1");
    }

    @Test
    void theCapCutsEachBatch() {
        List<BatchPlanner.Member> members = List.of(be(1, "a"), be(2, "a"), be(3, "a"), be(4, "b"), be(5, "c"));
        Map<String, Integer> allocation = new LinkedHashMap<>(Map.of("a", 1, "b", 1, "c", 1));
        List<BatchPlanner.Batch> batches =
                BatchPlanner.plan(members, List.of(partition(7, "db.t", allocation)), placement(7, on(1, 4, 5)), 2);

        assertThat(nodes(batches))
                .containsExactly(List.of("be-1", "be-2"), List.of("be-3"), List.of("be-4"), List.of("be-5"));
    }

    @Test
    void withoutTagsNoTwoBesOfABatchShareATablet() {
        List<BatchPlanner.Member> members = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            members.add(be(i, "default"));
        }
        long[][] tablets = {on(1, 2, 3), on(4, 5, 6), on(1, 4, 5), on(2, 6, 4)};
        List<BatchPlanner.Batch> batches = BatchPlanner.plan(
                members, List.of(partition(7, "db.t", Map.of("default", 3))), placement(7, tablets), ParallelCap.NONE);

        assertNoSharedTablet(batches, tablets);
        assertThat(batches.size()).isLessThan(6);
        assertThat(batches.stream().mapToInt(b -> b.nodeIds().size()).sum()).isEqualTo(6);
    }

    @Test
    void aPartitionWithOneReplicaMakesItsBeRestartAloneNamingTheTable() {
        List<BatchPlanner.Member> members = List.of(be(1, "default"), be(2, "default"), be(3, "default"));
        TabletPlacement placement = new TabletPlacement(
                List.of(
                        new TabletPlacement.Tablets(7, new long[][] {on(1, 2, 3)}),
                        new TabletPlacement.Tablets(8, new long[][] {on(2)})),
                Instant.now());
        List<BatchPlanner.Batch> batches = BatchPlanner.plan(
                members,
                List.of(partition(7, "db.t", Map.of("default", 3)), partition(8, "db.single", Map.of("default", 1))),
                placement,
                ParallelCap.NONE);

        BatchPlanner.Batch alone = batches.stream()
                .filter(b -> b.nodeIds().equals(List.of("be-2")))
                .findFirst()
                .orElseThrow();
        assertThat(alone.forced()).isTrue();
        assertThat(alone.why()).contains("db.single partition p8").contains("1 replica");
    }

    @Test
    void anUnreadPartitionOrAnUnlistedBeIsAlone() {
        List<BatchPlanner.Member> members =
                List.of(be(1, "default"), be(2, "default"), new BatchPlanner.Member("be-x", Role.BE, -1, "default"));
        List<BatchPlanner.Batch> unread = BatchPlanner.plan(
                members,
                List.of(partition(7, "db.t", Map.of("default", 3))),
                new TabletPlacement(List.of(), Instant.now()),
                ParallelCap.NONE);
        assertThat(unread).allMatch(b -> b.nodeIds().size() == 1 && b.forced());
        assertThat(unread.get(0).why()).contains("was not read");

        List<BatchPlanner.Batch> none =
                BatchPlanner.plan(members, List.of(), new TabletPlacement(List.of(), Instant.now()), ParallelCap.NONE);
        assertThat(nodes(none)).containsExactly(List.of("be-1", "be-2"), List.of("be-x"));
        assertThat(none.get(1).why()).contains("SHOW BACKENDS");
    }

    @Test
    void computeNodesGoInBatchesOfTheCap() {
        List<BatchPlanner.Member> members = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            members.add(new BatchPlanner.Member("cn-" + i, Role.CN, 20000 + i, "default"));
        }
        List<BatchPlanner.Batch> batches =
                BatchPlanner.plan(members, List.of(), new TabletPlacement(List.of(), Instant.now()), 2);
        assertThat(nodes(batches)).containsExactly(List.of("cn-1", "cn-2"), List.of("cn-3", "cn-4"), List.of("cn-5"));
        assertThat(batches.get(0).why()).contains("CNs hold no replicas");
    }

    static void assertNoSharedTablet(List<BatchPlanner.Batch> batches, long[][] tablets) {
        for (BatchPlanner.Batch batch : batches) {
            Set<Long> ids = new HashSet<>();
            batch.nodeIds().forEach(id -> ids.add(10000L + Integer.parseInt(id.substring(3))));
            for (long[] tablet : tablets) {
                long held =
                        java.util.Arrays.stream(tablet).filter(ids::contains).count();
                assertThat(held)
                        .as("replicas of one tablet in batch %s", batch.nodeIds())
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    /** The cap of {@code parallelAuto()}. */
    static final class ParallelCap {
        static final int NONE = RunSettings.UNLIMITED;
    }
}
