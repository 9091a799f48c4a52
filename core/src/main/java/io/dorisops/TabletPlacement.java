package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.spi.ClusterAdmin;
import java.time.Instant;
import java.util.List;

/**
 * Which backends hold the replicas of each tablet, and which of those replicas lack versions, as the
 * master reports them: per partition (and index) {@code SHOW PROC
 * '/dbs/<dbId>/<tableId>/partitions/<partitionId>/<indexId>'}, one row per replica with {@code
 * TabletId}, {@code BackendId}, {@code Version}, {@code LstFailedVersion} and {@code State}. Read by
 * {@link ClusterAdmin#tabletPlacement} in one pass over the partitions' tablet lists, never one
 * statement per tablet; the replica-aware batches of a parallel restart are planned on it ({@code
 * docs/parallel.md}) and the rolling runs' majority gate decides on it ({@code docs/upgrade.md}).
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
     * @param incomplete per tablet (same order), the {@code BackendId}s whose replica is not version
     *     complete, as the FE's tablet health judges it ({@code Tablet.getHealthStatusWithPriority}): {@code
     *     LstFailedVersion > 0}, {@code Version} below the partition's {@code VisibleVersion}, or {@code
     *     State} {@code CLONE} / {@code DECOMMISSION}. Such a replica does not count toward a load's
     *     majority ({@code DatabaseTransactionMgr}: only {@code getLastFailedVersion() < 0} succeeds) and
     *     only a scheduler clone completes it. Mostly {@link #NONE}
     */
    public record Tablets(long partitionId, long[][] replicas, long[][] incomplete) {
        /** No backend: the {@code incomplete} entry of a tablet whose replicas are all complete. */
        public static final long[] NONE = new long[0];

        public Tablets {
            requireNonNull(replicas, "replicas");
            requireNonNull(incomplete, "incomplete");
            if (incomplete.length != replicas.length) {
                throw new IllegalArgumentException("incomplete has " + incomplete.length + " entries for "
                        + replicas.length + " tablets; give one per tablet");
            }
        }

        /** Tablets whose replicas are all version complete (completeness not read). */
        public Tablets(long partitionId, long[][] replicas) {
            this(partitionId, replicas, allComplete(replicas.length));
        }

        private static long[][] allComplete(int tablets) {
            long[][] none = new long[tablets][];
            java.util.Arrays.fill(none, NONE);
            return none;
        }
    }

    /** The number of tablets read. */
    public long tabletCount() {
        return partitions.stream().mapToLong(p -> p.replicas().length).sum();
    }
}
