package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.util.ArrayList;
import java.util.List;

/** The SHOW column sets per flavor and version, as in the reference samples. */
final class ShowColumns {
    static final List<String> STATISTIC = List.of(
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

    private ShowColumns() {}

    static List<String> frontends(Flavor flavor, Version version) {
        if (flavor == Flavor.STARROCKS) {
            List<String> columns = new ArrayList<>(List.of(
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
                    "Version"));
            if (version.major() >= 4) {
                columns.add(0, "Id");
            }
            return columns;
        }
        if (version.major() < 2) {
            return List.of(
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
        }
        List<String> columns = new ArrayList<>(List.of(
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
                "CurrentConnected"));
        if (version.compareTo(Version.of(2, 1, 0)) >= 0) {
            columns.add(columns.indexOf("RpcPort") + 1, "ArrowFlightSqlPort");
        }
        return columns;
    }

    static List<String> backends(Flavor flavor, Version version) {
        if (flavor == Flavor.STARROCKS) {
            if (version.compareTo(Version.of(3, 5, 0)) >= 0) {
                return List.of(
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
            }
            return List.of(
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
        }
        if (version.major() < 2) {
            return List.of(
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
        }
        List<String> columns = new ArrayList<>(List.of(
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
                "NodeRole"));
        if (version.compareTo(Version.of(2, 1, 0)) >= 0) {
            columns.add(columns.indexOf("BrpcPort") + 1, "ArrowFlightSqlPort");
        }
        if (version.major() >= 3) {
            columns.set(columns.indexOf("TrashUsedCapcacity"), "TrashUsedCapacity");
            columns.add("CpuCores");
            columns.add("Memory");
        }
        return columns;
    }

    static List<String> computeNodes(Version version) {
        if (version.compareTo(Version.of(3, 2, 0)) < 0) {
            return List.of(
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
        }
        return List.of(
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
    }
}
