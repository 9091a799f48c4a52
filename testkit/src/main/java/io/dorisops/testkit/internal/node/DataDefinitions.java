package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code CREATE DATABASE}, {@code CREATE TABLE} and {@code DROP TABLE} on the master FE. A new table has
 * one partition named like it (an unpartitioned Doris table), {@code BUCKETS} tablets (10 when not given,
 * Doris {@code FeConstants.default_bucket_num} [I]) and the replicas its properties ask for ({@code
 * replication_num}, or Doris {@code replication_allocation} = {@code "tag.location.<tag>: n, ..."}; 3
 * when neither is given), each on a different alive, not decommissioned backend of the tag, spread in
 * turn over the backends holding the fewest.
 */
final class DataDefinitions {
    private static final int DEFAULT_REPLICATION = 3;
    private static final int DEFAULT_BUCKETS = 10;

    private final FeNode fe;
    private final DataErrors errors;

    DataDefinitions(FeNode fe, DataErrors errors) {
        this.fe = fe;
        this.errors = errors;
    }

    void createDatabase(Statement.CreateDatabase create) throws SqlError {
        if (fe.snapshot().databaseId(create.name()).isPresent()) {
            if (create.ifNotExists()) {
                return;
            }
            throw errors.databaseExists(create.name());
        }
        fe.mutate(c -> c.databases.add(new Catalog.Database(c.nextObjectId++, create.name())));
        fe.ctx.info("createDb dbName=" + create.name());
    }

    void createTable(Statement.CreateTable create, String sessionDb) throws SqlError {
        String db = database(create.database().orElse(sessionDb));
        Catalog current = fe.snapshot();
        if (current.table(db, create.table()).isPresent()) {
            if (create.ifNotExists()) {
                return;
            }
            throw errors.tableExists(create.table());
        }
        List<String> names =
                create.columns().stream().map(Statement.ColumnDef::name).toList();
        for (int i = 0; i < create.keys().size(); i++) {
            if (!names.contains(create.keys().get(i))) {
                throw errors.analysis("Key column[" + create.keys().get(i) + "] does not exist in table");
            }
            if (!create.keys().get(i).equals(names.get(i))) {
                throw errors.analysis("Key columns should be a ordered prefix of the schema.");
            }
        }
        if (!names.contains(create.distribution())) {
            throw errors.analysis("Distribution column[" + create.distribution() + "] is not found");
        }
        Map<String, Integer> allocation = allocation(create.properties());
        int buckets = create.buckets().orElse(DEFAULT_BUCKETS);
        if (buckets <= 0) {
            throw errors.analysis("Number of hash distribution should be greater than zero.");
        }
        Map<String, List<Long>> placement = candidates(current, allocation);
        fe.mutate(c -> {
            Catalog.Table table = new Catalog.Table();
            table.db = db;
            table.dbId = c.databaseId(db).orElseThrow();
            table.id = c.nextObjectId++;
            table.name = create.table();
            create.columns().forEach(col -> table.columns.add(new Catalog.Column(col.name(), col.type())));
            table.distribution = create.distribution();
            Catalog.Partition partition = new Catalog.Partition();
            partition.id = c.nextObjectId++;
            partition.name = create.table();
            partition.allocation = new LinkedHashMap<>(allocation);
            partition.buckets = buckets;
            table.partitions.add(partition);
            for (int b = 0; b < buckets; b++) {
                List<Long> replicas = new ArrayList<>();
                for (Map.Entry<String, Integer> tag : allocation.entrySet()) {
                    List<Long> bes = placement.get(tag.getKey());
                    for (int r = 0; r < tag.getValue(); r++) {
                        replicas.add(bes.get((b + r) % bes.size()));
                    }
                }
                Catalog.Tablet tablet = new Catalog.Tablet(c.nextObjectId++, replicas);
                tablet.partitionId = partition.id;
                c.tablets.add(tablet);
            }
            c.tables.add(table);
        });
        fe.ctx.info("successfully create table[" + create.table() + "-" + db + "]");
    }

    void dropTable(Statement.DropTable drop, String sessionDb) throws SqlError {
        String db = database(drop.database().orElse(sessionDb));
        Catalog.Table table = fe.snapshot().table(db, drop.table()).orElse(null);
        if (table == null) {
            if (drop.ifExists()) {
                return;
            }
            throw errors.unknownTableToDrop(db, drop.table());
        }
        fe.mutate(c -> {
            c.tables.removeIf(t -> t.id == table.id);
            c.tablets.removeIf(t -> table.partitions.stream().anyMatch(p -> p.id == t.partitionId));
        });
        fe.ctx.info("finished dropping table: " + drop.table() + " from db: " + db);
    }

    /** A database that exists, or the real error: none selected, or unknown. */
    String database(String name) throws SqlError {
        if (name == null || name.isEmpty()) {
            throw errors.noDatabase();
        }
        if (fe.snapshot().databaseId(name).isEmpty()) {
            throw errors.unknownDatabase(name);
        }
        return name;
    }

    /** Replicas per tag from {@code replication_num} or Doris {@code replication_allocation}. */
    private Map<String, Integer> allocation(Map<String, String> properties) throws SqlError {
        String allocation = properties.get("replication_allocation");
        if (allocation != null && fe.ctx.flavor == Flavor.DORIS) {
            Map<String, Integer> tags = new LinkedHashMap<>();
            for (String part : allocation.split(",")) {
                String[] kv = part.split(":");
                String key = kv[0].strip();
                if (kv.length != 2
                        || !key.startsWith("tag.location.")
                        || !kv[1].strip().matches("\\d{1,2}")) {
                    throw errors.analysis("Invalid replication allocation property: " + allocation);
                }
                tags.put(key.substring("tag.location.".length()), Integer.parseInt(kv[1].strip()));
            }
            return tags;
        }
        String num = properties.getOrDefault("replication_num", String.valueOf(DEFAULT_REPLICATION));
        if (!num.strip().matches("\\d{1,2}") || Integer.parseInt(num.strip()) <= 0) {
            throw errors.analysis("Replication num should larger than 0. (" + num + ")");
        }
        return Map.of("default", Integer.parseInt(num.strip()));
    }

    /**
     * The backends of each tag a new tablet may use, fewest replicas first, or the real refusal. Doris
     * {@code SystemInfoService.selectBackendIdsForReplicaCreation}: {@code "Failed to find enough backend,
     * please check the replication num,replication tag and storage medium and avail capacity of backends
     * or maybe all be on same host."} then {@code "Create failed replications:"} per tag; StarRocks [U: the
     * wording, "Table replication num should be less than or equal to the number of available BE nodes"].
     */
    private Map<String, List<Long>> candidates(Catalog current, Map<String, Integer> allocation) throws SqlError {
        Map<String, List<Long>> placement = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Integer> tag : allocation.entrySet()) {
            List<Long> bes = current.backends.stream()
                    .filter(be -> !be.computeNode && !be.decommissioned && be.tag.equals(tag.getKey()))
                    .filter(be -> fe.beRuntime.containsKey(be.id) && fe.beRuntime.get(be.id).alive)
                    .sorted(Comparator.comparingLong(be -> current.replicasOn(be.id)))
                    .map(be -> be.id)
                    .toList();
            if (bes.size() < tag.getValue()) {
                failed.add("replication tag: {\"location\" : \"" + tag.getKey() + "\"}, replication num: "
                        + tag.getValue() + ", storage medium: HDD");
            }
            placement.put(tag.getKey(), bes);
        }
        if (!failed.isEmpty()) {
            if (fe.ctx.flavor == Flavor.STARROCKS) {
                int total =
                        allocation.values().stream().mapToInt(Integer::intValue).sum();
                throw errors.analysis("Table replication num should be less than or equal to the number of"
                        + " available BE nodes. You can change this default by setting the replication_num table"
                        + " properties. Current alive backend is " + placement.getOrDefault("default", List.of())
                        + ". , table=" + total);
            }
            throw errors.analysis("Failed to find enough backend, please check the replication num,replication tag"
                    + " and storage medium and avail capacity of backends or maybe all be on same host.\n"
                    + "Create failed replications:\n" + String.join("\n", failed));
        }
        return placement;
    }
}
