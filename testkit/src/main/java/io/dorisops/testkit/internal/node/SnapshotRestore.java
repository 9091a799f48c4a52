package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Version;
import io.dorisops.testkit.internal.SandboxSpec;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tick of a restore job on the master ({@link SnapshotJobs}): {@code PENDING} prepares the tables,
 * {@code DOWNLOADING} reads the tablets' rows back from the repository (kept in memory on the master
 * until the commit; a new master reads them again), {@code COMMITTING} makes them the tables' data.
 */
final class SnapshotRestore {
    private final FeNode fe;
    private final SnapshotJobs jobs;
    private final SnapshotFiles files;
    private final Map<Long, Map<Long, List<List<String>>>> downloaded;

    SnapshotRestore(
            FeNode fe, SnapshotJobs jobs, SnapshotFiles files, Map<Long, Map<Long, List<List<String>>>> downloaded) {
        this.fe = fe;
        this.jobs = jobs;
        this.files = files;
        this.downloaded = downloaded;
    }

    void advance(BackupState.Job job, boolean stepDone) {
        switch (job.state) {
            case "PENDING" -> {
                if (stepDone) {
                    prepare(job);
                }
            }
            case "SNAPSHOTING" -> jobs.step(
                    job, stepDone, "DOWNLOAD", j -> j.snapshotFinishedTime = SnapshotJobs.now());
            case "DOWNLOAD" -> jobs.step(job, stepDone, "DOWNLOADING", j -> {});
            case "DOWNLOADING" -> download(job);
            case "COMMIT" -> jobs.step(job, stepDone, "COMMITTING", j -> {});
            case "COMMITTING" -> commit(job);
            default -> {}
        }
    }

    /** The source table of a job's "source [AS target]" and its target. */
    private static String[] names(String ref) {
        int as = ref.indexOf(" AS ");
        return as < 0 ? new String[] {ref, ref} : new String[] {ref.substring(0, as), ref.substring(as + 4)};
    }

    private void prepare(BackupState.Job job) {
        JsonNode meta;
        try {
            meta = files.meta(job.label, job.timestamp)
                    .orElseThrow(() -> new IOException("__meta_" + job.timestamp + " not found"));
        } catch (IOException e) {
            jobs.cancel(job, "[COMMON_ERROR, failed to read the snapshot's meta: " + e.getMessage() + "]");
            return;
        }
        DataErrors errors = new DataErrors(fe.ctx.flavor, Version.parse(fe.ctx.version));
        DataDefinitions definitions = new DataDefinitions(fe, errors);
        for (String ref : job.tables) {
            String[] names = names(ref);
            JsonNode schema = null;
            for (JsonNode table : meta.path("tables")) {
                if (table.path("name").asText().equals(names[0])) {
                    schema = table;
                }
            }
            if (schema == null) {
                jobs.cancel(job, "[COMMON_ERROR, table " + names[0] + " is not in the snapshot's meta]");
                return;
            }
            List<Statement.ColumnDef> columns = new ArrayList<>();
            schema.path("columns")
                    .forEach(c -> columns.add(
                            new Statement.ColumnDef(c.get(0).asText(), c.get(1).asText())));
            Optional<Catalog.Table> existing = fe.snapshot().table(job.db, names[1]);
            if (existing.isPresent()) {
                List<Statement.ColumnDef> have = existing.get().schema().stream()
                        .map(c -> new Statement.ColumnDef(c.name, c.type))
                        .toList();
                if (!have.equals(columns)) {
                    // [U] the wording; RestoreJob.checkAndPrepareMeta compares the schemas.
                    jobs.cancel(job, "[COMMON_ERROR, Table " + names[1] + " already exist but with different schema]");
                    return;
                }
                continue;
            }
            int replicas = job.replicationNum > 0
                    ? job.replicationNum
                    : schema.path("replicas").asInt(1);
            try {
                definitions.createTable(
                        new Statement.CreateTable(
                                false,
                                Optional.of(job.db),
                                names[1],
                                columns,
                                List.of(),
                                schema.path("distribution").asText(),
                                OptionalInt.of(
                                        Math.max(1, schema.path("buckets").asInt(1))),
                                Map.of("replication_num", String.valueOf(replicas))),
                        job.db);
            } catch (SqlError e) {
                jobs.cancel(job, "[COMMON_ERROR, " + e.getMessage() + "]");
                return;
            }
        }
        jobs.update(job, j -> {
            j.metaPreparedTime = SnapshotJobs.now();
            SnapshotJobs.next(j, "SNAPSHOTING");
        });
    }

    private void download(BackupState.Job job) {
        Map<Long, List<List<String>>> cache = downloaded.computeIfAbsent(job.id, id -> new ConcurrentHashMap<>());
        List<Long> done = new ArrayList<>();
        for (BackupState.Task task : job.tasks.stream()
                .filter(t -> !t.done)
                .limit(SnapshotJobs.TASKS_PER_TICK)
                .toList()) {
            try {
                cache.put(task.tabletId, read(job, task));
                done.add(task.id);
            } catch (IOException e) {
                jobs.cancel(
                        job, "[COMMON_ERROR, failed to download tablet " + task.tabletId + ": " + e.getMessage() + "]");
                return;
            }
        }
        jobs.update(job, j -> {
            j.tasks.stream().filter(t -> done.contains(t.id)).forEach(t -> t.done = true);
            if (j.tasks.stream().allMatch(t -> t.done)) {
                j.uploadFinishedTime = SnapshotJobs.now();
                SnapshotJobs.next(j, "COMMIT");
            }
        });
    }

    private List<List<String>> read(BackupState.Job job, BackupState.Task task) throws IOException {
        JsonNode data = files.readTablet(job.label, job.timestamp, task.dbId, task.tableId, task.tabletId)
                .orElseThrow(() -> new IOException("its object is missing from the repository"));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : data.path("rows")) {
            rows.add(SandboxSpec.JSON.convertValue(
                    row, SandboxSpec.JSON.getTypeFactory().constructCollectionType(List.class, String.class)));
        }
        return rows;
    }

    private void commit(BackupState.Job job) {
        Map<Long, List<List<String>>> cache = downloaded.computeIfAbsent(job.id, id -> new ConcurrentHashMap<>());
        try {
            for (BackupState.Task task : job.tasks) {
                if (!cache.containsKey(task.tabletId)) {
                    cache.put(task.tabletId, read(job, task));
                }
            }
        } catch (IOException e) {
            jobs.cancel(job, "[COMMON_ERROR, failed to download again on the new master: " + e.getMessage() + "]");
            return;
        }
        fe.mutate(c -> {
            for (String ref : job.tables) {
                String[] names = names(ref);
                Catalog.Table table = c.table(job.db, names[1]).orElse(null);
                if (table == null || table.partitions.isEmpty()) {
                    continue;
                }
                Catalog.Partition partition = table.partitions.get(0);
                List<Catalog.Tablet> tablets = c.tabletsOf(partition.id);
                long version = partition.visibleVersion + 1;
                tablets.forEach(t -> {
                    t.rowsets.clear();
                    t.versions.clear();
                });
                for (BackupState.Task task : job.tasks) {
                    if (task.table.equals(names[0]) && !tablets.isEmpty()) {
                        tablets.get(task.index % tablets.size())
                                .rowsets
                                .add(new Catalog.Rowset(version, cache.get(task.tabletId)));
                    }
                }
                partition.visibleVersion = version;
            }
            c.snapshotJobs.stream().filter(j -> j.id == job.id).forEach(j -> {
                j.finishedTime = SnapshotJobs.now();
                SnapshotJobs.next(j, "FINISHED");
            });
        });
        downloaded.remove(job.id);
        fe.ctx.info("restore job " + job.label + " of " + job.db + " finished");
    }
}
