package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.HostMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /**
     * Tablet health as the master reports it, read by the statement that holds it for the flavor and
     * version ({@link #statement()}): Doris 1.1 and later {@code SHOW PROC
     * '/cluster_health/tablet_health'} (unhealthy = {@code TabletNum - HealthyNum}, broken down by
     * problem and database); StarRocks and Doris before 1.1 {@code SHOW PROC '/statistic'} ({@code
     * UnhealthyTabletNum}, StarRocks also {@code ErrorStateTabletNum}). {@link #replicas()} is the
     * {@code ReplicaNum} of {@code SHOW PROC '/statistic'} in every case.
     *
     * <p>Immutable; build one with {@link #builder(String)}, or {@link #of} for the common case.
     *
     * <pre>{@code
     * TabletHealth health = admin.tabletHealth();
     * if (!health.healthy()) {
     *     log.warn("{}", health.summary()); // 2 of 120 tablets unhealthy: 2 replica missing (db1) (SHOW PROC ...)
     * }
     * }</pre>
     */
    final class TabletHealth {

        /** Why a tablet is not healthy, as the FE classifies it; each names its column. */
        public enum Problem {
            /** {@code ReplicaMissingNum}: fewer alive replicas than the replication, e.g. a BE is down. */
            REPLICA_MISSING("replica missing"),
            /** {@code VersionIncompleteNum}: a replica lacks versions, e.g. after its BE came back. */
            VERSION_INCOMPLETE("version incomplete"),
            /** {@code ReplicaRelocatingNum}: a replica is on a decommissioning BE. */
            REPLICA_RELOCATING("replica relocating"),
            /** {@code RedundantNum}. */
            REDUNDANT("redundant"),
            /** {@code ReplicaMissingInClusterNum} (Doris 1.1/1.2 era). */
            REPLICA_MISSING_IN_CLUSTER("replica missing in cluster"),
            /** {@code ReplicaMissingForTagNum}. */
            REPLICA_MISSING_FOR_TAG("replica missing for tag"),
            /** {@code ForceRedundantNum}. */
            FORCE_REDUNDANT("force redundant"),
            /** {@code ColocateMismatchNum}. */
            COLOCATE_MISMATCH("colocate mismatch"),
            /** {@code ColocateRedundantNum}. */
            COLOCATE_REDUNDANT("colocate redundant"),
            /** {@code NeedFurtherRepairNum}. */
            NEED_FURTHER_REPAIR("need further repair"),
            /** {@code UnrecoverableNum} (Doris before 1.1: {@code BadTabletNum}): no healthy replica left. */
            UNRECOVERABLE("unrecoverable"),
            /** StarRocks {@code ErrorStateTabletNum}: a replica in the error state; counted apart from unhealthy. */
            ERROR_STATE("in error state");

            private final String label;

            Problem(String label) {
                this.label = label;
            }

            /** How {@link TabletHealth#summary()} names it: {@code replica missing}. */
            public String label() {
                return label;
            }
        }

        private final String statement;
        private final long tablets;
        private final long replicas;
        private final long unhealthy;
        private final long inconsistent;
        private final long cloning;
        private final List<String> unhealthyDatabases;
        private final Map<Problem, Long> counts;
        private final Map<Problem, List<String>> databases;

        private TabletHealth(Builder b) {
            this.statement = b.statement;
            this.tablets = b.tablets;
            this.replicas = b.replicas;
            this.unhealthy = b.unhealthy;
            this.inconsistent = b.inconsistent;
            this.cloning = b.cloning;
            this.unhealthyDatabases = List.copyOf(b.unhealthyDatabases);
            this.counts = Collections.unmodifiableMap(new EnumMap<>(b.counts));
            EnumMap<Problem, List<String>> dbs = new EnumMap<>(Problem.class);
            b.databases.forEach((problem, names) -> dbs.put(problem, List.copyOf(names)));
            this.databases = Collections.unmodifiableMap(dbs);
        }

        /** A builder for the health read by {@code statement}, e.g. {@code SHOW PROC '/statistic'}. */
        public static Builder builder(String statement) {
            return new Builder(statement);
        }

        /** The common case: totals only, no breakdown. */
        public static TabletHealth of(String statement, long tablets, long replicas, long unhealthy, long cloning) {
            return builder(statement)
                    .tablets(tablets)
                    .replicas(replicas)
                    .unhealthy(unhealthy)
                    .cloning(cloning)
                    .build();
        }

        /** The statement whose answer this is, as sent: {@code SHOW PROC '/cluster_health/tablet_health'}. */
        public String statement() {
            return statement;
        }

        /** {@code TabletNum} of the total row. */
        public long tablets() {
            return tablets;
        }

        /** {@code ReplicaNum} of the {@code SHOW PROC '/statistic'} total row. */
        public long replicas() {
            return replicas;
        }

        /** Tablets not healthy: Doris {@code TabletNum - HealthyNum}, else {@code UnhealthyTabletNum}. */
        public long unhealthy() {
            return unhealthy;
        }

        /** {@code InconsistentNum} / {@code InconsistentTabletNum}; 0 where the column is absent. */
        public long inconsistent() {
            return inconsistent;
        }

        /** {@code CloningNum} / {@code CloningTabletNum}: clone tasks in flight; 0 where absent. */
        public long cloning() {
            return cloning;
        }

        /** Tablets with a replica missing; 0 where the flavor does not break unhealthy tablets down. */
        public long replicaMissing() {
            return count(Problem.REPLICA_MISSING);
        }

        /** Tablets whose replicas lack versions; 0 where the flavor does not break unhealthy tablets down. */
        public long versionIncomplete() {
            return count(Problem.VERSION_INCOMPLETE);
        }

        /** Tablets without a healthy replica; 0 where the flavor does not say. */
        public long unrecoverable() {
            return count(Problem.UNRECOVERABLE);
        }

        /** StarRocks {@code ErrorStateTabletNum}; 0 elsewhere. */
        public long errorState() {
            return count(Problem.ERROR_STATE);
        }

        /** The count of one problem; 0 when the statement has no such column or none has it. */
        public long count(Problem problem) {
            return counts.getOrDefault(requireNonNull(problem, "problem"), 0L);
        }

        /** Every problem with a non-zero count, in declaration order. */
        public Map<Problem, Long> problems() {
            return counts;
        }

        /** The databases with tablets that have {@code problem}, in the order the FE listed them. */
        public List<String> databases(Problem problem) {
            return databases.getOrDefault(requireNonNull(problem, "problem"), List.of());
        }

        /** Every database with an unhealthy tablet (or one in error state), in the order the FE listed them. */
        public List<String> databases() {
            LinkedHashSet<String> all = new LinkedHashSet<>(unhealthyDatabases);
            databases.values().forEach(all::addAll);
            return List.copyOf(all);
        }

        /**
         * True when no tablet is unhealthy, in error state or being cloned: the upgrade gate. For Doris
         * 1.1 and later that is {@code HealthyNum == TabletNum} and {@code CloningNum == 0}.
         */
        public boolean healthy() {
            return unhealthy == 0 && cloning == 0 && errorState() == 0;
        }

        /**
         * One sentence for messages, naming the statement: {@code 2 of 120 tablets unhealthy: 2 replica
         * missing (db1, db2) (SHOW PROC '/cluster_health/tablet_health')}, or {@code all 120 tablets
         * healthy (SHOW PROC '/statistic')}.
         */
        public String summary() {
            List<String> parts = new ArrayList<>();
            if (unhealthy > 0) {
                List<String> breakdown = new ArrayList<>();
                counts.forEach((problem, count) -> {
                    if (problem != Problem.ERROR_STATE) {
                        breakdown.add(count + " " + problem.label() + names(databases(problem)));
                    }
                });
                parts.add(unhealthy + " of " + tablets + " tablets unhealthy"
                        + (breakdown.isEmpty() ? names(unhealthyDatabases) : ": " + String.join(", ", breakdown)));
            }
            if (errorState() > 0) {
                parts.add(errorState() + " " + Problem.ERROR_STATE.label() + names(databases(Problem.ERROR_STATE)));
            }
            if (cloning > 0) {
                parts.add(cloning + " cloning");
            }
            String text = parts.isEmpty() ? "all " + tablets + " tablets healthy" : String.join("; ", parts);
            return text + " (" + statement + ")";
        }

        private static String names(List<String> names) {
            return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TabletHealth that
                    && statement.equals(that.statement)
                    && tablets == that.tablets
                    && replicas == that.replicas
                    && unhealthy == that.unhealthy
                    && inconsistent == that.inconsistent
                    && cloning == that.cloning
                    && unhealthyDatabases.equals(that.unhealthyDatabases)
                    && counts.equals(that.counts)
                    && databases.equals(that.databases);
        }

        @Override
        public int hashCode() {
            return Objects.hash(statement, tablets, replicas, unhealthy, cloning, counts);
        }

        @Override
        public String toString() {
            return "TabletHealth[" + summary() + ", replicas=" + replicas + ", inconsistent=" + inconsistent + "]";
        }

        /** Builds a {@link TabletHealth}; counts default to 0. Not thread-safe. */
        public static final class Builder {
            private final String statement;
            private long tablets;
            private long replicas;
            private long unhealthy;
            private long inconsistent;
            private long cloning;
            private final List<String> unhealthyDatabases = new ArrayList<>();
            private final Map<Problem, Long> counts = new EnumMap<>(Problem.class);
            private final Map<Problem, List<String>> databases = new EnumMap<>(Problem.class);

            private Builder(String statement) {
                this.statement = requireNonNull(statement, "statement");
            }

            /** {@code TabletNum} of the Total row. */
            public Builder tablets(long tablets) {
                this.tablets = count(tablets, "tablets");
                return this;
            }

            /** {@code ReplicaNum} of the {@code SHOW PROC '/statistic'} Total row. */
            public Builder replicas(long replicas) {
                this.replicas = count(replicas, "replicas");
                return this;
            }

            /** Tablets not healthy: {@code TabletNum - HealthyNum}, or {@code UnhealthyTabletNum}. */
            public Builder unhealthy(long unhealthy) {
                this.unhealthy = count(unhealthy, "unhealthy");
                return this;
            }

            /** {@code InconsistentNum} / {@code InconsistentTabletNum}. */
            public Builder inconsistent(long inconsistent) {
                this.inconsistent = count(inconsistent, "inconsistent");
                return this;
            }

            /** {@code CloningNum} / {@code CloningTabletNum}. */
            public Builder cloning(long cloning) {
                this.cloning = count(cloning, "cloning");
                return this;
            }

            /** Adds a database with unhealthy tablets when the statement does not say why (StarRocks). */
            public Builder unhealthyDatabase(String database) {
                unhealthyDatabases.add(requireNonNull(database, "database"));
                return this;
            }

            /** Adds {@code count} tablets with {@code problem}; a count of 0 is ignored. */
            public Builder problem(Problem problem, long count) {
                requireNonNull(problem, "problem");
                if (count(count, problem.name()) > 0) {
                    counts.merge(problem, count, Long::sum);
                }
                return this;
            }

            /** Names a database that has tablets with {@code problem}. */
            public Builder database(Problem problem, String database) {
                requireNonNull(problem, "problem");
                requireNonNull(database, "database");
                List<String> names = databases.computeIfAbsent(problem, p -> new ArrayList<>());
                if (!names.contains(database)) {
                    names.add(database);
                }
                return this;
            }

            /**
             * Builds the health.
             *
             * @throws IllegalArgumentException when more tablets are unhealthy than there are
             */
            public TabletHealth build() {
                if (unhealthy > tablets) {
                    throw new IllegalArgumentException(
                            unhealthy + " unhealthy tablets of " + tablets + " (" + statement + ")");
                }
                return new TabletHealth(this);
            }

            private static long count(long value, String name) {
                if (value < 0) {
                    throw new IllegalArgumentException(name + " must not be negative, was " + value);
                }
                return value;
            }
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

    @Override
    void close();
}
