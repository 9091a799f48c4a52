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
        List<Map<String, String>> rows = new ArrayList<>();
        for (DbGroup group : groups(catalog, statuses)) {
            Map<String, String> db = group.row();
            db.put("TableNum", String.valueOf(group.tables));
            db.put("PartitionNum", String.valueOf(group.partitions));
            db.put("IndexNum", String.valueOf(group.tables));
            db.put("TabletNum", String.valueOf(group.tablets.size()));
            db.put(
                    "ReplicaNum",
                    String.valueOf(group.tablets.stream()
                            .mapToLong(t -> t.replicas.size())
                            .sum()));
            db.put(
                    "UnhealthyTabletNum",
                    String.valueOf(group.statuses.stream()
                            .filter(TabletProcs::unhealthy)
                            .count()));
            db.put("InconsistentTabletNum", "0");
            db.put("CloningTabletNum", "0");
            db.put("ErrorStateTabletNum", "0");
            rows.add(db);
        }
        return withTotal(ShowColumns.statistic(flavor, version), rows);
    }

    /** Doris {@code SHOW PROC '/cluster_health/tablet_health'}; refused where the FE has no such proc. */
    QueryResult tabletHealth(Catalog catalog, List<Status> statuses) throws SqlError {
        if (!ShowColumns.hasTabletHealth(flavor, version)) {
            throw parser.analysisError("Proc path '/cluster_health/tablet_health' doesn't exist");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (DbGroup group : groups(catalog, statuses)) {
            Map<Status, Long> counts = TabletStates.count(group.statuses);
            Map<String, String> db = group.row();
            db.put("TabletNum", String.valueOf(group.tablets.size()));
            db.put("HealthyNum", count(counts, Status.HEALTHY));
            db.put("ReplicaMissingNum", count(counts, Status.REPLICA_MISSING));
            db.put("VersionIncompleteNum", count(counts, Status.VERSION_INCOMPLETE));
            db.put("ReplicaRelocatingNum", count(counts, Status.REPLICA_RELOCATING));
            db.put("RedundantNum", count(counts, Status.REDUNDANT));
            db.put("ForceRedundantNum", count(counts, Status.FORCE_REDUNDANT));
            db.put("UnrecoverableNum", count(counts, Status.UNRECOVERABLE));
            rows.add(db);
        }
        return withTotal(ShowColumns.tabletHealth(flavor, version), rows);
    }

    /** One database's tablets and their statuses. */
    private static final class DbGroup {
        final long id;
        final String name;
        int tables;
        int partitions;
        final List<Catalog.Tablet> tablets = new ArrayList<>();
        final List<Status> statuses = new ArrayList<>();

        DbGroup(long id, String name) {
            this.id = id;
            this.name = name;
        }

        Map<String, String> row() {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("DbId", String.valueOf(id));
            row.put("DbName", name);
            return row;
        }
    }

    /** The databases with tablets, in catalog order; a tablet of an older catalog is sandbox_db's. */
    private static List<DbGroup> groups(Catalog catalog, List<Status> statuses) {
        Map<Long, DbGroup> groups = new LinkedHashMap<>();
        for (Catalog.Table table : catalog.tables) {
            DbGroup group = groups.computeIfAbsent(table.dbId, id -> new DbGroup(id, table.db));
            group.tables++;
            group.partitions += table.partitions.size();
        }
        Map<Long, Long> dbOfPartition = new java.util.HashMap<>();
        catalog.tables.forEach(t -> t.partitions.forEach(p -> dbOfPartition.put(p.id, t.dbId)));
        for (int i = 0; i < catalog.tablets.size(); i++) {
            Catalog.Tablet tablet = catalog.tablets.get(i);
            long db = dbOfPartition.getOrDefault(tablet.partitionId, DB_ID);
            DbGroup group = groups.computeIfAbsent(db, id -> {
                DbGroup legacy = new DbGroup(id, DB_NAME);
                legacy.tables = 1;
                legacy.partitions = 1;
                return legacy;
            });
            group.tablets.add(tablet);
            group.statuses.add(statuses.get(i));
        }
        groups.values().removeIf(group -> group.tablets.isEmpty());
        return new ArrayList<>(groups.values());
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

    /** The database rows and the Total row, which sums the numbers and counts the databases. */
    private static QueryResult withTotal(List<String> columns, List<Map<String, String>> dbs) {
        Map<String, String> total = new LinkedHashMap<>();
        for (String column : columns) {
            long sum = 0;
            for (Map<String, String> db : dbs) {
                try {
                    sum += Long.parseLong(db.getOrDefault(column, "0"));
                } catch (NumberFormatException e) {
                    // a name, not a count
                }
            }
            total.put(column, String.valueOf(sum));
        }
        total.put("DbId", "Total");
        total.put("DbName", String.valueOf(dbs.size()));
        List<List<String>> rows = new ArrayList<>();
        dbs.forEach(db -> rows.add(project(columns, db)));
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
