package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.ShowColumns;
import io.dorisops.testkit.internal.sql.StatementParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The replica statements of a simulated FE, answered from its catalog with the columns of the audited
 * table: {@code SHOW PROC '/dbs'} and {@code '/dbs/<dbId>'}, {@code SHOW PARTITIONS FROM db.tbl} ({@code
 * ReplicationNum}, Doris {@code ReplicaAllocation}, {@code DataSize}), {@code ADMIN SHOW REPLICA
 * DISTRIBUTION FROM db.tbl}, and the {@code Tag} and capacity cells of {@code SHOW BACKENDS}. Sizes are
 * printed as the FE prints them ({@code DebugUtil}: {@code 1.875 GB}, zero as {@code 0.000 }).
 */
final class ReplicaProcs {

    private final Flavor flavor;
    private final Version version;
    private final StatementParser parser;

    ReplicaProcs(Flavor flavor, Version version, StatementParser parser) {
        this.flavor = flavor;
        this.version = version;
        this.parser = parser;
    }

    /** {@code SHOW PROC '/dbs'}, or {@code '/dbs/<dbId>'}: the tables of one database. */
    QueryResult dbs(Catalog catalog, OptionalLong dbId) throws SqlError {
        Map<Long, String> dbs = databases(catalog);
        if (dbId.isPresent()) {
            if (!dbs.containsKey(dbId.getAsLong())) {
                throw parser.analysisError("Database " + dbId.getAsLong() + " does not exist");
            }
            List<String> columns = ShowColumns.tables(flavor, version);
            List<List<String>> rows = new ArrayList<>();
            for (Catalog.Table table : catalog.tables) {
                if (table.dbId != dbId.getAsLong()) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                row.put("TableId", String.valueOf(table.id));
                row.put("TableName", table.name);
                row.put("IndexNum", "1");
                row.put("PartitionColumnName", table.partitions.size() > 1 ? "dt" : "NULL");
                row.put("PartitionNum", String.valueOf(table.partitions.size()));
                row.put("State", "NORMAL");
                row.put("Type", "OLAP");
                row.put("LastConsistencyCheckTime", "NULL");
                row.put("ReplicaCount", String.valueOf(replicas(catalog, table)));
                row.put("PartitionType", table.partitions.size() > 1 ? "RANGE" : "UNPARTITIONED");
                row.put("StoragePath", "");
                rows.add(project(columns, row));
            }
            return QueryResult.rows(columns, rows);
        }
        List<String> columns = ShowColumns.dbs(flavor, version);
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<Long, String> db : dbs.entrySet()) {
            List<Catalog.Table> tables =
                    catalog.tables.stream().filter(t -> t.dbId == db.getKey()).toList();
            Map<String, String> row = new LinkedHashMap<>();
            row.put("DbId", String.valueOf(db.getKey()));
            row.put("DbName", db.getValue());
            row.put("TableNum", String.valueOf(tables.size()));
            row.put(
                    "Size",
                    size(tables.stream().mapToLong(t -> bytes(catalog, t)).sum()));
            row.put("Quota", "1024.000 TB");
            row.put("LastConsistencyCheckTime", "NULL");
            row.put(
                    "ReplicaCount",
                    String.valueOf(
                            tables.stream().mapToLong(t -> replicas(catalog, t)).sum()));
            row.put("ReplicaQuota", "1073741824");
            row.put("RunningTransactionNum", "0");
            row.put("TransactionQuota", "1000");
            row.put("LastUpdateTime", "NULL");
            rows.add(project(columns, row));
        }
        return QueryResult.rows(columns, rows);
    }

    /** {@code SHOW PARTITIONS FROM [db.]tbl}. */
    QueryResult partitions(Catalog catalog, Optional<String> database, String session, String name) throws SqlError {
        Catalog.Table table = table(catalog, database, session, name);
        List<String> columns = ShowColumns.partitions(flavor, version);
        List<List<String>> rows = new ArrayList<>();
        for (Catalog.Partition partition : table.partitions) {
            long bytes = catalog.tablets.stream()
                    .filter(t -> t.partitionId == partition.id)
                    .mapToLong(t -> t.bytes)
                    .sum();
            Map<String, String> row = new LinkedHashMap<>();
            row.put("PartitionId", String.valueOf(partition.id));
            row.put("PartitionName", partition.name);
            row.put("VisibleVersion", String.valueOf(partition.visibleVersion));
            row.put("VisibleVersionTime", "2026-01-01 00:00:00");
            row.put("VisibleVersionHash", "0");
            row.put("State", "NORMAL");
            row.put("PartitionKey", table.partitions.size() > 1 ? "dt" : "");
            row.put("Range", table.partitions.size() > 1 ? "[types: [DATE]; keys: [" + partition.name + "]; ]" : "");
            row.put("DistributionKey", table.distribution.isEmpty() ? "id" : table.distribution);
            row.put("Buckets", String.valueOf(partition.buckets));
            row.put("ReplicationNum", String.valueOf(partition.replicationNum()));
            row.put("StorageMedium", "HDD");
            row.put("CooldownTime", "9999-12-31 23:59:59");
            row.put("RemoteStoragePolicy", "");
            row.put("LastConsistencyCheckTime", "NULL");
            row.put("DataSize", size(bytes));
            row.put("IsInMemory", "false");
            row.put("ReplicaAllocation", allocation(partition));
            row.put("IsMutable", "true");
            row.put("SyncWithBaseTables", "true");
            row.put("UnsyncTables", "NULL");
            row.put(
                    "RowCount",
                    String.valueOf(catalog.tabletsOf(partition.id).stream()
                            .mapToLong(t -> t.rowsUpTo(partition.visibleVersion).size())
                            .sum()));
            rows.add(project(columns, row));
        }
        return QueryResult.rows(columns, rows);
    }

    /** {@code ADMIN SHOW REPLICA DISTRIBUTION FROM [db.]tbl}: replicas per BE. */
    QueryResult replicaDistribution(Catalog catalog, Optional<String> database, String session, String name)
            throws SqlError {
        Catalog.Table table = table(catalog, database, session, name);
        List<Long> partitionIds = table.partitions.stream().map(p -> p.id).toList();
        long total = catalog.tablets.stream()
                .filter(t -> partitionIds.contains(t.partitionId))
                .mapToLong(t -> t.replicas.size())
                .sum();
        List<String> columns = ShowColumns.replicaDistribution(flavor, version);
        List<List<String>> rows = new ArrayList<>();
        for (Catalog.Be be : catalog.backends) {
            if (be.computeNode) {
                continue;
            }
            long count = catalog.tablets.stream()
                    .filter(t -> partitionIds.contains(t.partitionId) && t.replicas.contains(be.id))
                    .count();
            long bytes = catalog.tablets.stream()
                    .filter(t -> partitionIds.contains(t.partitionId) && t.replicas.contains(be.id))
                    .mapToLong(t -> t.bytes)
                    .sum();
            String percent = String.format(Locale.ROOT, "%.2f %%", total == 0 ? 0.0 : 100.0 * count / total);
            String graph = ">".repeat(total == 0 ? 0 : (int) (50 * count / total));
            Map<String, String> row = new LinkedHashMap<>();
            row.put("BackendId", String.valueOf(be.id));
            row.put("ReplicaNum", String.valueOf(count));
            row.put("ReplicaSize", String.valueOf(bytes));
            row.put("NumGraph", graph);
            row.put("NumPercent", percent);
            row.put("SizeGraph", graph);
            row.put("SizePercent", percent);
            row.put("Graph", graph);
            row.put("Percent", percent);
            rows.add(project(columns, row));
        }
        return QueryResult.rows(columns, rows);
    }

    /** The {@code SHOW BACKENDS} cells this class owns: {@code Tag}, {@code Location} and the capacities. */
    void backendCells(Catalog catalog, Catalog.Be be, long capacityBytes, Map<String, String> row) {
        long used = be.computeNode ? 0 : catalog.bytesOn(be.id);
        long avail = Math.max(0, capacityBytes - used);
        String usedPct = String.format(Locale.ROOT, "%.2f %%", 100.0 * used / capacityBytes);
        row.put("DataUsedCapacity", size(used));
        row.put("AvailCapacity", size(avail));
        row.put("TotalCapacity", size(capacityBytes));
        row.put("DataTotalCapacity", size(capacityBytes));
        row.put("UsedPct", usedPct);
        row.put("MaxDiskUsedPct", usedPct);
        row.put("DataUsedPct", usedPct);
        // Backend.getTagMapString (Doris); StarRocks shows labels.location in Location, empty when unset.
        row.put("Tag", "{\"location\" : \"" + be.tag + "\"}");
        row.put("location", "");
        row.put("Location", "");
    }

    /** The partition's allocation as Doris prints it ({@code ReplicaAllocation.toCreateStmt}). */
    static String allocation(Catalog.Partition partition) {
        List<String> parts = new ArrayList<>();
        partition.allocation.forEach((tag, n) -> parts.add("tag.location." + tag + ": " + n));
        return String.join(", ", parts);
    }

    /** Bytes as {@code DebugUtil} prints them: {@code 0.000 } for zero, else 3 decimals and B/KB/MB/GB/TB. */
    static String size(long bytes) {
        if (bytes == 0) {
            return "0.000 ";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value > 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.3f %s", value, units[unit]);
    }

    private Catalog.Table table(Catalog catalog, Optional<String> database, String session, String name)
            throws SqlError {
        String db = database.orElse(session);
        if (db == null || db.isEmpty()) {
            throw parser.analysisError("No database selected");
        }
        if (databases(catalog).values().stream().noneMatch(db::equals)) {
            throw parser.analysisError("Unknown database '" + db + "'");
        }
        return catalog.tables.stream()
                .filter(t -> t.db.equals(db) && t.name.equals(name))
                .findFirst()
                .orElseThrow(() -> parser.analysisError("Unknown table '" + name + "'"));
    }

    private static Map<Long, String> databases(Catalog catalog) {
        Map<Long, String> dbs = new LinkedHashMap<>();
        catalog.tables.forEach(t -> dbs.putIfAbsent(t.dbId, t.db));
        return dbs;
    }

    private static long replicas(Catalog catalog, Catalog.Table table) {
        return catalog.tablets.stream()
                .filter(t -> table.partitions.stream().anyMatch(p -> p.id == t.partitionId))
                .mapToLong(t -> t.replicas.size())
                .sum();
    }

    private static long bytes(Catalog catalog, Catalog.Table table) {
        return catalog.tablets.stream()
                .filter(t -> table.partitions.stream().anyMatch(p -> p.id == t.partitionId))
                .mapToLong(t -> t.bytes * t.replicas.size())
                .sum();
    }

    private static List<String> project(List<String> columns, Map<String, String> values) {
        return columns.stream().map(c -> values.getOrDefault(c, "")).toList();
    }
}
