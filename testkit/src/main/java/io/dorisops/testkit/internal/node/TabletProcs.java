package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.node.TabletStates.Status;
import io.dorisops.testkit.internal.sql.ShowColumns;
import io.dorisops.testkit.internal.sql.StatementParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The tablet procs of a simulated FE, answered from its catalog and what it knows of the backends, with
 * exactly the columns of the audited table ({@link ShowColumns}): {@code SHOW PROC '/statistic'} (seven
 * columns on Doris 1.1 and later, the health counts on StarRocks and older Doris) and Doris {@code SHOW
 * PROC '/cluster_health/tablet_health'}. The sandbox has one database, {@code sandbox_db} (id 10002),
 * with one table of one partition; each answer ends with the {@code Total} row, whose {@code DbName}
 * holds the number of databases.
 */
final class TabletProcs {
    static final long DB_ID = 10002;
    static final String DB_NAME = "sandbox_db";
    static final String TABLE_NAME = "sandbox_tbl";

    private final Flavor flavor;
    private final Version version;
    private final StatementParser parser;

    TabletProcs(Flavor flavor, Version version, StatementParser parser) {
        this.flavor = flavor;
        this.version = version;
        this.parser = parser;
    }

    /** {@code SHOW PROC '/statistic'} or {@code '/statistic/<dbId>'}. */
    QueryResult statistic(Catalog catalog, List<Status> statuses, OptionalLong dbId) throws SqlError {
        boolean health = !ShowColumns.hasTabletHealth(flavor, version);
        if (dbId.isPresent()) {
            if (!health) {
                // Doris 1.1+: StatisticProcNode is a node, not a directory (ProcService.open).
                throw parser.analysisError("/statistic/" + dbId.getAsLong() + " is not a directory");
            }
            return incompleteTablets(catalog, statuses, dbId.getAsLong());
        }
        long replicas =
                catalog.tablets.stream().mapToLong(t -> t.replicas.size()).sum();
        long unhealthy = statuses.stream().filter(TabletProcs::unhealthy).count();
        Map<String, String> db = new LinkedHashMap<>();
        db.put("DbId", String.valueOf(DB_ID));
        db.put("DbName", DB_NAME);
        db.put("TableNum", "1");
        db.put("PartitionNum", "1");
        db.put("IndexNum", "1");
        db.put("TabletNum", String.valueOf(catalog.tablets.size()));
        db.put("ReplicaNum", String.valueOf(replicas));
        db.put("UnhealthyTabletNum", String.valueOf(unhealthy));
        db.put("InconsistentTabletNum", "0");
        db.put("CloningTabletNum", "0");
        db.put("ErrorStateTabletNum", "0");
        return withTotal(ShowColumns.statistic(flavor, version), catalog, db);
    }

    /** Doris {@code SHOW PROC '/cluster_health/tablet_health'}; refused where the FE has no such proc. */
    QueryResult tabletHealth(Catalog catalog, List<Status> statuses) throws SqlError {
        if (!ShowColumns.hasTabletHealth(flavor, version)) {
            throw parser.analysisError("Proc path '/cluster_health/tablet_health' doesn't exist");
        }
        Map<Status, Long> counts = TabletStates.count(statuses);
        Map<String, String> db = new LinkedHashMap<>();
        db.put("DbId", String.valueOf(DB_ID));
        db.put("DbName", DB_NAME);
        db.put("TabletNum", String.valueOf(catalog.tablets.size()));
        db.put("HealthyNum", count(counts, Status.HEALTHY));
        db.put("ReplicaMissingNum", count(counts, Status.REPLICA_MISSING));
        db.put("VersionIncompleteNum", count(counts, Status.VERSION_INCOMPLETE));
        db.put("ReplicaRelocatingNum", count(counts, Status.REPLICA_RELOCATING));
        db.put("RedundantNum", count(counts, Status.REDUNDANT));
        db.put("ForceRedundantNum", count(counts, Status.FORCE_REDUNDANT));
        db.put("UnrecoverableNum", count(counts, Status.UNRECOVERABLE));
        return withTotal(ShowColumns.tabletHealth(flavor, version), catalog, db);
    }

    /** StarRocks and old Doris {@code '/statistic/<dbId>'}: the ids of the tablets behind the counts. */
    private QueryResult incompleteTablets(Catalog catalog, List<Status> statuses, long dbId) throws SqlError {
        if (dbId != DB_ID || catalog.tablets.isEmpty()) {
            throw parser.analysisError("Invalid db id: " + dbId);
        }
        List<String> unhealthy = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            if (unhealthy(statuses.get(i))) {
                unhealthy.add(String.valueOf(catalog.tablets.get(i).id));
            }
        }
        // [I] IncompleteTabletsProcNode: one row of comma-joined id lists; StarRocks adds ErrorStateTablets.
        List<String> columns = new ArrayList<>(List.of("UnhealthyTablets", "InconsistentTablets", "CloningTablets"));
        List<String> row = new ArrayList<>(List.of(String.join(",", unhealthy), "", ""));
        if (ShowColumns.statistic(flavor, version).contains("ErrorStateTabletNum")) {
            columns.add("ErrorStateTablets");
            row.add("");
        }
        return QueryResult.rows(columns, List.of(row));
    }

    /** The database row (when there are tablets) and the Total row, which sums the numbers. */
    private static QueryResult withTotal(List<String> columns, Catalog catalog, Map<String, String> db) {
        boolean any = !catalog.tablets.isEmpty();
        Map<String, String> total = db.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> any ? e.getValue() : "0", (a, b) -> a, LinkedHashMap::new));
        total.put("DbId", "Total");
        total.put("DbName", any ? "1" : "0");
        List<List<String>> rows = new ArrayList<>();
        if (any) {
            rows.add(project(columns, db));
        }
        rows.add(project(columns, total));
        return QueryResult.rows(columns, rows);
    }

    private static List<String> project(List<String> columns, Map<String, String> values) {
        return columns.stream().map(c -> values.getOrDefault(c, "0")).toList();
    }

    /** What {@code UnhealthyTabletNum} counts: every status but healthy and redundant (StatisticProcDir). */
    private static boolean unhealthy(Status status) {
        return status != Status.HEALTHY && status != Status.REDUNDANT;
    }

    private static String count(Map<Status, Long> counts, Status status) {
        return String.valueOf(counts.getOrDefault(status, 0L));
    }
}
