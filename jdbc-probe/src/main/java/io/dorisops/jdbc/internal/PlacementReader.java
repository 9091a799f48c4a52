package io.dorisops.jdbc.internal;

import io.dorisops.ReplicaFacts;
import io.dorisops.TabletPlacement;
import io.dorisops.jdbc.internal.MasterSession.Handle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@link TabletPlacement} on the master, every column by name (see {@code
 * docs/testkit-sql.md}):
 *
 * <ol>
 *   <li>per partition of the facts, {@code SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>'}:
 *       {@code IndexId} (the base index and each rollup or synchronous materialized view);
 *   <li>per index, {@code SHOW PROC '.../<indexId>'}: {@code TabletId}, {@code BackendId}, one row per
 *       replica; a tablet without replicas is one row with {@code BackendId} -1, read as no replica.
 * </ol>
 *
 * Every index's tablets count: a rollup's tablets have replicas on BEs as well. Nothing is read per
 * tablet.
 */
public final class PlacementReader {

    private PlacementReader() {}

    /** The placement of every partition in {@code facts}. */
    public static TabletPlacement read(Handle handle, ReplicaFacts facts) throws SqlFailure {
        List<TabletPlacement.Tablets> partitions = new ArrayList<>();
        for (ReplicaFacts.Partition partition : facts.partitions()) {
            ResultTable indexes = handle.query(
                    Statement.showIndexes(partition.databaseId(), partition.tableId(), partition.partitionId()));
            int indexId = indexes.required("IndexId");
            Map<Long, List<Long>> tablets = new LinkedHashMap<>();
            for (List<String> index : indexes.rows()) {
                replicas(
                        handle.query(Statement.showTabletReplicas(
                                partition.databaseId(),
                                partition.tableId(),
                                partition.partitionId(),
                                indexes.number(index, indexId))),
                        tablets);
            }
            long[][] replicas = new long[tablets.size()][];
            int t = 0;
            for (List<Long> backends : tablets.values()) {
                replicas[t++] = backends.stream().mapToLong(Long::longValue).toArray();
            }
            partitions.add(new TabletPlacement.Tablets(partition.partitionId(), replicas));
        }
        return new TabletPlacement(partitions, Instant.now());
    }

    /** Adds the rows of one index's tablet proc to {@code tablets} (tablet id to its backends). */
    public static void replicas(ResultTable table, Map<Long, List<Long>> tablets) {
        int tabletId = table.required("TabletId");
        int backendId = table.required("BackendId");
        for (List<String> row : table.rows()) {
            List<Long> backends = tablets.computeIfAbsent(table.number(row, tabletId), id -> new ArrayList<>(3));
            String backend = table.text(row, backendId).trim();
            if (!backend.equals("-1")) {
                backends.add(table.number(row, backendId));
            }
        }
    }
}
