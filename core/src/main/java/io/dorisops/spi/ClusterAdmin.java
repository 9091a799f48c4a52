package io.dorisops.spi;

import io.dorisops.BackupRepository;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.TabletPlacement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The SQL control plane of a cluster: membership, versions, tablet health, frontend config. {@code
 * JdbcClusterAdmin} (module jdbc-probe) implements it over the MySQL protocol; it finds the master FE
 * and follows it when it changes.
 *
 * <p>Every host and port is validated before it reaches a statement. Implementations are
 * thread-safe.
 */
public interface ClusterAdmin extends AutoCloseable {

    /** All frontends as the master sees them. */
    List<Frontend> frontends();

    /** All backends as the master sees them (for Doris, compute nodes too, with {@code role=CN}). */
    List<Backend> backends();

    /** StarRocks {@code SHOW COMPUTE NODES}; on Doris, the backends whose {@code NodeRole} is computation. */
    List<Backend> computeNodes();

    /** The current master FE. @throws DorisOpsException when no FE is master (no quorum) */
    Frontend master();

    /** {@code ALTER SYSTEM ADD BACKEND "host:heartbeatPort"}. */
    void addBackend(String host, int heartbeatPort);

    /** {@code ALTER SYSTEM DECOMMISSION BACKEND "host:heartbeatPort"}. */
    void decommissionBackend(String host, int heartbeatPort);

    /** {@code CANCEL DECOMMISSION BACKEND "host:heartbeatPort"}. */
    void cancelDecommission(String host, int heartbeatPort);

    /**
     * Drops a backend with the flavor's forced statement ({@code DROPP BACKEND} on Doris, {@code DROP
     * BACKEND ... FORCE} on StarRocks), which discards the data on it. Mechanics only: whether that is
     * safe is the engine's {@code drop-replicas} gate, run before every drop it does not force.
     */
    void dropBackend(String host, int heartbeatPort);

    /** {@code ALTER SYSTEM ADD COMPUTE NODE} (StarRocks); on Doris a BE whose be.conf says computation. */
    void addComputeNode(String host, int heartbeatPort);

    /** {@code ALTER SYSTEM DROP COMPUTE NODE} (StarRocks); on Doris a forced backend drop. */
    void dropComputeNode(String host, int heartbeatPort);

    /** {@code ALTER SYSTEM ADD FOLLOWER|OBSERVER "host:editLogPort"}. */
    void addFrontend(Role role, String host, int editLogPort);

    /**
     * {@code ALTER SYSTEM DROP FOLLOWER|OBSERVER "host:editLogPort"}; refused for the master and when it
     * would leave the followers without a quorum.
     */
    void dropFrontend(Role role, String host, int editLogPort);

    /** {@code ADMIN SHOW FRONTEND CONFIG LIKE} each key, on the master; keys not found are absent. */
    Map<String, String> frontendConfig(Collection<String> keys);

    /** {@code ADMIN SET FRONTEND CONFIG ("key" = "value")} on the master. */
    void setFrontendConfig(String key, String value);

    /**
     * Every row of {@code ADMIN SHOW FRONTEND CONFIG} on the FE at {@code host:queryPort} (not the
     * master): that FE's own running values, which differ from the master's after a live change on one
     * FE. The config drift report reads each FE this way.
     *
     * @throws UnsupportedOperationException when this admin does not read one FE's config (the default)
     */
    default List<ConfigItem> frontendConfigAt(String host, int queryPort) {
        throw new UnsupportedOperationException(
                "this cluster admin (" + getClass().getSimpleName() + ") does not read one FE's config");
    }

    /**
     * Tablet health from the statement the flavor and version hold it in ({@link
     * TabletHealth#statement()}): Doris 1.1 and later {@code SHOW PROC '/cluster_health/tablet_health'},
     * StarRocks and older Doris {@code SHOW PROC '/statistic'}.
     */
    TabletHealth tabletHealth();

    /** {@code ALTER SYSTEM CREATE IMAGE} (StarRocks, between minor upgrades). */
    void createImage();

    /**
     * The replica facts a safe scale-in decides on ({@link ReplicaFacts}): every backend's tag, tablets
     * and capacity, every partition's replication per tag, the cluster id. A large cluster costs one
     * statement per database and per table ({@code SHOW BACKENDS}, {@code SHOW PROC '/dbs'}, {@code SHOW
     * PROC '/dbs/<dbId>'}, {@code SHOW PARTITIONS FROM db.tbl}), each read in one pass, never one per
     * tablet.
     *
     * @throws UnsupportedOperationException when this admin does not read them (the default; {@code
     *     JdbcClusterAdmin} does)
     */
    default ReplicaFacts replicaFacts() {
        throw new UnsupportedOperationException(getClass().getName()
                + " does not read replica facts; use JdbcClusterAdmin (module dorisops-jdbc-probe)");
    }

    /**
     * Which backends hold each tablet of the partitions in {@code facts} ({@link TabletPlacement}), for the
     * replica-aware batches of a parallel restart: per partition its indexes ({@code SHOW PROC
     * '/dbs/<dbId>/<tableId>/partitions/<partitionId>'}) and per index its replicas ({@code .../<indexId>}:
     * {@code TabletId}, {@code BackendId}), each read in one pass, never one statement per tablet.
     *
     * @throws UnsupportedOperationException when this admin does not read it (the default; {@code
     *     JdbcClusterAdmin} does)
     */
    default TabletPlacement tabletPlacement(ReplicaFacts facts) {
        throw new UnsupportedOperationException(getClass().getName()
                + " does not read the tablet placement; use JdbcClusterAdmin (module dorisops-jdbc-probe)");
    }

    /**
     * Doris {@code ALTER SYSTEM MODIFY BACKEND "host:heartbeatPort" SET ("disable_query" = "true|false",
     * "disable_load" = "true|false")} on the master: with {@code disabled}, the planner reads no replica on
     * the backend and no load is coordinated there (its replicas are still written); without, both are
     * enabled again. Persisted by the master's edit log, so it outlives a master change. Done already is
     * nothing to do; {@link Backend#queryDisabled()} and {@link Backend#loadDisabled()} read it back.
     *
     * @throws UnsupportedOperationException when the flavor has no such statement (StarRocks, whose drain
     *     is the graceful stop itself) or this admin does not send it (the default)
     */
    default void setBackendDisabled(String host, int heartbeatPort, boolean disabled) {
        throw new UnsupportedOperationException(getClass().getName()
                + " does not disable backends; use JdbcClusterAdmin (module dorisops-jdbc-probe) on Doris");
    }

    /**
     * The query fragments a backend runs now, as far as the cluster shows them: Doris the BE's {@code
     * /metrics} gauge {@code doris_be_fragment_instance_count}, StarRocks {@code SHOW BACKENDS} {@code
     * NumRunningQueries} (3.0+, up to a heartbeat old). Empty when the backend does not report it (the
     * default, an older release, a BE that does not answer); the graceful stop waits for what is left.
     */
    default OptionalInt runningQueries(String host, int heartbeatPort) {
        return OptionalInt.empty();
    }

    /** The cluster's {@code ClusterId} as {@code SHOW FRONTENDS} reports it (default: from {@link #replicaFacts()}). */
    default long clusterId() {
        return replicaFacts().clusterId();
    }

    /**
     * {@code CREATE [READ ONLY] REPOSITORY} in the flavor's form ({@code docs/backup.md}); the FE checks
     * that the storage answers and is writable by writing its {@code __repo_info} there. The keys are
     * revealed only into the statement, which messages and logs show masked.
     *
     * @throws UnsupportedOperationException when this admin does not manage backups (the default)
     */
    default void createRepository(BackupRepository repository) {
        throw unsupported("create repositories");
    }

    /** {@code DROP REPOSITORY}: the cluster forgets it; its snapshots stay in the storage. */
    default void dropRepository(String name) {
        throw unsupported("drop repositories");
    }

    /** {@code SHOW REPOSITORIES}. */
    default List<RepositoryInfo> repositories() {
        throw unsupported("list repositories");
    }

    /** {@code SHOW SNAPSHOT ON repo}: the snapshots in a repository; the FE lists them from the storage. */
    default List<BackupSnapshot> snapshots(String repository) {
        throw unsupported("list snapshots");
    }

    /**
     * {@code BACKUP SNAPSHOT db.label TO repo [ON (t1, ...)]}; every table of the database when {@code
     * tables} is empty. The FE refuses a second job of the database while one runs.
     */
    default void submitBackup(String database, String label, String repository, List<String> tables) {
        throw unsupported("submit backups");
    }

    /** {@code SHOW BACKUP FROM db}: the database's recent backup jobs, oldest first. */
    default List<BackupJob> backupJobs(String database) {
        throw unsupported("read backup jobs");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(getClass().getSimpleName() + " does not " + what
                + "; use JdbcClusterAdmin (module dorisops-jdbc-probe)");
    }

    @Override
    void close();
}
