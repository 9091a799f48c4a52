package io.dorisops.testkit.internal.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A statement the simulated FE understands, as {@link StatementParser} reads it. */
public sealed interface Statement {

    /** {@code SHOW FRONTENDS}. */
    record ShowFrontends() implements Statement {}

    /** {@code SHOW BACKENDS}. */
    record ShowBackends() implements Statement {}

    /** {@code SHOW COMPUTE NODES} (StarRocks). */
    record ShowComputeNodes() implements Statement {}

    /** {@code SHOW DATABASES}. */
    record ShowDatabases() implements Statement {}

    /** The directories {@code SHOW PROC} serves here. */
    enum Proc {
        FRONTENDS,
        BACKENDS,
        COMPUTE_NODES,
        STATISTIC,
        /** Doris {@code '/cluster_health/tablet_health'}. */
        TABLET_HEALTH,
        /** {@code '/dbs'} (the databases) or {@code '/dbs/<dbId>'} (its tables). */
        DBS
    }

    /**
     * {@code SHOW PROC '/frontends'}, {@code '/backends'}, {@code '/compute_nodes'} (StarRocks),
     * {@code '/statistic'}, {@code '/statistic/<dbId>'} or Doris {@code '/cluster_health/tablet_health'};
     * a trailing {@code /} is allowed.
     *
     * @param proc the directory
     * @param dbId the database under {@code /statistic}, when given
     */
    record ShowProc(Proc proc, OptionalLong dbId) implements Statement {
        public ShowProc {
            requireNonNull(proc, "proc");
            requireNonNull(dbId, "dbId");
            if (dbId.isPresent() && proc != Proc.STATISTIC && proc != Proc.DBS) {
                throw new IllegalArgumentException("only /statistic and /dbs take a database id, not " + proc);
            }
        }
    }

    /**
     * {@code SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>'} (the indexes of a partition) or
     * {@code .../<indexId>} (the replicas of its tablets).
     */
    record ShowPartitionProc(long dbId, long tableId, long partitionId, OptionalLong indexId) implements Statement {
        public ShowPartitionProc {
            requireNonNull(indexId, "indexId");
        }
    }

    /** What an {@code ALTER SYSTEM ... BACKEND} statement does. */
    enum BackendAction {
        /** {@code ADD BACKEND}. */
        ADD,
        /** {@code DROP BACKEND}: Doris refuses it; StarRocks drops after checking the BE's data. */
        DROP,
        /** Doris {@code DROPP BACKEND} and StarRocks {@code DROP BACKEND ... FORCE}: drop whatever is on it. */
        FORCE_DROP,
        /** {@code DECOMMISSION BACKEND}: drain the tablets, then drop. */
        DECOMMISSION
    }

    /**
     * {@code ALTER SYSTEM ADD|DROP|DROPP|DECOMMISSION BACKEND "h:p"[, ...] [FORCE]}.
     *
     * @param action what to do
     * @param backends the BEs, by host and heartbeat port, at least one
     */
    record AlterBackends(BackendAction action, List<HostPort> backends) implements Statement {
        public AlterBackends {
            requireNonNull(action, "action");
            backends = nonEmpty(backends, "backends");
        }
    }

    /** {@code CANCEL DECOMMISSION BACKEND "h:p"[, ...]}. */
    record CancelDecommission(List<HostPort> backends) implements Statement {
        public CancelDecommission {
            backends = nonEmpty(backends, "backends");
        }
    }

    /** Adding or dropping a node. */
    enum NodeAction {
        ADD,
        DROP
    }

    /** {@code ALTER SYSTEM ADD|DROP COMPUTE NODE "h:p"[, ...]} (StarRocks). */
    record AlterComputeNodes(NodeAction action, List<HostPort> computeNodes) implements Statement {
        public AlterComputeNodes {
            requireNonNull(action, "action");
            computeNodes = nonEmpty(computeNodes, "computeNodes");
        }
    }

    /** The role an added FE takes. */
    enum FrontendRole {
        FOLLOWER,
        OBSERVER
    }

    /** {@code ALTER SYSTEM ADD|DROP FOLLOWER|OBSERVER "h:p"}, by host and edit log port. */
    record AlterFrontend(NodeAction action, FrontendRole role, HostPort frontend) implements Statement {
        public AlterFrontend {
            requireNonNull(action, "action");
            requireNonNull(role, "role");
            requireNonNull(frontend, "frontend");
        }
    }

    /** {@code ALTER SYSTEM CREATE IMAGE}. */
    record CreateImage() implements Statement {}

    /**
     * {@code ADMIN SET FRONTEND CONFIG ("key" = "value")}, or with {@code ALL FRONTENDS} (Doris).
     *
     * @param allFrontends true for {@code ADMIN SET ALL FRONTENDS CONFIG}
     */
    record AdminSetConfig(boolean allFrontends, String key, String value) implements Statement {
        public AdminSetConfig {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
        }
    }

    /** {@code ADMIN SHOW FRONTEND CONFIG [LIKE 'pattern']}; the pattern uses {@code %} and {@code _}. */
    record AdminShowConfig(Optional<String> pattern) implements Statement {
        public AdminShowConfig {
            requireNonNull(pattern, "pattern");
        }
    }

    /**
     * {@code SHOW PARTITIONS FROM [db.]tbl}; names may be in backquotes.
     *
     * @param database empty when the statement names none (the session's database)
     */
    record ShowPartitions(Optional<String> database, String table) implements Statement {
        public ShowPartitions {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
        }
    }

    /** {@code ADMIN SHOW REPLICA DISTRIBUTION FROM [db.]tbl}. */
    record AdminShowReplicaDistribution(Optional<String> database, String table) implements Statement {
        public AdminShowReplicaDistribution {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
        }
    }

    /**
     * {@code ADMIN SHOW REPLICA STATUS FROM [db.]tbl [WHERE STATUS = | != 'OK|DEAD|VERSION_ERROR|...']}.
     *
     * @param status the filter: operator ({@code =} or {@code !=}) and status, empty for none
     */
    record AdminShowReplicaStatus(Optional<String> database, String table, Optional<Condition> status)
            implements Statement {
        public AdminShowReplicaStatus {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
            requireNonNull(status, "status");
        }
    }

    /** {@code SHOW TABLET[S] FROM [db.]tbl}: every replica of the table, as the tablets proc lists them. */
    record ShowTablets(Optional<String> database, String table) implements Statement {
        public ShowTablets {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
        }
    }

    /** {@code SELECT @@[session.]version_comment [LIMIT n]}. */
    record SelectVersionComment() implements Statement {}

    /** {@code SELECT version()}. */
    record SelectVersion() implements Statement {}

    /** {@code SELECT current_version()}: the release version, e.g. {@code 3.3.5-7ef2b4a}. */
    record SelectCurrentVersion() implements Statement {}

    /** {@code SELECT 1}. */
    record SelectOne() implements Statement {}

    /** {@code CREATE DATABASE [IF NOT EXISTS] db}. */
    record CreateDatabase(boolean ifNotExists, String name) implements Statement {
        public CreateDatabase {
            requireNonNull(name, "name");
        }
    }

    /** One column of {@code CREATE TABLE}: its name and its type as written, e.g. {@code VARCHAR(64)}. */
    record ColumnDef(String name, String type) {
        public ColumnDef {
            requireNonNull(name, "name");
            requireNonNull(type, "type");
        }
    }

    /**
     * {@code CREATE TABLE [IF NOT EXISTS] [db.]t (cols) [DUPLICATE KEY(...)] DISTRIBUTED BY HASH(col)
     * [BUCKETS n] [PROPERTIES (...)]}.
     *
     * @param buckets the bucket count, empty when the statement gives none
     * @param properties the properties as written, keys in lower case
     */
    record CreateTable(
            boolean ifNotExists,
            Optional<String> database,
            String table,
            List<ColumnDef> columns,
            List<String> keys,
            String distribution,
            OptionalInt buckets,
            Map<String, String> properties)
            implements Statement {
        public CreateTable {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
            columns = List.copyOf(columns);
            keys = List.copyOf(keys);
            requireNonNull(distribution, "distribution");
            requireNonNull(buckets, "buckets");
            properties = Map.copyOf(properties);
        }
    }

    /** {@code DROP TABLE [IF EXISTS] [db.]t}. */
    record DropTable(boolean ifExists, Optional<String> database, String table) implements Statement {
        public DropTable {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
        }
    }

    /**
     * {@code INSERT INTO [db.]t [(cols)] VALUES (...), (...)}.
     *
     * @param columns the named columns, empty for all in order
     * @param rows each row's values as literals; SQL {@code NULL} is null
     */
    record Insert(Optional<String> database, String table, List<String> columns, List<List<String>> rows)
            implements Statement {
        public Insert {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /** A {@code WHERE column op literal} filter; {@code op} is one of {@code = != <> < <= > >=}. */
    record Condition(String column, String operator, String value) {
        public Condition {
            requireNonNull(column, "column");
            requireNonNull(operator, "operator");
        }
    }

    /**
     * {@code SELECT COUNT(*) | * | cols FROM [db.]t [WHERE col op literal] [LIMIT n]}.
     *
     * @param count true for {@code COUNT(*)}
     * @param columns the selected columns, empty for {@code *} or a count
     */
    record Select(
            Optional<String> database,
            String table,
            boolean count,
            List<String> columns,
            Optional<Condition> where,
            OptionalLong limit)
            implements Statement {
        public Select {
            requireNonNull(database, "database");
            requireNonNull(table, "table");
            columns = List.copyOf(columns);
            requireNonNull(where, "where");
            requireNonNull(limit, "limit");
        }
    }

    /** {@code ALTER SYSTEM MODIFY BACKEND "h:p"[, ...] SET ("key" = "value", ...)}; keys in lower case. */
    record ModifyBackend(List<HostPort> backends, Map<String, String> properties) implements Statement {
        public ModifyBackend {
            backends = nonEmpty(backends, "backends");
            properties = Map.copyOf(properties);
        }
    }

    /**
     * {@code CREATE [READ ONLY] REPOSITORY r WITH S3|BROKER ON LOCATION "..." PROPERTIES (...)}.
     *
     * @param type {@code S3} or {@code BROKER}, upper case
     * @param properties as written (the keys in lower case); they hold credentials: never log them
     */
    record CreateRepository(String name, boolean readOnly, String type, String location, Map<String, String> properties)
            implements Statement {
        public CreateRepository {
            requireNonNull(name, "name");
            requireNonNull(type, "type");
            requireNonNull(location, "location");
            properties = Map.copyOf(properties);
        }

        @Override
        public String toString() {
            return "CreateRepository[" + name + " " + type + " " + location + ", properties " + properties.keySet()
                    + "]";
        }
    }

    /** {@code DROP REPOSITORY r}. */
    record DropRepository(String name) implements Statement {}

    /** {@code SHOW REPOSITORIES}. */
    record ShowRepositories() implements Statement {}

    /** A table of a snapshot statement's {@code ON (...)}, with its restore alias ({@code t AS t2}). */
    record TableRef(String table, Optional<String> alias) {}

    /**
     * {@code BACKUP SNAPSHOT [db.]label TO repo [ON (t, ...)] [PROPERTIES (...)]}, or with {@code restore}
     * {@code RESTORE SNAPSHOT [db.]label FROM repo [ON (t [AS a], ...)] [PROPERTIES (...)]}.
     *
     * @param tables the tables named, empty for every table of the database (backup) or the snapshot
     */
    record SnapshotJob(
            boolean restore,
            Optional<String> database,
            String label,
            String repository,
            List<TableRef> tables,
            Map<String, String> properties)
            implements Statement {
        public SnapshotJob {
            requireNonNull(database, "database");
            tables = List.copyOf(tables);
            properties = Map.copyOf(properties);
        }
    }

    /** {@code SHOW BACKUP|RESTORE [FROM db]}. */
    record ShowSnapshotJobs(boolean restore, Optional<String> database) implements Statement {}

    /** {@code CANCEL BACKUP|RESTORE [FROM db]}. */
    record CancelSnapshotJob(boolean restore, Optional<String> database) implements Statement {}

    /** {@code SHOW SNAPSHOT ON repo [WHERE SNAPSHOT = "x" [AND TIMESTAMP = "t"]]}. */
    record ShowSnapshot(String repository, Optional<String> snapshot, Optional<String> timestamp)
            implements Statement {}

    private static List<HostPort> nonEmpty(List<HostPort> list, String name) {
        List<HostPort> copy = List.copyOf(requireNonNull(list, name));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(name + " must name at least one node");
        }
        return copy;
    }
}
