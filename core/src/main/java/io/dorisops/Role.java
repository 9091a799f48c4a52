package io.dorisops;

/**
 * What a node does in the cluster. The role decides which scripts start and stop it, which probe
 * judges it, and where it stands in the upgrade order.
 */
public enum Role {
    /** A frontend that votes in master elections; the master is one of them. */
    FE_FOLLOWER,
    /** A frontend that replays metadata but does not vote. */
    FE_OBSERVER,
    /** A backend: stores tablets and runs queries. */
    BE,
    /** A compute node: runs queries, holds no tablet replicas. */
    CN,
    /** A broker process for external storage access. */
    BROKER,
    /** Doris storage-compute decoupled MetaService. */
    META_SERVICE,
    /** Doris storage-compute decoupled Recycler. */
    RECYCLER;

    /** True for followers and observers. */
    public boolean isFrontend() {
        return this == FE_FOLLOWER || this == FE_OBSERVER;
    }

    /** True for nodes the FE heartbeats and lists in SHOW BACKENDS or SHOW COMPUTE NODES. */
    public boolean isBackend() {
        return this == BE || this == CN;
    }

    /** True for the storage-compute decoupled services (MetaService, Recycler). */
    public boolean isMetaService() {
        return this == META_SERVICE || this == RECYCLER;
    }

    /** The name used in topology files: {@code fe_follower}, {@code be}, ... */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
