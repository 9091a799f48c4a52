package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.spi.ClusterAdmin;
import java.time.Instant;
import java.util.List;

/**
 * Which backends hold the replicas of each tablet, as the master reports them: per partition (and
 * index) {@code SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>/<indexId>'}, one row per
 * replica with {@code TabletId} and {@code BackendId}. Read by {@link ClusterAdmin#tabletPlacement} in
 * one pass over the partitions' tablet lists, never one statement per tablet; the replica-aware
 * batches of a parallel restart are planned on it ({@code docs/parallel.md}).
 *
 * <pre>{@code
 * TabletPlacement placement = admin.tabletPlacement(admin.replicaFacts());
 * log.info("{} tablets", placement.tabletCount());
 * }</pre>
 *
 * @param partitions the tablets of every partition of {@link ReplicaFacts#partitions()} read
 * @param readAt when it was read
 */
public record TabletPlacement(List<Tablets> partitions, Instant readAt) {

    public TabletPlacement {
        partitions = List.copyOf(partitions);
        requireNonNull(readAt, "readAt");
    }

    /**
     * The tablets of one partition (all its indexes).
     *
     * @param partitionId {@code PartitionId}, as in {@link ReplicaFacts.Partition#partitionId()}
     * @param replicas per tablet, the {@code BackendId}s of its replicas; kept as arrays (a large cluster
     *     has millions), not copied: do not change them
     */
    public record Tablets(long partitionId, long[][] replicas) {
        public Tablets {
            requireNonNull(replicas, "replicas");
        }
    }

    /** The number of tablets read. */
    public long tabletCount() {
        return partitions.stream().mapToLong(p -> p.replicas().length).sum();
    }
}
