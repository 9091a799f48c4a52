package io.dorisops.testkit.internal.sql;

import static java.util.Objects.requireNonNull;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.sql.ColumnSet.Show;
import java.util.List;

/**
 * The columns the simulated FE answers with, per flavor and version, read from the audited table
 * ({@link ColumnSet}, which names the source of each set). {@code SHOW PROC '/frontends'} and {@code
 * '/backends'} have the same columns as the SHOW statements.
 */
public final class ShowColumns {

    private ShowColumns() {}

    /** The {@code SHOW FRONTENDS} columns. */
    public static List<String> frontends(Flavor flavor, Version version) {
        return columns(Show.FRONTENDS, flavor, version);
    }

    /** The {@code SHOW BACKENDS} columns. */
    public static List<String> backends(Flavor flavor, Version version) {
        return columns(Show.BACKENDS, flavor, version);
    }

    /**
     * The {@code SHOW COMPUTE NODES} columns (StarRocks, shared-nothing mode).
     *
     * @throws IllegalArgumentException for Doris, which has no such statement
     */
    public static List<String> computeNodes(Flavor flavor, Version version) {
        if (requireNonNull(flavor, "flavor") != Flavor.STARROCKS) {
            throw new IllegalArgumentException(
                    "SHOW COMPUTE NODES is a StarRocks statement; a Doris compute node is a BE listed by SHOW BACKENDS");
        }
        return columns(Show.COMPUTE_NODES, flavor, version);
    }

    /**
     * The {@code SHOW PROC '/statistic'} columns, one row per database plus a {@code Total} row: seven
     * on Doris 1.1 and later (no health counts), ten or eleven with the health counts on StarRocks and
     * older Doris.
     */
    public static List<String> statistic(Flavor flavor, Version version) {
        return columns(Show.STATISTIC, flavor, version);
    }

    /**
     * The {@code SHOW PROC '/cluster_health/tablet_health'} columns (Doris 1.1 and later).
     *
     * @throws IllegalArgumentException for StarRocks and Doris before 1.1, which have no such proc
     */
    public static List<String> tabletHealth(Flavor flavor, Version version) {
        return columns(Show.TABLET_HEALTH, flavor, version);
    }

    /** True when the flavor and version have {@code SHOW PROC '/cluster_health/tablet_health'}. */
    public static boolean hasTabletHealth(Flavor flavor, Version version) {
        return ColumnSet.of(Show.TABLET_HEALTH).stream().anyMatch(set -> set.flavor() == flavor && set.covers(version));
    }

    /** The {@code ADMIN SHOW FRONTEND CONFIG} columns. */
    public static List<String> frontendConfig(Flavor flavor, Version version) {
        return columns(Show.FRONTEND_CONFIG, flavor, version);
    }

    /** The {@code SHOW PARTITIONS FROM tbl} columns. */
    public static List<String> partitions(Flavor flavor, Version version) {
        return columns(Show.PARTITIONS, flavor, version);
    }

    /** The {@code SHOW PROC '/dbs'} columns. */
    public static List<String> dbs(Flavor flavor, Version version) {
        return columns(Show.DBS, flavor, version);
    }

    /** The {@code SHOW PROC '/dbs/<dbId>'} columns: the tables of a database. */
    public static List<String> tables(Flavor flavor, Version version) {
        return columns(Show.TABLES, flavor, version);
    }

    /** The {@code SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>'} columns: the indexes. */
    public static List<String> indexes(Flavor flavor, Version version) {
        return columns(Show.INDEXES, flavor, version);
    }

    /** The {@code SHOW PROC '.../partitions/<partitionId>/<indexId>'} columns: one row per replica. */
    public static List<String> tablets(Flavor flavor, Version version) {
        return columns(Show.TABLETS, flavor, version);
    }

    /** The {@code ADMIN SHOW REPLICA STATUS FROM tbl} columns. */
    public static List<String> replicaStatus(Flavor flavor, Version version) {
        return columns(Show.REPLICA_STATUS, flavor, version);
    }

    /** The {@code ADMIN SHOW REPLICA DISTRIBUTION FROM tbl} columns. */
    public static List<String> replicaDistribution(Flavor flavor, Version version) {
        return columns(Show.REPLICA_DISTRIBUTION, flavor, version);
    }

    private static List<String> columns(Show statement, Flavor flavor, Version version) {
        requireNonNull(flavor, "flavor");
        requireNonNull(version, "version");
        return ColumnSet.of(statement, flavor, version).columns();
    }
}
