package io.dorisops.testkit.internal.sql;

import static java.util.Objects.requireNonNull;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * The column lists of {@code SHOW FRONTENDS}, {@code SHOW BACKENDS}, {@code SHOW COMPUTE NODES}
 * and {@code SHOW PROC '/statistic'} per flavor and version, as the reference samples give them
 * ({@code shared/reference/samples/*-columns*.txt}; shared-data-only columns left out). {@code
 * SHOW PROC '/frontends'} and {@code '/backends'} have the same columns as the SHOW statements.
 *
 * <p>Version ranges: Doris FE 1.2 ({@code IP}), 2.0 ({@code Host}, {@code LastStartTime}), 2.1+
 * ({@code ArrowFlightSqlPort}); Doris BE 1.2 ({@code Cluster}, {@code IP}), 2.0 ({@code
 * TrashUsedCapcacity} typo), 2.1 ({@code ArrowFlightSqlPort}), 3.0+ ({@code TrashUsedCapacity},
 * {@code CpuCores}, {@code Memory}); StarRocks FE before 4.0 (no {@code IsMaster}; {@code Role}
 * LEADER/FOLLOWER/OBSERVER; {@code StartTime}), 4.0+ (leading {@code Id}); StarRocks BE before 3.2,
 * 3.2-3.4, 3.5+ ({@code MemLimit}, {@code Location}, {@code StatusCode}); StarRocks CN before 3.2
 * and 3.2+.
 */
public final class ShowColumns {

    private static final List<String> DORIS_FRONTENDS_1_2 = List.of(
            "Name",
            "IP",
            "EditLogPort",
            "HttpPort",
            "QueryPort",
            "RpcPort",
            "Role",
            "IsMaster",
            "ClusterId",
            "Join",
            "Alive",
            "ReplayedJournalId",
            "LastHeartbeat",
            "IsHelper",
            "ErrMsg",
            "Version",
            "CurrentConnected");

    // [U] whether every 2.0.x release has LastStartTime (added by apache/doris#21844 on 2.0-dev).
    private static final List<String> DORIS_FRONTENDS_2_0 = List.of(
            "Name",
            "Host",
            "EditLogPort",
            "HttpPort",
            "QueryPort",
            "RpcPort",
            "Role",
            "IsMaster",
            "ClusterId",
            "Join",
            "Alive",
            "ReplayedJournalId",
            "LastStartTime",
            "LastHeartbeat",
            "IsHelper",
            "ErrMsg",
            "Version",
            "CurrentConnected");

    private static final List<String> DORIS_FRONTENDS_2_1 =
            insertAfter(DORIS_FRONTENDS_2_0, "RpcPort", "ArrowFlightSqlPort");

    // [U] the exact 1.2 order: information_schema.backends plus the documented HeartbeatFailureCounter, NodeRole.
    private static final List<String> DORIS_BACKENDS_1_2 = List.of(
            "BackendId",
            "Cluster",
            "IP",
            "HeartbeatPort",
            "BePort",
            "HttpPort",
            "BrpcPort",
            "LastStartTime",
            "LastHeartbeat",
            "Alive",
            "SystemDecommissioned",
            "ClusterDecommissioned",
            "TabletNum",
            "DataUsedCapacity",
            "AvailCapacity",
            "TotalCapacity",
            "UsedPct",
            "MaxDiskUsedPct",
            "RemoteUsedCapacity",
            "Tag",
            "ErrMsg",
            "Version",
            "Status",
            "HeartbeatFailureCounter",
            "NodeRole");

    private static final List<String> DORIS_BACKENDS_2_0 = List.of(
            "BackendId",
            "Host",
            "HeartbeatPort",
            "BePort",
            "HttpPort",
            "BrpcPort",
            "LastStartTime",
            "LastHeartbeat",
            "Alive",
            "SystemDecommissioned",
            "TabletNum",
            "DataUsedCapacity",
            "TrashUsedCapcacity",
            "AvailCapacity",
            "TotalCapacity",
            "UsedPct",
            "MaxDiskUsedPct",
            "RemoteUsedCapacity",
            "Tag",
            "ErrMsg",
            "Version",
            "Status",
            "HeartbeatFailureCounter",
            "NodeRole");

    private static final List<String> DORIS_BACKENDS_2_1 =
            insertAfter(DORIS_BACKENDS_2_0, "BrpcPort", "ArrowFlightSqlPort");

    // [U] which 3.x release fixed the TrashUsedCapcacity typo; 3.0 is taken here.
    private static final List<String> DORIS_BACKENDS_3 =
            append(replace(DORIS_BACKENDS_2_1, "TrashUsedCapcacity", "TrashUsedCapacity"), "CpuCores", "Memory");

    // [U] read from an older Doris; newer releases were not checked. StarRocks uses it too.
    private static final List<String> STATISTIC = List.of(
            "DbId",
            "DbName",
            "TableNum",
            "PartitionNum",
            "IndexNum",
            "TabletNum",
            "ReplicaNum",
            "UnhealthyTabletNum",
            "InconsistentTabletNum",
            "CloningTabletNum");

    // [U] that 2.5 matches the 3.x source exactly.
    private static final List<String> STARROCKS_FRONTENDS_3 = List.of(
            "Name",
            "IP",
            "EditLogPort",
            "HttpPort",
            "QueryPort",
            "RpcPort",
            "Role",
            "ClusterId",
            "Join",
            "Alive",
            "ReplayedJournalId",
            "LastHeartbeat",
            "IsHelper",
            "ErrMsg",
            "StartTime",
            "Version");

    private static final List<String> STARROCKS_FRONTENDS_4 = prepend("Id", STARROCKS_FRONTENDS_3);

    private static final List<String> STARROCKS_BACKENDS_3_2 = List.of(
            "BackendId",
            "IP",
            "HeartbeatPort",
            "BePort",
            "HttpPort",
            "BrpcPort",
            "LastStartTime",
            "LastHeartbeat",
            "Alive",
            "SystemDecommissioned",
            "ClusterDecommissioned",
            "TabletNum",
            "DataUsedCapacity",
            "AvailCapacity",
            "TotalCapacity",
            "UsedPct",
            "MaxDiskUsedPct",
            "ErrMsg",
            "Version",
            "Status",
            "DataTotalCapacity",
            "DataUsedPct",
            "CpuCores",
            "NumRunningQueries",
            "MemUsedPct",
            "CpuUsedPct",
            "DataCacheMetrics",
            "location");

    // [U] 2.5-3.1 were not read: taken as the 3.2 list without the later DataCacheMetrics and location.
    private static final List<String> STARROCKS_BACKENDS_2_5 = STARROCKS_BACKENDS_3_2.stream()
            .filter(c -> !c.equals("DataCacheMetrics") && !c.equals("location"))
            .toList();

    private static final List<String> STARROCKS_BACKENDS_3_5 = List.of(
            "BackendId",
            "IP",
            "HeartbeatPort",
            "BePort",
            "HttpPort",
            "BrpcPort",
            "LastStartTime",
            "LastHeartbeat",
            "Alive",
            "SystemDecommissioned",
            "ClusterDecommissioned",
            "TabletNum",
            "DataUsedCapacity",
            "AvailCapacity",
            "TotalCapacity",
            "UsedPct",
            "MaxDiskUsedPct",
            "ErrMsg",
            "Version",
            "Status",
            "DataTotalCapacity",
            "DataUsedPct",
            "CpuCores",
            "MemLimit",
            "NumRunningQueries",
            "MemUsedPct",
            "CpuUsedPct",
            "DataCacheMetrics",
            "Location",
            "StatusCode");

    // [U] 2.5 is taken to match 3.0-3.1.
    private static final List<String> STARROCKS_COMPUTE_NODES_3_0 = List.of(
            "ComputeNodeId",
            "IP",
            "HeartbeatPort",
            "BePort",
            "HttpPort",
            "BrpcPort",
            "LastStartTime",
            "LastHeartbeat",
            "Alive",
            "SystemDecommissioned",
            "ClusterDecommissioned",
            "ErrMsg",
            "Version",
            "CpuCores",
            "NumRunningQueries",
            "MemUsedPct",
            "CpuUsedPct",
            "HasStoragePath");

    // [U] from which release on; 3.2 is taken here.
    private static final List<String> STARROCKS_COMPUTE_NODES_3_2 = List.of(
            "ComputeNodeId",
            "IP",
            "HeartbeatPort",
            "BePort",
            "HttpPort",
            "BrpcPort",
            "LastStartTime",
            "LastHeartbeat",
            "Alive",
            "SystemDecommissioned",
            "ClusterDecommissioned",
            "ErrMsg",
            "Version",
            "CpuCores",
            "MemLimit",
            "NumRunningQueries",
            "MemUsedPct",
            "CpuUsedPct",
            "DataCacheMetrics",
            "HasStoragePath",
            "StatusCode");

    private ShowColumns() {}

    /** The {@code SHOW FRONTENDS} columns. */
    public static List<String> frontends(Flavor flavor, Version version) {
        requireNonNull(version, "version");
        if (requireNonNull(flavor, "flavor") == Flavor.DORIS) {
            return before(version, 2, 0)
                    ? DORIS_FRONTENDS_1_2
                    : before(version, 2, 1) ? DORIS_FRONTENDS_2_0 : DORIS_FRONTENDS_2_1;
        }
        return before(version, 4, 0) ? STARROCKS_FRONTENDS_3 : STARROCKS_FRONTENDS_4;
    }

    /** The {@code SHOW BACKENDS} columns. */
    public static List<String> backends(Flavor flavor, Version version) {
        requireNonNull(version, "version");
        if (requireNonNull(flavor, "flavor") == Flavor.DORIS) {
            if (before(version, 2, 0)) {
                return DORIS_BACKENDS_1_2;
            }
            return before(version, 2, 1)
                    ? DORIS_BACKENDS_2_0
                    : before(version, 3, 0) ? DORIS_BACKENDS_2_1 : DORIS_BACKENDS_3;
        }
        // [U] 3.4 was not read; it is taken to match 3.2-3.3.
        return before(version, 3, 2)
                ? STARROCKS_BACKENDS_2_5
                : before(version, 3, 5) ? STARROCKS_BACKENDS_3_2 : STARROCKS_BACKENDS_3_5;
    }

    /**
     * The {@code SHOW COMPUTE NODES} columns (StarRocks, shared-nothing mode).
     *
     * @throws IllegalArgumentException for Doris, which has no such statement
     */
    public static List<String> computeNodes(Flavor flavor, Version version) {
        requireNonNull(version, "version");
        if (requireNonNull(flavor, "flavor") != Flavor.STARROCKS) {
            throw new IllegalArgumentException(
                    "SHOW COMPUTE NODES is a StarRocks statement; a Doris compute node is a BE listed by SHOW BACKENDS");
        }
        return before(version, 3, 2) ? STARROCKS_COMPUTE_NODES_3_0 : STARROCKS_COMPUTE_NODES_3_2;
    }

    /** The {@code SHOW PROC '/statistic'} columns, one row per database plus a {@code Total} row. */
    public static List<String> statistic(Flavor flavor, Version version) {
        requireNonNull(flavor, "flavor");
        requireNonNull(version, "version");
        return STATISTIC;
    }

    private static boolean before(Version version, int major, int minor) {
        return version.major() < major || version.major() == major && version.minor() < minor;
    }

    private static List<String> insertAfter(List<String> columns, String after, String column) {
        List<String> out = new ArrayList<>(columns);
        out.add(out.indexOf(after) + 1, column);
        return List.copyOf(out);
    }

    private static List<String> replace(List<String> columns, String old, String column) {
        return columns.stream().map(c -> c.equals(old) ? column : c).toList();
    }

    private static List<String> append(List<String> columns, String... more) {
        List<String> out = new ArrayList<>(columns);
        out.addAll(List.of(more));
        return List.copyOf(out);
    }

    private static List<String> prepend(String column, List<String> columns) {
        List<String> out = new ArrayList<>();
        out.add(column);
        out.addAll(columns);
        return List.copyOf(out);
    }
}
