package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.SqlError;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The errors of the data statements, with the codes, SQL states and texts of the real FE ({@code
 * ErrorCode} in both FEs: {@code ERR_BAD_DB_ERROR(1049, "42000", "Unknown database '%s'")}, {@code
 * ERR_NO_DB_ERROR(1046, "3D000", ...)}, {@code ERR_TABLE_EXISTS_ERROR(1050, "42S01", ...)}, ...). Doris
 * prefixes every message with {@code errCode = N, detailMessage = } ({@code UserException.getMessage});
 * StarRocks sends the text alone [U: the StarRocks code of a runtime load or query error].
 */
final class DataErrors {
    private final Flavor flavor;
    private final boolean nereids;

    DataErrors(Flavor flavor, Version version) {
        this.flavor = flavor;
        // Doris 2.1 plans every query with Nereids, whose binder words a missing table its own way.
        this.nereids = flavor == Flavor.DORIS && version.compareTo(Version.of(2, 1, 0)) >= 0;
    }

    SqlError unknownDatabase(String db) {
        return error(1049, "42000", 2, "Unknown database '" + db + "'");
    }

    SqlError noDatabase() {
        return error(1046, "3D000", 2, "No database selected");
    }

    SqlError databaseExists(String db) {
        return error(1007, "HY000", 2, "Can't create database '" + db + "'; database exists");
    }

    SqlError tableExists(String table) {
        return error(1050, "42S01", 2, "Table '" + table + "' already exists");
    }

    /** A query or load naming a table that does not exist. */
    SqlError unknownTable(String db, String table) {
        if (nereids) {
            // Nereids BindRelation / RelationUtil: "Table [t] does not exist in database [d]."
            return error(1105, "HY000", 2, "Table [" + table + "] does not exist in database [" + db + "].");
        }
        return error(1051, "42S02", 2, "Unknown table '" + table + "'");
    }

    /** {@code DROP TABLE} of a table that does not exist: {@code ERR_UNKNOWN_TABLE} [I: the DDL path's code]. */
    SqlError unknownTableToDrop(String db, String table) {
        return error(1109, "42S02", 2, "Unknown table '" + table + "' in " + db);
    }

    SqlError unknownColumn(String column) {
        return error(1054, "42S22", 2, "Unknown column '" + column + "' in 'table list'");
    }

    /** A bad data statement that parsed: the flavor's plain analysis error. */
    SqlError analysis(String detail) {
        return error(1105, "HY000", 2, detail);
    }

    /**
     * Too few alive replicas to plan a load. Doris {@code OlapTableSink.createLocation}: {@code "tablet " +
     * tablet.getId() + " alive replica num " + n + " < load required replica num " + q + ", alive backends:
     * [" + ... + "]"} ({@code InternalErrorCode.REPLICA_FEW_ERR} = 3); StarRocks {@code "Tablet lost
     * replicas. Check if any backend is down or not. tablet_id: " + id + ", backends: " + ...}.
     */
    SqlError replicaFew(long tablet, Collection<Long> alive, int quorum, Collection<Long> all) {
        if (flavor == Flavor.DORIS) {
            return error(
                    1105,
                    "HY000",
                    3,
                    "tablet " + tablet + " alive replica num " + alive.size() + " < load required replica num " + quorum
                            + ", alive backends: [" + join(alive) + "]");
        }
        return error(
                1105,
                "HY000",
                0,
                "Tablet lost replicas. Check if any backend is down or not. tablet_id: " + tablet + ", backends: "
                        + join(all));
    }

    /**
     * Too few replicas wrote a load: Doris {@code TabletQuorumFailedException} ({@code "Failed to commit txn
     * %s. Tablet [%s] success replica num %s is less than quorum replica num %s while error backends %s"}).
     */
    SqlError quorumFailed(long txn, long tablet, int success, int quorum, Collection<Long> failed) {
        return error(
                1105,
                "HY000",
                2,
                "Failed to commit txn " + txn + ". Tablet [" + tablet + "] success replica num " + success
                        + " is less than quorum replica num " + quorum + " while error backends " + join(failed));
    }

    /**
     * No replica of a tablet can be read: Doris {@code OlapScanNode}: {@code "Failed to get scan range, no
     * queryable replica found in tablet: " + tabletId}.
     */
    SqlError noQueryableReplica(long tablet) {
        return error(1105, "HY000", 2, "Failed to get scan range, no queryable replica found in tablet: " + tablet);
    }

    /**
     * Every complete replica is on a backend that is down or refuses queries: Doris {@code
     * SystemInfoService.NO_SCAN_NODE_BACKEND_AVAILABLE_MSG} ("There is no scanNode Backend available.") with
     * {@code [id: not alive]}; StarRocks {@code "Backend node not found. Check if any backend node is down."}.
     */
    SqlError noScanBackend(Collection<Long> backends) {
        if (flavor == Flavor.DORIS) {
            return error(
                    1105,
                    "HY000",
                    2,
                    "There is no scanNode Backend available.["
                            + backends.stream().map(id -> id + ": not alive").collect(Collectors.joining(", ")) + "]");
        }
        return error(1064, "HY000", 0, "Backend node not found. Check if any backend node is down.");
    }

    /**
     * A backend stopped while it ran the query: StarRocks {@code ERR_QUERY_CANCELLED_BY_CRASH(5077, "XX000",
     * "Query cancelled by crash of backends.")}; Doris [U: the text of a fragment RPC failure varies by
     * release; the sandbox names the backend and the RPC failure].
     */
    SqlError backendStopped(long backend, String host, String cause) {
        if (flavor == Flavor.STARROCKS) {
            return new SqlError(5077, "XX000", "Query cancelled by crash of backends.");
        }
        return error(1105, "HY000", 2, "Backend " + backend + " (" + host + ") is down: " + cause);
    }

    private SqlError error(int code, String state, int errCode, String text) {
        return new SqlError(
                code, state, flavor == Flavor.DORIS ? "errCode = " + errCode + ", detailMessage = " + text : text);
    }

    private static String join(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
