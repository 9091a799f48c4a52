package io.dorisops.jdbc.internal;

import io.dorisops.ReplicaFacts;
import io.dorisops.TabletPlacement;
import io.dorisops.jdbc.internal.MasterSession.Handle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@link TabletPlacement} on the master, every column by name (see {@code
 * docs/testkit-sql.md}):
 *
 * <ol>
 *   <li>per partition of the facts, {@code SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>'}:
 *       {@code IndexId} (the base index and each rollup or synchronous materialized view);
 *   <li>per index, {@code SHOW PROC '.../<indexId>'} (Doris {@code TabletsProcDir}, StarRocks {@code
 *       LocalTabletsProcDir}): {@code TabletId}, {@code BackendId}, {@code Version}, {@code
 *       LstFailedVersion}, {@code State}, one row per replica; a tablet without replicas is one row with
 *       {@code BackendId} -1, read as no replica.
 * </ol>
 *
 * A replica is <em>incomplete</em> as the FE's tablet health judges it (Doris and StarRocks {@code
 * Tablet.getHealthStatusWithPriority}: {@code replica.getLastFailedVersion() > 0 || replica.getVersion()
 * < visibleVersion} is "alive but version incomplete"; state {@code CLONE} or {@code DECOMMISSION} is not
 * counted alive): {@code LstFailedVersion > 0}, {@code Version} below the partition's {@code
 * VisibleVersion} (read before the replicas, so a healthy replica is never below it), or that state.
 * Without a {@code VisibleVersion}, the tablet's highest {@code Version} stands in for it. Every index's
 * tablets count: a rollup's tablets have replicas on BEs as well. Nothing is read per tablet.
 */
public final class PlacementReader {

    /** Replica states the FE does not count as an alive copy ({@code ReplicaState}). */
    private static final Set<String> NOT_SERVING = Set.of("CLONE", "DECOMMISSION");

    private PlacementReader() {}

    /** One replica row. */
    private record Replica(long backendId, long version, long lastFailedVersion, String state) {}

    /** The placement of every partition in {@code facts}. */
    public static TabletPlacement read(Handle handle, ReplicaFacts facts) throws SqlFailure {
        List<TabletPlacement.Tablets> partitions = new ArrayList<>();
        for (ReplicaFacts.Partition partition : facts.partitions()) {
            ResultTable indexes = handle.query(
                    Statement.showIndexes(partition.databaseId(), partition.tableId(), partition.partitionId()));
            int indexId = indexes.required("IndexId");
            Map<Long, List<Replica>> tablets = new LinkedHashMap<>();
            for (List<String> index : indexes.rows()) {
                rows(
                        handle.query(Statement.showTabletReplicas(
                                partition.databaseId(),
                                partition.tableId(),
                                partition.partitionId(),
                                indexes.number(index, indexId))),
                        tablets);
            }
            partitions.add(tablets(partition.partitionId(), partition.visibleVersion(), tablets));
        }
        return new TabletPlacement(partitions, Instant.now());
    }

    /**
     * The tablets of one index's (or several indexes') tablet proc rows.
     *
     * @param visibleVersion the partition's {@code VisibleVersion}, -1 when not read
     */
    public static TabletPlacement.Tablets tablets(long partitionId, long visibleVersion, ResultTable... tables) {
        Map<Long, List<Replica>> tablets = new LinkedHashMap<>();
        for (ResultTable table : tables) {
            rows(table, tablets);
        }
        return tablets(partitionId, visibleVersion, tablets);
    }

    private static TabletPlacement.Tablets tablets(
            long partitionId, long visibleVersion, Map<Long, List<Replica>> tablets) {
        long[][] replicas = new long[tablets.size()][];
        long[][] incomplete = new long[tablets.size()][];
        int t = 0;
        for (List<Replica> rows : tablets.values()) {
            long visible = visibleVersion >= 0
                    ? visibleVersion
                    : rows.stream().mapToLong(Replica::version).max().orElse(0);
            replicas[t] = rows.stream().mapToLong(Replica::backendId).toArray();
            long[] lacking = rows.stream()
                    .filter(r -> r.lastFailedVersion() > 0 || r.version() < visible || NOT_SERVING.contains(r.state()))
                    .mapToLong(Replica::backendId)
                    .toArray();
            incomplete[t++] = lacking.length == 0 ? TabletPlacement.Tablets.NONE : lacking;
        }
        return new TabletPlacement.Tablets(partitionId, replicas, incomplete);
    }

    /** Adds the rows of one index's tablet proc to {@code tablets} (tablet id to its replicas). */
    private static void rows(ResultTable table, Map<Long, List<Replica>> tablets) {
        int tabletId = table.required("TabletId");
        int backendId = table.required("BackendId");
        int version = table.required("Version");
        int lastFailed = table.required("LstFailedVersion");
        int state = table.optional("State");
        for (List<String> row : table.rows()) {
            List<Replica> replicas = tablets.computeIfAbsent(table.number(row, tabletId), id -> new ArrayList<>(3));
            String backend = table.text(row, backendId).trim();
            if (!backend.equals("-1")) {
                replicas.add(new Replica(
                        table.number(row, backendId),
                        table.number(row, version),
                        table.number(row, lastFailed),
                        table.text(row, state).toUpperCase(Locale.ROOT)));
            }
        }
    }
}
