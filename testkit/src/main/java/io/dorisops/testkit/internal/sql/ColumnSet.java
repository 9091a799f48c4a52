package io.dorisops.testkit.internal.sql;

import static java.util.Objects.requireNonNull;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The audited table: the columns each statement answers with, per flavor and release range, and the
 * source file they were read from (the rows of {@code docs/testkit-sql.md}). The simulated FE answers
 * from it ({@link ShowColumns}); the jdbc-probe tests build their canned result sets from it, never
 * from the simulated FE, so a wrong fact in the SDK fails a test instead of being mirrored.
 *
 * <p>Ranges are half-open, {@code [from, until)}. Shared-data-only columns are left out. The mark says
 * how sure the row is: {@code V} read in source, {@code E} seen in real output, {@code D} official docs,
 * {@code U} not verified (the version boundary or the list itself): code must accept both shapes.
 */
public enum ColumnSet {
    DORIS_FRONTENDS_1_2(
            Show.FRONTENDS,
            Flavor.DORIS,
            "0.0.0",
            "2.0.0",
            "U",
            "doris-website versioned_docs/version-1.2 SHOW-FRONTENDS.md (not read in source)",
            "Name, IP, EditLogPort, HttpPort, QueryPort, RpcPort, Role, IsMaster, ClusterId, Join, Alive,"
                    + " ReplayedJournalId, LastHeartbeat, IsHelper, ErrMsg, Version, CurrentConnected"),
    DORIS_FRONTENDS_2_0(
            Show.FRONTENDS,
            Flavor.DORIS,
            "2.0.0",
            "2.1.0",
            "E",
            "apache/doris PR #21844 output; LastStartTime in every 2.0.x is [U]",
            "Name, Host, EditLogPort, HttpPort, QueryPort, RpcPort, Role, IsMaster, ClusterId, Join, Alive,"
                    + " ReplayedJournalId, LastStartTime, LastHeartbeat, IsHelper, ErrMsg, Version, CurrentConnected"),
    DORIS_FRONTENDS_2_1(
            Show.FRONTENDS,
            Flavor.DORIS,
            "2.1.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/FrontendsProcNode.java@128aced6",
            "Name, Host, EditLogPort, HttpPort, QueryPort, RpcPort, ArrowFlightSqlPort, Role, IsMaster, ClusterId,"
                    + " Join, Alive, ReplayedJournalId, LastStartTime, LastHeartbeat, IsHelper, ErrMsg, Version,"
                    + " CurrentConnected"),
    STARROCKS_FRONTENDS_3(
            Show.FRONTENDS,
            Flavor.STARROCKS,
            "0.0.0",
            "4.0.0",
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/FrontendsProcNode.java@4ad31e8f"
                    + " (2.5 branch [U])",
            "Name, IP, EditLogPort, HttpPort, QueryPort, RpcPort, Role, ClusterId, Join, Alive, ReplayedJournalId,"
                    + " LastHeartbeat, IsHelper, ErrMsg, StartTime, Version"),
    STARROCKS_FRONTENDS_4(
            Show.FRONTENDS,
            Flavor.STARROCKS,
            "4.0.0",
            null,
            "E",
            "docs.starrocks.io SHOW_FRONTENDS (leading Id); release boundary [U]",
            "Id, Name, IP, EditLogPort, HttpPort, QueryPort, RpcPort, Role, ClusterId, Join, Alive,"
                    + " ReplayedJournalId, LastHeartbeat, IsHelper, ErrMsg, StartTime, Version"),
    DORIS_BACKENDS_1_2(
            Show.BACKENDS,
            Flavor.DORIS,
            "0.0.0",
            "2.0.0",
            "U",
            "apache/doris PR #13086 (information_schema.backends) + doris-website version-1.2 SHOW-BACKENDS.md;"
                    + " order [U]",
            "BackendId, Cluster, IP, HeartbeatPort, BePort, HttpPort, BrpcPort, LastStartTime, LastHeartbeat,"
                    + " Alive, SystemDecommissioned, ClusterDecommissioned, TabletNum, DataUsedCapacity,"
                    + " AvailCapacity, TotalCapacity, UsedPct, MaxDiskUsedPct, RemoteUsedCapacity, Tag, ErrMsg,"
                    + " Version, Status, HeartbeatFailureCounter, NodeRole"),
    DORIS_BACKENDS_2_0(
            Show.BACKENDS,
            Flavor.DORIS,
            "2.0.0",
            "2.1.0",
            "E",
            "datavane/tis issue #285 (doris-2.0.2) + apache/doris BackendsProcDir.java",
            "BackendId, Host, HeartbeatPort, BePort, HttpPort, BrpcPort, LastStartTime, LastHeartbeat, Alive,"
                    + " SystemDecommissioned, TabletNum, DataUsedCapacity, TrashUsedCapcacity, AvailCapacity,"
                    + " TotalCapacity, UsedPct, MaxDiskUsedPct, RemoteUsedCapacity, Tag, ErrMsg, Version, Status,"
                    + " HeartbeatFailureCounter, NodeRole"),
    DORIS_BACKENDS_2_1(
            Show.BACKENDS,
            Flavor.DORIS,
            "2.1.0",
            "3.0.0",
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/BackendsProcDir.java@4dbbd21d",
            "BackendId, Host, HeartbeatPort, BePort, HttpPort, BrpcPort, ArrowFlightSqlPort, LastStartTime,"
                    + " LastHeartbeat, Alive, SystemDecommissioned, TabletNum, DataUsedCapacity, TrashUsedCapcacity,"
                    + " AvailCapacity, TotalCapacity, UsedPct, MaxDiskUsedPct, RemoteUsedCapacity, Tag, ErrMsg,"
                    + " Version, Status, HeartbeatFailureCounter, NodeRole"),
    DORIS_BACKENDS_3(
            Show.BACKENDS,
            Flavor.DORIS,
            "3.0.0",
            null,
            "U",
            "apache/doris-operator:pkg/common/utils/mysql/doris.go@c418a18 (Backend struct); the release that"
                    + " fixed TrashUsedCapcacity [U]",
            "BackendId, Host, HeartbeatPort, BePort, HttpPort, BrpcPort, ArrowFlightSqlPort, LastStartTime,"
                    + " LastHeartbeat, Alive, SystemDecommissioned, TabletNum, DataUsedCapacity, TrashUsedCapacity,"
                    + " AvailCapacity, TotalCapacity, UsedPct, MaxDiskUsedPct, RemoteUsedCapacity, Tag, ErrMsg,"
                    + " Version, Status, HeartbeatFailureCounter, NodeRole, CpuCores, Memory"),
    STARROCKS_BACKENDS_2_5(
            Show.BACKENDS,
            Flavor.STARROCKS,
            "0.0.0",
            "3.2.0",
            "U",
            "not read: the 3.2 list without DataCacheMetrics and location",
            "BackendId, IP, HeartbeatPort, BePort, HttpPort, BrpcPort, LastStartTime, LastHeartbeat, Alive,"
                    + " SystemDecommissioned, ClusterDecommissioned, TabletNum, DataUsedCapacity, AvailCapacity,"
                    + " TotalCapacity, UsedPct, MaxDiskUsedPct, ErrMsg, Version, Status, DataTotalCapacity,"
                    + " DataUsedPct, CpuCores, NumRunningQueries, MemUsedPct, CpuUsedPct"),
    STARROCKS_BACKENDS_3_2(
            Show.BACKENDS,
            Flavor.STARROCKS,
            "3.2.0",
            "3.5.0",
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/BackendsProcDir.java@226b3c7c"
                    + " (3.4 [U])",
            "BackendId, IP, HeartbeatPort, BePort, HttpPort, BrpcPort, LastStartTime, LastHeartbeat, Alive,"
                    + " SystemDecommissioned, ClusterDecommissioned, TabletNum, DataUsedCapacity, AvailCapacity,"
                    + " TotalCapacity, UsedPct, MaxDiskUsedPct, ErrMsg, Version, Status, DataTotalCapacity,"
                    + " DataUsedPct, CpuCores, NumRunningQueries, MemUsedPct, CpuUsedPct, DataCacheMetrics, location"),
    STARROCKS_BACKENDS_3_5(
            Show.BACKENDS,
            Flavor.STARROCKS,
            "3.5.0",
            null,
            "E",
            "docs.starrocks.io SHOW_BACKENDS (3.5/4.x)",
            "BackendId, IP, HeartbeatPort, BePort, HttpPort, BrpcPort, LastStartTime, LastHeartbeat, Alive,"
                    + " SystemDecommissioned, ClusterDecommissioned, TabletNum, DataUsedCapacity, AvailCapacity,"
                    + " TotalCapacity, UsedPct, MaxDiskUsedPct, ErrMsg, Version, Status, DataTotalCapacity,"
                    + " DataUsedPct, CpuCores, MemLimit, NumRunningQueries, MemUsedPct, CpuUsedPct, DataCacheMetrics,"
                    + " Location, StatusCode"),
    STARROCKS_COMPUTE_NODES_3_0(
            Show.COMPUTE_NODES,
            Flavor.STARROCKS,
            "0.0.0",
            "3.2.0",
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/ComputeNodeProcDir.java (older"
                    + " revision; 2.5 and the 3.2 boundary [U])",
            "ComputeNodeId, IP, HeartbeatPort, BePort, HttpPort, BrpcPort, LastStartTime, LastHeartbeat, Alive,"
                    + " SystemDecommissioned, ClusterDecommissioned, ErrMsg, Version, CpuCores, NumRunningQueries,"
                    + " MemUsedPct, CpuUsedPct, HasStoragePath"),
    STARROCKS_COMPUTE_NODES_3_2(
            Show.COMPUTE_NODES,
            Flavor.STARROCKS,
            "3.2.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/ComputeNodeProcDir.java@a4ccb942"
                    + " (3.2 boundary [U])",
            "ComputeNodeId, IP, HeartbeatPort, BePort, HttpPort, BrpcPort, LastStartTime, LastHeartbeat, Alive,"
                    + " SystemDecommissioned, ClusterDecommissioned, ErrMsg, Version, CpuCores, MemLimit,"
                    + " NumRunningQueries, MemUsedPct, CpuUsedPct, DataCacheMetrics, HasStoragePath, StatusCode"),
    DORIS_STATISTIC_1_0(
            Show.STATISTIC,
            Flavor.DORIS,
            "0.0.0",
            "1.1.0",
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/StatisticProcDir.java@eb26a9f4"
                    + " (a later pre-1.1 revision @008ad4dc adds BadTabletNum, CompactionTooSlowTabletNum,"
                    + " OversizeTabletNum; release [U])",
            "DbId, DbName, TableNum, PartitionNum, IndexNum, TabletNum, ReplicaNum, UnhealthyTabletNum,"
                    + " InconsistentTabletNum, CloningTabletNum"),
    DORIS_STATISTIC(
            Show.STATISTIC,
            Flavor.DORIS,
            "1.1.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/StatisticProcNode.java@088ac24b"
                    + " (health moved out by PR #8324, 2022-03; first release 1.1 [I])",
            "DbId, DbName, TableNum, PartitionNum, IndexNum, TabletNum, ReplicaNum"),
    STARROCKS_STATISTIC_2_5(
            Show.STATISTIC,
            Flavor.STARROCKS,
            "0.0.0",
            "2.5.5",
            "D",
            "StarRocks release notes 2.5.5 (ErrorStateTabletNum added)",
            "DbId, DbName, TableNum, PartitionNum, IndexNum, TabletNum, ReplicaNum, UnhealthyTabletNum,"
                    + " InconsistentTabletNum, CloningTabletNum"),
    STARROCKS_STATISTIC(
            Show.STATISTIC,
            Flavor.STARROCKS,
            "2.5.5",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/StatisticProcDir.java@039e00c8",
            "DbId, DbName, TableNum, PartitionNum, IndexNum, TabletNum, ReplicaNum, UnhealthyTabletNum,"
                    + " InconsistentTabletNum, CloningTabletNum, ErrorStateTabletNum"),
    DORIS_TABLET_HEALTH_1_1(
            Show.TABLET_HEALTH,
            Flavor.DORIS,
            "1.1.0",
            "2.0.0",
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/TabletHealthProcDir.java@039721b8"
                    + " (Catalog era; added by PR #8324, 2022-03; first release 1.1 [I])",
            "DbId, DbName, TabletNum, HealthyNum, ReplicaMissingNum, VersionIncompleteNum, ReplicaRelocatingNum,"
                    + " RedundantNum, ReplicaMissingInClusterNum, ReplicaMissingForTagNum, ForceRedundantNum,"
                    + " ColocateMismatchNum, ColocateRedundantNum, NeedFurtherRepairNum, UnrecoverableNum,"
                    + " ReplicaCompactionTooSlowNum, InconsistentNum, OversizeNum, CloningNum"),
    DORIS_TABLET_HEALTH(
            Show.TABLET_HEALTH,
            Flavor.DORIS,
            "2.0.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/TabletHealthProcDir.java@c0a217f5"
                    + " (no ReplicaMissingInClusterNum: cluster removed from the tablet scheduler by PR #19842,"
                    + " 2023-05, which 2.0 has as its SHOW BACKENDS lacks Cluster; the 2.1 docs still show the"
                    + " old column)",
            "DbId, DbName, TabletNum, HealthyNum, ReplicaMissingNum, VersionIncompleteNum, ReplicaRelocatingNum,"
                    + " RedundantNum, ReplicaMissingForTagNum, ForceRedundantNum, ColocateMismatchNum,"
                    + " ColocateRedundantNum, NeedFurtherRepairNum, UnrecoverableNum, ReplicaCompactionTooSlowNum,"
                    + " InconsistentNum, OversizeNum, CloningNum"),
    DORIS_FRONTEND_CONFIG(
            Show.FRONTEND_CONFIG,
            Flavor.DORIS,
            "0.0.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/analysis/ShowConfigStmt.java (FE_TITLE_NAMES)"
                    + " and nereids/trees/plans/commands/ShowConfigCommand.java",
            "Key, Value, Type, IsMutable, MasterOnly, Comment"),
    STARROCKS_FRONTEND_CONFIG(
            Show.FRONTEND_CONFIG,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/sql/ast/AdminShowConfigStmt.java (first"
                    + " release with AliasNames [U])",
            "Key, AliasNames, Value, Type, IsMutable, Comment"),
    DORIS_REPLICA_DISTRIBUTION(
            Show.REPLICA_DISTRIBUTION,
            Flavor.DORIS,
            "0.0.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/analysis/AdminShowReplicaDistributionStmt.java;"
                    + " newer nereids ShowReplicaDistributionCommand.java appends CloudClusterName, CloudClusterId"
                    + " (release [U])",
            "BackendId, ReplicaNum, ReplicaSize, NumGraph, NumPercent, SizeGraph, SizePercent"),
    STARROCKS_REPLICA_DISTRIBUTION(
            Show.REPLICA_DISTRIBUTION,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/sql/ast/AdminShowReplicaDistributionStmt.java",
            "BackendId, ReplicaNum, Graph, Percent"),
    DORIS_REPLICA_STATUS(
            Show.REPLICA_STATUS,
            Flavor.DORIS,
            "0.0.0",
            null,
            "I",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/analysis/ShowReplicaStatusStmt.java and nereids"
                    + " ShowReplicaStatusCommand.java (IsUserDrop; older releases' column after IsBad [U])",
            "TabletId, ReplicaId, BackendId, Version, LastFailedVersion, LastSuccessVersion, CommittedVersion,"
                    + " SchemaHash, VersionNum, IsBad, IsUserDrop, State, Status"),
    STARROCKS_REPLICA_STATUS(
            Show.REPLICA_STATUS,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/sql/ast/AdminShowReplicaStatusStmt.java",
            "TabletId, ReplicaId, BackendId, Version, LastFailedVersion, LastSuccessVersion, CommittedVersion,"
                    + " SchemaHash, VersionNum, IsBad, IsSetBadForce, State, Status"),
    DORIS_PARTITIONS_2_0(
            Show.PARTITIONS,
            Flavor.DORIS,
            "0.0.0",
            "2.1.0",
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/PartitionsProcDir.java (2.0-era"
                    + " revision; release [U])",
            "PartitionId, PartitionName, VisibleVersion, VisibleVersionTime, State, PartitionKey, Range,"
                    + " DistributionKey, Buckets, ReplicationNum, StorageMedium, CooldownTime, RemoteStoragePolicy,"
                    + " LastConsistencyCheckTime, DataSize, IsInMemory, ReplicaAllocation, IsMutable"),
    DORIS_PARTITIONS_2_1(
            Show.PARTITIONS,
            Flavor.DORIS,
            "2.1.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/PartitionsProcDir.java (2.1/3.0;"
                    + " newer add CommittedVersion, RowCount; releases [U])",
            "PartitionId, PartitionName, VisibleVersion, VisibleVersionTime, State, PartitionKey, Range,"
                    + " DistributionKey, Buckets, ReplicationNum, StorageMedium, CooldownTime, RemoteStoragePolicy,"
                    + " LastConsistencyCheckTime, DataSize, IsInMemory, ReplicaAllocation, IsMutable,"
                    + " SyncWithBaseTables, UnsyncTables"),
    STARROCKS_PARTITIONS(
            Show.PARTITIONS,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/PartitionsProcDir.java"
                    + " (shared-nothing; Range or List by partitioning)",
            "PartitionId, PartitionName, VisibleVersion, VisibleVersionTime, VisibleVersionHash, State,"
                    + " PartitionKey, Range, DistributionKey, Buckets, ReplicationNum, StorageMedium, CooldownTime,"
                    + " LastConsistencyCheckTime, DataSize, IsInMemory, RowCount"),
    DORIS_DBS(
            Show.DBS,
            Flavor.DORIS,
            "0.0.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/DbsProcDir.java (an older"
                    + " revision @0a64bb47 ends at ReplicaQuota; releases [U])",
            "DbId, DbName, TableNum, Size, Quota, LastConsistencyCheckTime, ReplicaCount, ReplicaQuota,"
                    + " RunningTransactionNum, TransactionQuota, LastUpdateTime"),
    STARROCKS_DBS(
            Show.DBS,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/DbsProcDir.java (GlobalStateMgr"
                    + " revision)",
            "DbId, DbName, TableNum, Quota, LastConsistencyCheckTime, ReplicaQuota"),
    DORIS_TABLES(
            Show.TABLES,
            Flavor.DORIS,
            "0.0.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/TablesProcDir.java@088ac24b (Type"
                    + " is the TableType name, OLAP for internal tables; later columns [U])",
            "TableId, TableName, IndexNum, PartitionColumnName, PartitionNum, State, Type, LastConsistencyCheckTime,"
                    + " ReplicaCount"),
    STARROCKS_TABLES(
            Show.TABLES,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/TablesProcDir.java (older"
                    + " revisions end at ReplicaCount; release [U])",
            "TableId, TableName, IndexNum, PartitionColumnName, PartitionNum, State, Type, LastConsistencyCheckTime,"
                    + " ReplicaCount, PartitionType, StoragePath"),
    DORIS_INDEXES(
            Show.INDEXES,
            Flavor.DORIS,
            "0.0.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/IndicesProcDir.java@08a71144",
            "IndexId, IndexName, State, LastConsistencyCheckTime"),
    STARROCKS_INDEXES(
            Show.INDEXES,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/IndicesProcDir.java@039e00c8"
                    + " (newer revisions look the partition up as a physical partition id [U])",
            "IndexId, IndexName, State, LastConsistencyCheckTime"),
    DORIS_TABLETS(
            Show.TABLETS,
            Flavor.DORIS,
            "0.0.0",
            null,
            "V",
            "apache/doris:fe/fe-core/src/main/java/org/apache/doris/common/proc/TabletsProcDir.java@00621114"
                    + " (master; the columns after BackendId differ by release [U]; cloud mode adds PrimaryBackendId;"
                    + " a tablet without replicas is one row with BackendId -1)",
            "TabletId, ReplicaId, BackendId, SchemaHash, Version, LstSuccessVersion, LstFailedVersion,"
                    + " LstFailedTime, LocalDataSize, RemoteDataSize, RowCount, State, LstConsistencyCheckTime,"
                    + " CheckVersion, VisibleVersionCount, VersionCount, QueryHits, WindowAccessCount,"
                    + " LastAccessTime, PathHash, Path, MetaUrl, CompactionStatus, CooldownReplicaId, CooldownMetaId"),
    STARROCKS_TABLETS(
            Show.TABLETS,
            Flavor.STARROCKS,
            "0.0.0",
            null,
            "V",
            "StarRocks/starrocks:fe/fe-core/src/main/java/com/starrocks/common/proc/LocalTabletsProcDir.java@0393430c"
                    + " (shared-nothing; a tablet without replicas is one row with BackendId -1)",
            "TabletId, ReplicaId, BackendId, SchemaHash, Version, VersionHash, LstSuccessVersion,"
                    + " LstSuccessVersionHash, LstFailedVersion, LstFailedVersionHash, LstFailedTime, DataSize,"
                    + " RowCount, State, LstConsistencyCheckTime, CheckVersion, CheckVersionHash, VersionCount,"
                    + " PathHash, MetaUrl, CompactionStatus");

    /** The statements of the table. */
    public enum Show {
        FRONTENDS("SHOW FRONTENDS"),
        BACKENDS("SHOW BACKENDS"),
        COMPUTE_NODES("SHOW COMPUTE NODES"),
        STATISTIC("SHOW PROC '/statistic'"),
        TABLET_HEALTH("SHOW PROC '/cluster_health/tablet_health'"),
        FRONTEND_CONFIG("ADMIN SHOW FRONTEND CONFIG"),
        REPLICA_DISTRIBUTION("ADMIN SHOW REPLICA DISTRIBUTION FROM tbl"),
        REPLICA_STATUS("ADMIN SHOW REPLICA STATUS FROM tbl"),
        PARTITIONS("SHOW PARTITIONS FROM tbl"),
        DBS("SHOW PROC '/dbs'"),
        TABLES("SHOW PROC '/dbs/<dbId>'"),
        INDEXES("SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>'"),
        TABLETS("SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>/<indexId>'");

        private final String text;

        Show(String text) {
            this.text = text;
        }

        /** The statement as sent. */
        public String text() {
            return text;
        }
    }

    private final Show statement;
    private final Flavor flavor;
    private final Version from;
    private final Version until;
    private final String mark;
    private final String source;
    private final List<String> columns;

    ColumnSet(Show statement, Flavor flavor, String from, String until, String mark, String source, String columns) {
        this.statement = statement;
        this.flavor = flavor;
        this.from = Version.parse(from);
        this.until = until == null ? null : Version.parse(until);
        this.mark = mark;
        this.source = source;
        this.columns = Arrays.stream(columns.split(",")).map(String::trim).toList();
    }

    public Show statement() {
        return statement;
    }

    public Flavor flavor() {
        return flavor;
    }

    /** The first release with these columns. */
    public Version from() {
        return from;
    }

    /** The first release without them; empty while current. */
    public Optional<Version> until() {
        return Optional.ofNullable(until);
    }

    /** {@code V}, {@code E}, {@code D} or {@code U} (see the class comment). */
    public String mark() {
        return mark;
    }

    /** Where the columns were read: {@code repo:path@commit} and notes. */
    public String source() {
        return source;
    }

    public List<String> columns() {
        return columns;
    }

    /** True when {@code version} (compared by its release number) is in {@code [from, until)}. */
    public boolean covers(Version version) {
        requireNonNull(version, "version");
        // By the release number only: a release candidate of X.Y.0 has X.Y.0's columns.
        Version release = new Version(
                version.major(), version.minor(), version.patch(), version.hotfix(), "", "", version.number());
        return release.compareTo(from) >= 0 && (until == null || release.compareTo(until) < 0);
    }

    /**
     * The set a statement answers with on a flavor and version.
     *
     * @throws IllegalArgumentException when the flavor has no such statement
     */
    public static ColumnSet of(Show statement, Flavor flavor, Version version) {
        return Arrays.stream(values())
                .filter(set -> set.statement == statement && set.flavor == flavor && set.covers(version))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        flavor.key() + " " + version + " has no " + statement.text() + " in the audited table"));
    }

    /** Every set of one statement, oldest first per flavor. */
    public static List<ColumnSet> of(Show statement) {
        return Arrays.stream(values()).filter(set -> set.statement == statement).toList();
    }
}
