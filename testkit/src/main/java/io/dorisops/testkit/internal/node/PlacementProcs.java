package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.ShowColumns;
import io.dorisops.testkit.internal.sql.Statement.ShowPartitionProc;
import io.dorisops.testkit.internal.sql.StatementParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the replicas of a simulated FE's tablets are, with exactly the audited columns ({@link
 * ShowColumns}): {@code SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>'} lists the partition's
 * one index (the base index; its id is the table's), and {@code .../<indexId>} one row per replica
 * ({@code TabletId}, {@code ReplicaId}, {@code BackendId}, and each replica's {@code Version}, {@code
 * LstSuccessVersion}, {@code LstFailedVersion} (-1 when none failed), {@code LstFailedTime}...), sorted by
 * tablet and replica as the FE sorts them; a tablet without replicas is one row with {@code BackendId} -1.
 */
final class PlacementProcs {
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss")
            .withZone(java.time.ZoneId.systemDefault());

    private final Flavor flavor;
    private final Version version;
    private final StatementParser parser;

    PlacementProcs(Flavor flavor, Version version, StatementParser parser) {
        this.flavor = flavor;
        this.version = version;
        this.parser = parser;
    }

    QueryResult answer(Catalog catalog, ShowPartitionProc proc) throws SqlError {
        Catalog.Table table = catalog.tables.stream()
                .filter(t -> t.dbId == proc.dbId() && t.id == proc.tableId())
                .findFirst()
                .orElseThrow(() -> parser.analysisError("Table[" + proc.tableId() + "] does not exist"));
        Catalog.Partition partition = table.partitions.stream()
                .filter(p -> p.id == proc.partitionId())
                .findFirst()
                .orElseThrow(() -> parser.analysisError("Partition[" + proc.partitionId() + "] does not exist"));
        if (proc.indexId().isEmpty()) {
            List<String> columns = ShowColumns.indexes(flavor, version);
            Map<String, String> row = new LinkedHashMap<>();
            row.put("IndexId", String.valueOf(table.id));
            row.put("IndexName", table.name);
            row.put("State", "NORMAL");
            row.put("LastConsistencyCheckTime", "NULL");
            return QueryResult.rows(columns, List.of(project(columns, row)));
        }
        if (proc.indexId().getAsLong() != table.id) {
            throw parser.analysisError("Index[" + proc.indexId().getAsLong() + "] does not exist.");
        }
        List<String> columns = ShowColumns.tablets(flavor, version);
        return QueryResult.rows(columns, tabletRows(catalog, partition, columns));
    }

    /** {@code SHOW TABLET[S] FROM tbl}: the tablets proc's rows of every partition (Doris {@code ShowTabletStmt}). */
    QueryResult tablets(Catalog catalog, Catalog.Table table) {
        List<String> columns = ShowColumns.tablets(flavor, version);
        List<List<String>> rows = new ArrayList<>();
        table.partitions.forEach(p -> rows.addAll(tabletRows(catalog, p, columns)));
        return QueryResult.rows(columns, rows);
    }

    /**
     * {@code ADMIN SHOW REPLICA STATUS FROM tbl [WHERE STATUS = | != 's']}: each replica's versions and its
     * status as {@code MetadataViewer.getTabletStatus} decides it [I: the order of the checks]: {@code DEAD}
     * when its backend is not alive, {@code VERSION_ERROR} when it lacks the visible version or failed one,
     * else {@code OK}; a tablet short of replicas adds {@code MISSING} rows.
     */
    QueryResult replicaStatus(
            Catalog catalog,
            Catalog.Table table,
            Map<Long, FeNode.BeRuntime> runtimes,
            java.util.Optional<io.dorisops.testkit.internal.sql.Statement.Condition> filter) {
        List<String> columns = ShowColumns.replicaStatus(flavor, version);
        List<List<String>> rows = new ArrayList<>();
        for (Catalog.Partition partition : table.partitions) {
            for (Catalog.Tablet tablet : catalog.tabletsOf(partition.id)) {
                for (int r = 0; r < Math.max(tablet.replicas.size(), partition.replicationNum()); r++) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("TabletId", String.valueOf(tablet.id));
                    String status = "MISSING";
                    if (r < tablet.replicas.size()) {
                        long backend = tablet.replicas.get(r);
                        FeNode.BeRuntime runtime = runtimes.get(backend);
                        Catalog.Versions v = tablet.versionsOn(backend, partition.visibleVersion);
                        status = runtime == null || !runtime.alive
                                ? "DEAD"
                                : tablet.versionComplete(backend, partition.visibleVersion) ? "OK" : "VERSION_ERROR";
                        row.put("ReplicaId", String.valueOf(tablet.id * 10 + r + 1));
                        row.put("BackendId", String.valueOf(backend));
                        row.put("Version", String.valueOf(v.version));
                        row.put("LastFailedVersion", String.valueOf(v.lastFailedVersion));
                        row.put("LastSuccessVersion", String.valueOf(v.lastSuccessVersion));
                        row.put("CommittedVersion", String.valueOf(partition.visibleVersion));
                        row.put("VersionNum", String.valueOf(v.version));
                        row.put("IsBad", "false");
                        row.put("IsUserDrop", "false");
                        row.put("IsSetBadForce", "false");
                        row.put("State", "NORMAL");
                    } else {
                        for (String column : columns) {
                            row.putIfAbsent(column, "-1");
                        }
                        row.put("State", "NULL");
                    }
                    row.put("Status", status);
                    boolean wanted = filter.isEmpty()
                            || (filter.get().operator().equals("=")
                                    == status.equalsIgnoreCase(filter.get().value()));
                    if (wanted) {
                        rows.add(project(columns, row));
                    }
                }
            }
        }
        return QueryResult.rows(columns, rows);
    }

    /** The tablets proc rows of one partition: one per replica, sorted by tablet and replica. */
    private List<List<String>> tabletRows(Catalog catalog, Catalog.Partition partition, List<String> columns) {
        List<List<String>> rows = new ArrayList<>();
        for (Catalog.Tablet tablet : catalog.tabletsOf(partition.id)) {
            List<Long> replicas = tablet.replicas.isEmpty() ? List.of(-1L) : tablet.replicas;
            for (int r = 0; r < replicas.size(); r++) {
                Map<String, String> row = new LinkedHashMap<>();
                if (replicas.get(r) >= 0) {
                    // TabletsProcDir: replica.getVersion(), getLastSuccessVersion(), getLastFailedVersion().
                    Catalog.Versions v = tablet.versionsOn(replicas.get(r), partition.visibleVersion);
                    row.put("Version", String.valueOf(v.version));
                    row.put("LstSuccessVersion", String.valueOf(v.lastSuccessVersion));
                    row.put("LstFailedVersion", String.valueOf(v.lastFailedVersion));
                    row.put(
                            "LstFailedTime",
                            v.lastFailedTime == 0
                                    ? "NULL"
                                    : TIME.format(java.time.Instant.ofEpochMilli(v.lastFailedTime)));
                    row.put(
                            "RowCount",
                            String.valueOf(tablet.rowsUpTo(v.version).size()));
                    row.put("VersionCount", String.valueOf(v.version));
                    row.put("VisibleVersionCount", String.valueOf(v.version));
                } else {
                    row.put("Version", "-1");
                    row.put("LstSuccessVersion", "-1");
                    row.put("LstFailedVersion", "-1");
                }
                row.put("TabletId", String.valueOf(tablet.id));
                row.put("ReplicaId", replicas.get(r) < 0 ? "-1" : String.valueOf(tablet.id * 10 + r + 1));
                row.put("BackendId", String.valueOf(replicas.get(r)));
                row.put("State", replicas.get(r) < 0 ? "NULL" : "NORMAL");
                row.put("MetaUrl", "N/A");
                row.put("CompactionStatus", "N/A");
                row.put("Path", "");
                row.put("CooldownMetaId", "");
                rows.add(project(columns, row));
            }
        }
        return rows;
    }

    private static List<String> project(List<String> columns, Map<String, String> values) {
        return columns.stream().map(c -> values.getOrDefault(c, "0")).toList();
    }
}
