package io.dorisops.testkit.internal.node;

import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code INSERT INTO ... VALUES} on the master FE, as a Doris load runs (one at a time here):
 *
 * <ol>
 *   <li>Plan ({@code OlapTableSink.createLocation}): every tablet of the table needs at least a majority
 *       ({@code replication / 2 + 1}) of replicas on backends the master sees alive, or the load fails
 *       with the real "alive replica num" / "Tablet lost replicas" error. {@code disable_load} does not
 *       count: it only keeps a backend from coordinating loads.
 *   <li>Write: each backend holding a replica is sent the rows ({@code WRITE} on its {@code brpc_port});
 *       one that does not answer failed its replicas.
 *   <li>Commit ({@code DatabaseTransactionMgr.commitTransaction}): every tablet needs a majority of
 *       written replicas, or the real {@code TabletQuorumFailedException} text. Then each partition's
 *       visible version goes up by one; the written replicas have it, the others record it as their last
 *       failed version and are version-incomplete until the tablet scheduler clones them.
 * </ol>
 *
 * <p>A row goes to the tablet {@code hash(distribution value) mod buckets} of the partition {@code
 * hash mod partitions} (a seeded table with several partitions has no partition column).
 */
final class Loads {
    private static final int WRITE_TIMEOUT_MILLIS = 2000;
    /** Doris and StarRocks {@code Config.replica_ack_timeout_second} = 10. */
    private static final long ACK_TIMEOUT_MILLIS = 10_000;
    /** One load at a time in this FE process. */
    private static final Object LOCK = new Object();

    private final FeNode fe;
    private final DataErrors errors;
    private final DataDefinitions definitions;

    Loads(FeNode fe, DataErrors errors, DataDefinitions definitions) {
        this.fe = fe;
        this.errors = errors;
        this.definitions = definitions;
    }

    /** Runs one insert. */
    QueryResult insert(Statement.Insert insert, String sessionDb) throws SqlError {
        QueryResult result;
        long journal;
        synchronized (LOCK) {
            result = run(insert, sessionDb);
            journal = fe.journalId();
        }
        // The commit is answered once a majority of followers has it (FeNode.awaitMajorityAck).
        if (!fe.awaitMajorityAck(journal, ACK_TIMEOUT_MILLIS)) {
            // [U: the sandbox's text; real Doris fails the edit log write (InsufficientAcksException) and exits]
            throw errors.analysis("the commit of this load was not acknowledged by a majority of followers in "
                    + ACK_TIMEOUT_MILLIS / 1000 + " s; it may or may not be visible");
        }
        return result;
    }

    private QueryResult run(Statement.Insert insert, String sessionDb) throws SqlError {
        String db = definitions.database(insert.database().orElse(sessionDb));
        Catalog current = fe.snapshot();
        Catalog.Table table =
                current.table(db, insert.table()).orElseThrow(() -> errors.unknownTable(db, insert.table()));
        List<List<String>> rows = rows(table, insert);
        Map<Long, List<List<String>>> byTablet = distribute(current, table, rows);
        List<Catalog.Tablet> tablets = new ArrayList<>();
        table.partitions.forEach(p -> tablets.addAll(current.tabletsOf(p.id)));
        Map<Long, Integer> quorum = new HashMap<>();
        table.partitions.forEach(p -> quorum.put(p.id, p.replicationNum() / 2 + 1));
        Set<Long> targets = new LinkedHashSet<>();
        for (Catalog.Tablet tablet : tablets) {
            List<Long> alive = tablet.replicas.stream().filter(this::alive).toList();
            if (alive.size() < quorum.get(tablet.partitionId)) {
                throw errors.replicaFew(tablet.id, alive, quorum.get(tablet.partitionId), tablet.replicas);
            }
            targets.addAll(alive);
        }
        long txn = beginTransaction();
        Set<Long> written = write(current, targets, txn);
        for (Catalog.Tablet tablet : tablets) {
            // DatabaseTransactionMgr.checkCommitStatus: a replica that wrote the load counts toward the
            // quorum only if it lacks no earlier version, `if (replica.getLastFailedVersion() < 0)`.
            List<Long> ok = tablet.replicas.stream()
                    .filter(written::contains)
                    .filter(be -> tablet.versionsOn(be, 0).lastFailedVersion < 0)
                    .toList();
            if (ok.size() < quorum.get(tablet.partitionId)) {
                List<Long> failed =
                        tablet.replicas.stream().filter(be -> !ok.contains(be)).toList();
                fe.ctx.log(
                        "WARN",
                        "Failed to commit txn [" + txn + "]. Tablet [" + tablet.id + "] success replica num is "
                                + ok.size() + " < quorum replica num " + quorum.get(tablet.partitionId));
                throw errors.quorumFailed(txn, tablet.id, ok.size(), quorum.get(tablet.partitionId), failed);
            }
        }
        commit(table, byTablet, written);
        fe.ctx.info("finished to commit txn " + txn + " of table " + table.qualified() + ": " + rows.size() + " rows");
        return new QueryResult.Ok(rows.size());
    }

    /** The statement's rows in the table's column order, checked against the schema. */
    private List<List<String>> rows(Catalog.Table table, Statement.Insert insert) throws SqlError {
        List<Catalog.Column> schema = table.schema();
        List<String> named =
                insert.columns().isEmpty() ? schema.stream().map(c -> c.name).toList() : insert.columns();
        int[] position = new int[named.size()];
        for (int i = 0; i < named.size(); i++) {
            position[i] = -1;
            for (int c = 0; c < schema.size(); c++) {
                if (schema.get(c).name.equalsIgnoreCase(named.get(i))) {
                    position[i] = c;
                }
            }
            if (position[i] < 0) {
                throw errors.unknownColumn(named.get(i));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> values : insert.rows()) {
            if (values.size() != named.size()) {
                // ER_WRONG_VALUE_COUNT_ON_ROW [I: the Nereids wording has no row number]
                throw errors.analysis("Column count doesn't match value count");
            }
            List<String> row = new ArrayList<>(java.util.Collections.nCopies(schema.size(), (String) null));
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                Catalog.Column column = schema.get(position[i]);
                if (value != null && column.numeric() && !value.matches("-?\\d+(\\.\\d+)?")) {
                    throw errors.analysis("Invalid number format: " + value + " for column " + column.name);
                }
                row.set(position[i], value);
            }
            rows.add(row);
        }
        return rows;
    }

    private Map<Long, List<List<String>>> distribute(Catalog current, Catalog.Table table, List<List<String>> rows) {
        Map<Long, List<List<String>>> byTablet = new LinkedHashMap<>();
        int key = table.distributionIndex();
        for (List<String> row : rows) {
            int hash = Math.abs(String.valueOf(row.get(key)).hashCode() % 1_000_003);
            Catalog.Partition partition = table.partitions.get(hash % table.partitions.size());
            List<Catalog.Tablet> tablets = current.tabletsOf(partition.id);
            if (tablets.isEmpty()) {
                continue;
            }
            Catalog.Tablet tablet = tablets.get(hash % tablets.size());
            byTablet.computeIfAbsent(tablet.id, id -> new ArrayList<>()).add(row);
        }
        return byTablet;
    }

    private long beginTransaction() {
        long[] txn = {0};
        fe.mutate(c -> txn[0] = c.nextTxnId++);
        return txn[0];
    }

    /** Sends the load to each backend; returns those that wrote it. */
    private Set<Long> write(Catalog current, Set<Long> targets, long txn) {
        Set<Long> written = new LinkedHashSet<>();
        for (long id : targets) {
            Catalog.Be be = current.backends.stream()
                    .filter(b -> b.id == id)
                    .findFirst()
                    .orElse(null);
            FeNode.BeRuntime runtime = fe.beRuntime.get(id);
            if (be == null || runtime == null) {
                continue;
            }
            try {
                String answer = Peer.call(be.host, runtime.brpcPort, "WRITE " + txn, WRITE_TIMEOUT_MILLIS);
                if (answer.startsWith("OK")) {
                    written.add(id);
                }
            } catch (IOException e) {
                fe.ctx.log("WARN", "load txn " + txn + ": backend " + id + " failed to write: " + e.getMessage());
            }
        }
        return written;
    }

    private void commit(Catalog.Table table, Map<Long, List<List<String>>> byTablet, Set<Long> written) {
        long now = System.currentTimeMillis();
        fe.mutate(c -> {
            for (Catalog.Table t : c.tables) {
                if (t.id != table.id) {
                    continue;
                }
                for (Catalog.Partition partition : t.partitions) {
                    long before = partition.visibleVersion;
                    long version = before + 1;
                    for (Catalog.Tablet tablet : c.tabletsOf(partition.id)) {
                        for (long backend : tablet.replicas) {
                            Catalog.Versions v = tablet.versionsOn(backend, before);
                            if (written.contains(backend)) {
                                // Replica.updateVersion: only a replica without a gap moves its version.
                                if (v.lastFailedVersion < 0 && v.version >= before) {
                                    v.version = version;
                                }
                                v.lastSuccessVersion = version;
                            } else {
                                v.lastFailedVersion = Math.max(v.lastFailedVersion, version);
                                v.lastFailedTime = now;
                            }
                            tablet.versions.put(backend, v);
                        }
                        List<List<String>> rows = byTablet.get(tablet.id);
                        if (rows != null) {
                            tablet.rowsets.add(new Catalog.Rowset(version, rows));
                        }
                    }
                    partition.visibleVersion = version;
                }
            }
        });
    }

    private boolean alive(long backend) {
        FeNode.BeRuntime runtime = fe.beRuntime.get(backend);
        return runtime != null && runtime.alive;
    }
}
