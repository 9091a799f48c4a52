package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.spi.ClusterAdmin;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a cluster's replicas must live and what its backends hold, as the master reports them: per
 * partition its replication ({@code SHOW PARTITIONS} {@code ReplicationNum}, and on Doris the {@code
 * ReplicaAllocation} per location tag), per backend its tag, tablet count, data used, free and total
 * capacity and whether it is decommissioning ({@code SHOW BACKENDS}), and the cluster id ({@code SHOW
 * FRONTENDS} {@code ClusterId}). Read by {@link ClusterAdmin#replicaFacts()} with one statement per
 * database and per table, never one per tablet; the scale-in guards decide on it.
 *
 * <pre>{@code
 * ReplicaFacts facts = admin.replicaFacts();
 * for (ReplicaFacts.Partition p : facts.partitions()) {
 *     log.info("{} {}: {}", p.table(), p.partition(), p.allocation()); // db1.t1 t1: {default=3}
 * }
 * }</pre>
 *
 * @param clusterId the {@code ClusterId} every FE reports
 * @param backends every BE and CN, as {@code SHOW BACKENDS} (and StarRocks {@code SHOW COMPUTE NODES}) list them
 * @param partitions every partition of every OLAP table of every user database
 * @param readAt when the facts were read
 */
public record ReplicaFacts(long clusterId, List<Storage> backends, List<Partition> partitions, Instant readAt) {

    /** The location tag of a backend without one, and of {@code replication_num} without an allocation. */
    public static final String DEFAULT_TAG = "default";

    public ReplicaFacts {
        backends = List.copyOf(backends);
        partitions = List.copyOf(partitions);
        requireNonNull(readAt, "readAt");
    }

    /**
     * What one backend holds and can hold.
     *
     * @param id {@code BackendId} / {@code ComputeNodeId}
     * @param tag the location tag: Doris {@code Tag} {@code {"location" : "zone1"}}, StarRocks {@code
     *     Location} (≥ 3.2), {@link #DEFAULT_TAG} when none
     * @param tabletNum {@code TabletNum}: replicas held; falls while a decommission drains the backend
     * @param dataUsedBytes {@code DataUsedCapacity}
     * @param availBytes {@code AvailCapacity}: free space on its disks
     * @param totalBytes {@code TotalCapacity}
     * @param decommissioning {@code SystemDecommissioned}
     */
    public record Storage(
            long id,
            String host,
            int heartbeatPort,
            Role role,
            boolean alive,
            boolean decommissioning,
            String tag,
            long tabletNum,
            long dataUsedBytes,
            long availBytes,
            long totalBytes) {
        public Storage {
            requireNonNull(host, "host");
            requireNonNull(role, "role");
            requireNonNull(tag, "tag");
        }

        /** {@code host:heartbeatPort}, the address ALTER SYSTEM names a backend by. */
        public String address() {
            return host + ":" + heartbeatPort;
        }

        /** True when this row is the topology node: same host and heartbeat port. */
        public boolean matches(Node node) {
            return host.equals(node.host()) && heartbeatPort == node.ports().heartbeatPort();
        }

        /** True for a BE that can take replicas: alive, not leaving, not a compute node. */
        public boolean takesReplicas() {
            return role == Role.BE && alive && !decommissioning;
        }
    }

    /**
     * One partition and where its replicas must be.
     *
     * @param databaseId {@code DbId} of {@code SHOW PROC '/dbs'}
     * @param tableId {@code TableId} of {@code SHOW PROC '/dbs/<dbId>'}
     * @param partitionId {@code PartitionId}
     * @param table {@code db.table}
     * @param partition {@code PartitionName} (a table without partitions has one named like the table)
     * @param replicationNum {@code ReplicationNum}: replicas per tablet in all
     * @param allocation replicas per location tag: Doris {@code ReplicaAllocation} ({@code
     *     tag.location.zone1: 2, tag.location.zone2: 1}); where the FE has none (StarRocks), {@link
     *     #DEFAULT_TAG} with {@code replicationNum}
     * @param buckets {@code Buckets}: tablets per index
     * @param dataSizeBytes {@code DataSize}
     * @param visibleVersion {@code VisibleVersion}: the newest version loads made visible; a replica below
     *     it lacks versions. -1 when not read
     */
    public record Partition(
            long databaseId,
            long tableId,
            long partitionId,
            String table,
            String partition,
            int replicationNum,
            Map<String, Integer> allocation,
            int buckets,
            long dataSizeBytes,
            long visibleVersion) {
        public Partition {
            requireNonNull(table, "table");
            requireNonNull(partition, "partition");
            allocation = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(allocation));
        }

        /** A partition whose {@code VisibleVersion} was not read. */
        public Partition(
                long databaseId,
                long tableId,
                long partitionId,
                String table,
                String partition,
                int replicationNum,
                Map<String, Integer> allocation,
                int buckets,
                long dataSizeBytes) {
            this(
                    databaseId,
                    tableId,
                    partitionId,
                    table,
                    partition,
                    replicationNum,
                    allocation,
                    buckets,
                    dataSizeBytes,
                    -1);
        }

        /** The replicas a load needs to commit: a majority of {@link #replicationNum()} ({@code n / 2 + 1}). */
        public int quorum() {
            return replicationNum / 2 + 1;
        }

        /** {@code db1.t1 partition p1 (tag.location.default: 3)}, for messages. */
        public String describe() {
            return table + " partition " + partition + " (" + allocationText() + ")";
        }

        /** The allocation as Doris prints it: {@code tag.location.zone1: 2, tag.location.zone2: 1}. */
        public String allocationText() {
            List<String> parts = allocation.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> "tag.location." + e.getKey() + ": " + e.getValue())
                    .toList();
            return String.join(", ", parts);
        }
    }

    /** The backend matching a topology node, if the master lists it. */
    public Optional<Storage> backend(Node node) {
        requireNonNull(node, "node");
        return backends.stream().filter(be -> be.matches(node)).findFirst();
    }

    /** The partitions of one table ({@code db.table}). */
    public List<Partition> partitions(String table) {
        requireNonNull(table, "table");
        return partitions.stream().filter(p -> p.table().equals(table)).toList();
    }
}
