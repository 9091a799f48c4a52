package io.dorisops.jdbc.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Partition;
import io.dorisops.ReplicaFacts.Storage;
import io.dorisops.Role;
import io.dorisops.jdbc.internal.MasterSession.Handle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link ReplicaFacts} on the master, every column by name (see {@code docs/testkit-sql.md}):
 *
 * <ol>
 *   <li>{@code SHOW FRONTENDS}: {@code ClusterId};
 *   <li>{@code SHOW BACKENDS} (and StarRocks {@code SHOW COMPUTE NODES}): Doris {@code Tag} ({@code
 *       {"location" : "zone1"}}; StarRocks {@code Location} is a placement hint, not a tag), {@code TabletNum}, {@code DataUsedCapacity}, {@code
 *       AvailCapacity}, {@code TotalCapacity} ({@code 12.719 GB}; zero prints as {@code 0.000 });
 *   <li>{@code SHOW PROC '/dbs'}: {@code DbId}, {@code DbName} (Doris before 2.1 prints {@code
 *       default_cluster:db1}: the facts carry {@code db1}, the statements the name as printed);
 *   <li>{@code SHOW PROC '/dbs/<dbId>'} per database: {@code TableId}, {@code TableName}, {@code Type};
 *   <li>{@code SHOW PARTITIONS FROM `db`.`tbl`} per OLAP table (and Doris async materialized view):
 *       {@code PartitionId}, {@code PartitionName}, {@code VisibleVersion}, {@code ReplicationNum}, {@code
 *       Buckets}, {@code DataSize}, Doris {@code ReplicaAllocation} ({@code tag.location.zone1: 2, tag.location.zone2: 1},
 *       in no fixed order).
 * </ol>
 *
 * <p>Each statement is read in one pass; nothing is read per tablet. Which BE holds which replica
 * (issue #16) is a further read per partition and index ({@code SHOW PROC
 * '/dbs/<dbId>/<tableId>/partitions/<partitionId>/<indexId>'}), keyed by the ids kept in {@link
 * Partition}.
 */
public final class ReplicaReader {

    private static final Logger log = LoggerFactory.getLogger(ReplicaReader.class);

    /** Table types with local replicas: Doris and StarRocks {@code OLAP}, Doris async materialized views. */
    private static final Set<String> REPLICATED_TYPES = Set.of("OLAP", "MATERIALIZED_VIEW");

    /**
     * Databases of schema tables, which hold no replicas. StarRocks {@code _statistics_} and Doris {@code
     * __internal_schema} are not among them: they hold real OLAP tables with replicas ({@code
     * StatisticsMetaManager} creates {@code table_statistic_v1}, {@code column_statistics} as OLAP tables).
     */
    private static final Set<String> SYSTEM_DATABASES = Set.of("information_schema", "mysql", "sys");

    /**
     * The prefix Doris before 2.1 prints before every database name ({@code DbsProcDir} prints {@code
     * getFullName()}: {@code default_cluster:db1}); removed by apache/doris#27861.
     */
    static final String CLUSTER_PREFIX = "default_cluster:";

    private static final Pattern TAG = Pattern.compile("\"location\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ALLOCATION = Pattern.compile("tag\\.location\\.([^:,\\s]+)\\s*:\\s*(\\d+)");
    private static final Pattern SIZE =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB|PB)?\\s*", Pattern.CASE_INSENSITIVE);

    private ReplicaReader() {}

    /** All the facts, read through one master handle. */
    public static ReplicaFacts read(Handle handle, Flavor flavor) throws SqlFailure {
        long clusterId = clusterId(handle.query(Statement.SHOW_FRONTENDS));
        List<Storage> backends = new ArrayList<>(storage(handle.query(Statement.SHOW_BACKENDS), Role.BE));
        if (flavor.separateComputeNodes()) {
            backends.addAll(storage(handle.query(Statement.SHOW_COMPUTE_NODES), Role.CN));
        }
        List<Partition> partitions = new ArrayList<>();
        ResultTable dbs = handle.query(Statement.SHOW_DBS);
        int dbId = dbs.required("DbId");
        int dbName = dbs.required("DbName");
        for (List<String> db : dbs.rows()) {
            long id = dbs.number(db, dbId);
            String printed = dbs.text(db, dbName);
            String name = bareName(printed);
            if (SYSTEM_DATABASES.contains(name.toLowerCase(Locale.ROOT))) {
                continue; // schema tables only, no replicas
            }
            ResultTable tables = handle.query(Statement.showTables(id));
            int tableId = tables.required("TableId");
            int tableName = tables.required("TableName");
            int type = tables.required("Type");
            for (List<String> table : tables.rows()) {
                String kind = tables.text(table, type).toUpperCase(Locale.ROOT);
                if (!REPLICATED_TYPES.contains(kind)) {
                    continue;
                }
                String qualified = name + "." + tables.text(table, tableName);
                try {
                    partitions.addAll(partitions(
                            // The name as printed: Doris 2.0 takes `default_cluster:db` unchanged.
                            handle.query(Statement.showPartitions(printed, tables.text(table, tableName))),
                            id,
                            tables.number(table, tableId),
                            qualified));
                } catch (SqlFailure e) {
                    if (e.kind() != SqlFailure.Kind.REFUSED || kind.equals("OLAP")) {
                        throw e;
                    }
                    log.debug("{}: SHOW PARTITIONS refused ({}); its replicas are not in the facts", qualified, e);
                }
            }
        }
        return new ReplicaFacts(clusterId, backends, partitions, Instant.now());
    }

    /** A database name without the {@code default_cluster:} prefix of Doris before 2.1. */
    static String bareName(String printed) {
        return printed.startsWith(CLUSTER_PREFIX) ? printed.substring(CLUSTER_PREFIX.length()) : printed;
    }

    /** {@code ClusterId} of the first {@code SHOW FRONTENDS} row (every FE reports the same). */
    public static long clusterId(ResultTable frontends) {
        int column = frontends.required("ClusterId");
        return frontends.rows().isEmpty()
                ? 0
                : frontends.number(frontends.rows().get(0), column);
    }

    /** {@code SHOW BACKENDS} or StarRocks {@code SHOW COMPUTE NODES} as storage facts. */
    public static List<Storage> storage(ResultTable table, Role listed) {
        int id = table.required("BackendId", "ComputeNodeId");
        int host = table.required("Host", "IP");
        int heartbeatPort = table.required("HeartbeatPort");
        int alive = table.required("Alive");
        int decommissioned = table.required("SystemDecommissioned");
        int tablets = listed == Role.BE ? table.required("TabletNum") : table.optional("TabletNum");
        int used = listed == Role.BE ? table.required("DataUsedCapacity") : table.optional("DataUsedCapacity");
        int avail = listed == Role.BE ? table.required("AvailCapacity") : table.optional("AvailCapacity");
        int total = listed == Role.BE ? table.required("TotalCapacity") : table.optional("TotalCapacity");
        int tag = table.optional("Tag");
        int nodeRole = table.optional("NodeRole");
        List<Storage> rows = new ArrayList<>();
        for (List<String> row : table.rows()) {
            boolean computation = table.text(row, nodeRole).equalsIgnoreCase("computation");
            rows.add(new Storage(
                    table.number(row, id),
                    table.text(row, host),
                    table.port(row, heartbeatPort),
                    listed == Role.CN || computation ? Role.CN : Role.BE,
                    table.flag(row, alive),
                    table.flag(row, decommissioned),
                    tag(table.text(row, tag)),
                    table.number(row, tablets),
                    bytes(table, row, used),
                    bytes(table, row, avail),
                    bytes(table, row, total)));
        }
        return rows;
    }

    /** {@code SHOW PARTITIONS} rows of one table. */
    public static List<Partition> partitions(ResultTable table, long databaseId, long tableId, String qualified) {
        int id = table.required("PartitionId");
        int name = table.required("PartitionName");
        int replication = table.required("ReplicationNum");
        int buckets = table.required("Buckets");
        int size = table.optional("DataSize");
        int allocation = table.optional("ReplicaAllocation");
        int visible = table.optional("VisibleVersion");
        List<Partition> partitions = new ArrayList<>();
        for (List<String> row : table.rows()) {
            int replicas = (int) table.number(row, replication);
            partitions.add(new Partition(
                    databaseId,
                    tableId,
                    table.number(row, id),
                    qualified,
                    table.text(row, name),
                    replicas,
                    allocation(table.text(row, allocation), replicas),
                    (int) table.number(row, buckets),
                    bytes(table, row, size),
                    table.text(row, visible).isEmpty() ? -1 : table.number(row, visible)));
        }
        return partitions;
    }

    /** {@code tag.location.zone1: 2, tag.location.zone2: 1} per tag; without one, the default tag. */
    static Map<String, Integer> allocation(String text, int replicationNum) {
        Map<String, Integer> allocation = new LinkedHashMap<>();
        Matcher m = ALLOCATION.matcher(text);
        while (m.find()) {
            allocation.merge(m.group(1), Integer.parseInt(m.group(2)), Integer::sum);
        }
        if (allocation.isEmpty()) {
            allocation.put(ReplicaFacts.DEFAULT_TAG, replicationNum);
        }
        return allocation;
    }

    /**
     * The backend's location tag: Doris {@code Tag} JSON, else the default. StarRocks {@code Location}
     * ({@code rack:r1}, {@code BackendsProcDir}: {@code convertLocationMapToString(backend.getLocation())})
     * is not a tag: the table property {@code labels.location} spreads replicas over locations as a
     * hint, and every BE may hold any replica, so the guards count StarRocks BEs as one pool, as
     * StarRocks' own decommission check does ({@code It will cause insufficient BE number}).
     */
    static String tag(String tagJson) {
        Matcher m = TAG.matcher(tagJson);
        if (m.find() && !m.group(1).isEmpty()) {
            return m.group(1);
        }
        return ReplicaFacts.DEFAULT_TAG;
    }

    /**
     * A size as the FE prints it ({@code DebugUtil}): {@code 12.719 GB}, {@code 0.000 } for zero, units
     * of 1024; empty reads as 0.
     *
     * @throws DorisOpsException naming the FE, the column and the value when it is no size
     */
    static long bytes(ResultTable table, List<String> row, int column) {
        String value = table.text(row, column);
        if (value.isEmpty()) {
            return 0;
        }
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new DorisOpsException(DorisOpsException.message(
                    table.answeredBy(),
                    "column " + table.columns().get(column) + " holds " + Addresses.quote(value),
                    "a size such as 12.719 GB",
                    "",
                    "Report this FE version and the value."));
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int power = List.of("B", "KB", "MB", "GB", "TB", "PB").indexOf(unit);
        return Math.round(Double.parseDouble(m.group(1)) * Math.pow(1024, power));
    }
}
