package io.dorisops.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletPlacement;
import io.dorisops.internal.run.RunSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Planning the batches at scale on in-memory facts: 1,000 BEs in 3 tags holding 1,000,000 tablets of
 * 1,000 partitions, one replica per tag. Prints planning time and heap growth against a baseline
 * measured in the same run (one pass that only sums every replica id); asserts what the plan is, never
 * timing. Run: {@code ./mvnw -B -o -q -pl core -am verify -Pbench -Dtest=BatchPlannerBench
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class BatchPlannerBench {

    private static final int BACKENDS = 1_000;
    private static final int PARTITIONS = 1_000;
    private static final int TABLETS_PER_PARTITION = 1_000;

    @Test
    void thousandBackendsMillionTablets() {
        Random random = new Random(16);
        List<BatchPlanner.Member> members = new ArrayList<>();
        for (int i = 0; i < BACKENDS; i++) {
            members.add(new BatchPlanner.Member("be-" + i, Role.BE, 10_000 + i, "zone" + (i % 3)));
        }
        List<ReplicaFacts.Partition> partitions = new ArrayList<>();
        List<TabletPlacement.Tablets> tablets = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new ReplicaFacts.Partition(
                    1, 2, p, "db.t" + p, "p", 3, Map.of("zone0", 1, "zone1", 1, "zone2", 1), TABLETS_PER_PARTITION, 0));
            long[][] replicas = new long[TABLETS_PER_PARTITION][];
            for (int t = 0; t < TABLETS_PER_PARTITION; t++) {
                replicas[t] = new long[] {
                    10_000 + 3L * random.nextInt(334) % 999,
                    10_000 + 3L * random.nextInt(333) + 1,
                    10_000 + 3L * random.nextInt(333) + 2
                };
            }
            tablets.add(new TabletPlacement.Tablets(p, replicas));
        }
        TabletPlacement placement = new TabletPlacement(tablets, Instant.now());

        for (int warm = 0; warm < 3; warm++) {
            BatchPlanner.plan(members, partitions, placement, RunSettings.UNLIMITED);
            baseline(placement);
        }
        long baseStart = System.nanoTime();
        long sum = baseline(placement);
        double baseMs = (System.nanoTime() - baseStart) / 1e6;

        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        long start = System.nanoTime();
        List<BatchPlanner.Batch> batches = BatchPlanner.plan(members, partitions, placement, RunSettings.UNLIMITED);
        double planMs = (System.nanoTime() - start) / 1e6;
        long after = runtime.totalMemory() - runtime.freeMemory();

        // Without the tag shortcut (replication 3 in one tag): colouring on the same placement.
        List<ReplicaFacts.Partition> untagged = partitions.stream()
                .map(p -> new ReplicaFacts.Partition(
                        1, 2, p.partitionId(), p.table(), "p", 3, Map.of("default", 3), 1, 0))
                .toList();
        long colourStart = System.nanoTime();
        List<BatchPlanner.Batch> coloured = BatchPlanner.plan(members, untagged, placement, RunSettings.UNLIMITED);
        double colourMs = (System.nanoTime() - colourStart) / 1e6;

        System.out.printf(
                "BatchPlannerBench: %d BEs, %d tablets: tag plan %.1f ms (%d batches), colouring %.1f ms (%d batches),"
                        + " heap growth %.1f MB; baseline pass over the replicas %.1f ms (sum %d): ratio %.1f%n",
                BACKENDS,
                placement.tabletCount(),
                planMs,
                batches.size(),
                colourMs,
                coloured.size(),
                (after - before) / 1e6,
                baseMs,
                sum,
                planMs / baseMs);
        assertThat(batches).hasSize(3);
        assertThat(coloured.stream().mapToInt(b -> b.nodeIds().size()).sum()).isEqualTo(BACKENDS);
    }

    private static long baseline(TabletPlacement placement) {
        long sum = 0;
        for (TabletPlacement.Tablets partition : placement.partitions()) {
            for (long[] replicas : partition.replicas()) {
                for (long id : replicas) {
                    sum += id;
                }
            }
        }
        return sum;
    }
}
