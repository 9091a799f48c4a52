package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.HostMatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL control plane of a cluster: membership, versions, tablet health, frontend config. {@code
 * JdbcClusterAdmin} (module jdbc-probe) implements it over the MySQL protocol; it finds the master FE
 * and follows it when it changes.
 *
 * <p>Every host and port is validated before it reaches a statement. Implementations are
 * thread-safe.
 */
public interface ClusterAdmin extends AutoCloseable {

    /**
     * One row of {@code SHOW FRONTENDS}, columns read by name.
     *
     * @param name the FE's generated name
     * @param host {@code Host} (Doris 2.0+) or {@code IP}
     * @param role {@link Role#FE_FOLLOWER} (also for the master) or {@link Role#FE_OBSERVER}
     * @param master Doris {@code IsMaster=true} or StarRocks {@code Role=LEADER}
     * @param version empty when the FE did not report one ({@code NULL} in StarRocks)
     */
    record Frontend(
            String name,
            String host,
            int editLogPort,
            int httpPort,
            int queryPort,
            int rpcPort,
            Role role,
            boolean master,
            boolean alive,
            boolean joined,
            long replayedJournalId,
            Optional<Version> version,
            String lastHeartbeat,
            String lastStartTime,
            String errMsg) {
        public Frontend {
            requireNonNull(name, "name");
            requireNonNull(host, "host");
            requireNonNull(role, "role");
            requireNonNull(version, "version");
            requireNonNull(lastHeartbeat, "lastHeartbeat");
            requireNonNull(lastStartTime, "lastStartTime");
            requireNonNull(errMsg, "errMsg");
        }

        /** {@code host:editLogPort}, the address ALTER SYSTEM names an FE by. */
        public String address() {
            return host + ":" + editLogPort;
        }

        /**
         * True when this row is the topology node: same edit log port and the same host, by name or by
         * address (an FE registered by IP matches a topology naming it by host name).
         */
        public boolean matches(Node node) {
            return editLogPort == node.ports().editLogPort() && HostMatch.same(host, node.host());
        }
    }

    /**
     * One row of {@code SHOW BACKENDS} or {@code SHOW COMPUTE NODES}, columns read by name.
     *
     * @param id {@code BackendId} or {@code ComputeNodeId}
     * @param role {@link Role#BE} or {@link Role#CN}
     * @param decommissioning {@code SystemDecommissioned=true}
     * @param tabletNum replicas held; 0 for compute nodes
     */
    record Backend(
            long id,
            String host,
            int heartbeatPort,
            int bePort,
            int httpPort,
            int brpcPort,
            Role role,
            boolean alive,
            boolean decommissioning,
            long tabletNum,
            Optional<Version> version,
            String lastHeartbeat,
            String lastStartTime,
            String errMsg) {
        public Backend {
            requireNonNull(host, "host");
            requireNonNull(role, "role");
            requireNonNull(version, "version");
            requireNonNull(lastHeartbeat, "lastHeartbeat");
            requireNonNull(lastStartTime, "lastStartTime");
            requireNonNull(errMsg, "errMsg");
        }

        /** {@code host:heartbeatPort}, the address ALTER SYSTEM names a backend by. */
        public String address() {
            return host + ":" + heartbeatPort;
        }

        /**
         * True when this row is the topology node: same heartbeat port and the same host, by name or by
         * address.
         */
        public boolean matches(Node node) {
            return heartbeatPort == node.ports().heartbeatPort() && HostMatch.same(host, node.host());
        }
    }

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
     * Drops a backend. Refused while it is alive or holds the last healthy replica of a tablet, unless
     * {@code force}; forced it uses the flavor's statement ({@code DROPP} on Doris, {@code FORCE} on
     * StarRocks), which discards the data on it.
     *
     * @throws PreconditionFailedException when refused
     */
    void dropBackend(String host, int heartbeatPort, boolean force);

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

    /** The cluster's {@code ClusterId} as {@code SHOW FRONTENDS} reports it (default: from {@link #replicaFacts()}). */
    default long clusterId() {
        return replicaFacts().clusterId();
    }

    @Override
    void close();
}
