package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The master FE's backup and restore jobs, moved every 100 ms through the real states (docs/backup.md):
 *
 * <ol>
 *   <li>Backup: {@code PENDING} (the snapshot version of each tablet is taken), {@code SNAPSHOTING},
 *       {@code UPLOAD_SNAPSHOT}, {@code UPLOADING} (each tablet's rows at its snapshot version written to
 *       the S3 server, {@link #TASKS_PER_TICK} a tick; a write the server refuses stays unfinished with
 *       its error in {@code TaskErrMsg} and is tried again; the fault {@code stall-upload} holds every
 *       upload), {@code SAVE_META}, {@code UPLOAD_INFO} (the schemas and the job info written), {@code
 *       FINISHED}.
 *   <li>Restore: {@code PENDING} (the snapshot's tables created, or an existing one of the same columns
 *       taken; another schema cancels the job), {@code SNAPSHOTING}, {@code DOWNLOAD}, {@code
 *       DOWNLOADING} (each tablet's rows read back; a missing object cancels the job), {@code COMMIT},
 *       {@code COMMITTING} (the rows become each table's data at a new version), {@code FINISHED}.
 *   <li>A job older than its timeout is {@code CANCELLED}.
 * </ol>
 *
 * <p>Each state but the working ones lasts at least {@link #STEP_MILLIS}, so a poller sees it.
 */
final class SnapshotJobs {
    static final long STEP_MILLIS = 200;
    static final int TASKS_PER_TICK = 4;

    private final FeNode fe;
    private final Map<Long, Map<Long, List<List<String>>>> downloaded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "snapshot-jobs");
        thread.setDaemon(true);
        return thread;
    });

    SnapshotJobs(FeNode fe) {
        this.fe = fe;
    }

    void start() {
        runner.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** A backup job of {@code db} in {@code PENDING}: one upload task per tablet of its tables. */
    static BackupState.Job newBackup(
            Catalog catalog,
            SnapshotFiles files,
            Statement.SnapshotJob statement,
            String db,
            DataErrors errors,
            Flavor flavor)
            throws SqlError {
        List<String> tables = statement.tables().isEmpty()
                ? catalog.tables.stream()
                        .filter(t -> t.db.equals(db))
                        .map(t -> t.name)
                        .toList()
                : statement.tables().stream().map(Statement.TableRef::table).toList();
        if (tables.isEmpty()) {
            throw errors.analysis("Database " + db + " has no table to back up"); // [U] the wording
        }
        BackupState.Job job = job(false, db, statement, flavor);
        job.timestamp = SnapshotFiles.timestamp(flavor, job.createTime);
        for (String name : tables) {
            Catalog.Table table =
                    catalog.table(db, name).orElseThrow(() -> errors.analysis("Unknown table '" + name + "'"));
            job.tables.add(name);
            for (Catalog.Partition partition : table.partitions) {
                List<Catalog.Tablet> tablets = catalog.tabletsOf(partition.id);
                for (int i = 0; i < tablets.size(); i++) {
                    BackupState.Task task = new BackupState.Task();
                    task.table = name;
                    task.tabletId = tablets.get(i).id;
                    task.index = i;
                    task.backendId = tablets.get(i).replicas.isEmpty()
                            ? -1
                            : tablets.get(i).replicas.get(0);
                    job.tasks.add(task);
                }
            }
        }
        try {
            if (files.snapshots().stream().anyMatch(s -> s[0].equals(job.label))) {
                // [I] BackupHandler.backup: a full backup's label must be new in the repository.
                throw errors.analysis("Snapshot with name '" + job.label + "' already exist in repository: "
                        + statement.repository());
            }
        } catch (IOException e) {
            throw errors.analysis(
                    "Failed to list snapshots in repo: " + statement.repository() + ". msg: " + e.getMessage());
        }
        return job;
    }

    /** A restore job of {@code db} in {@code PENDING}, from a snapshot that exists at its timestamp. */
    static BackupState.Job newRestore(
            FeNode fe, SnapshotFiles files, Statement.SnapshotJob statement, String db, DataErrors errors)
            throws SqlError {
        String timestamp = statement.properties().get("backup_timestamp");
        if (timestamp == null) {
            throw errors.analysis("Missing backup_timestamp property");
        }
        JsonNode info;
        try {
            info = files.info(statement.label(), timestamp)
                    .orElseThrow(() -> new IOException("snapshot info file __info_" + timestamp + " not found"));
        } catch (IOException e) {
            // [I] BackupHandler.restore
            throw errors.analysis("Failed to get info of snapshot '" + statement.label() + "' because: "
                    + e.getMessage() + ". Maybe specified wrong backup timestamp");
        }
        BackupState.Job job = job(true, db, statement, fe.ctx.flavor);
        job.timestamp = timestamp;
        job.replicationNum = Integer.parseInt(statement.properties().getOrDefault("replication_num", "0"));
        JsonNode snapshotTables = info.path("tables");
        List<Statement.TableRef> wanted = new ArrayList<>(statement.tables());
        if (wanted.isEmpty()) {
            snapshotTables.fieldNames().forEachRemaining(t -> wanted.add(new Statement.TableRef(t, Optional.empty())));
        }
        for (Statement.TableRef ref : wanted) {
            JsonNode table = snapshotTables.path(ref.table());
            if (table.isMissingNode()) {
                throw errors.analysis("Table " + ref.table() + " not exist in snapshot " + statement.label()); // [U]
            }
            job.tables.add(ref.table() + ref.alias().map(a -> " AS " + a).orElse(""));
            for (JsonNode tablet : table.path("tablets")) {
                BackupState.Task task = new BackupState.Task();
                task.table = ref.table();
                task.tabletId = tablet.path("id").asLong();
                task.index = tablet.path("index").asInt();
                task.rows = tablet.path("rows").asLong();
                task.dbId = table.path("dbId").asLong();
                task.tableId = table.path("id").asLong();
                task.backendId = -1;
                job.tasks.add(task);
            }
        }
        return job;
    }

    private static BackupState.Job job(boolean restore, String db, Statement.SnapshotJob statement, Flavor flavor) {
        BackupState.Job job = new BackupState.Job();
        job.restore = restore;
        job.db = db;
        job.label = statement.label();
        job.state = "PENDING";
        job.createTime = System.currentTimeMillis();
        job.stateSince = job.createTime;
        String timeout = statement.properties().get("timeout");
        if (timeout != null && timeout.matches("\\d{1,9}")) {
            job.timeoutSeconds = Long.parseLong(timeout);
        }
        return job;
    }

    // ---- the master's tick ----

    private void tick() {
        try {
            if (!fe.isMaster()) {
                return;
            }
            for (BackupState.Job job : fe.snapshot().snapshotJobs) {
                if (!job.done()) {
                    advance(job);
                }
            }
        } catch (RuntimeException e) {
            fe.ctx.log("WARN", "snapshot job tick failed: " + e);
        }
    }

    private void advance(BackupState.Job job) {
        long now = System.currentTimeMillis();
        if (now - job.createTime > job.timeoutSeconds * 1000) {
            cancel(
                    job,
                    "[TIMEOUT, " + (job.restore ? "restore" : "backup") + " job timeout after " + job.timeoutSeconds
                            + " s]");
            return;
        }
        boolean stepDone = now - job.stateSince >= STEP_MILLIS;
        SnapshotFiles files = files(job);
        if (files == null) {
            cancel(job, "[COMMON_ERROR, repository " + job.repository + " does not exist any more]");
            return;
        }
        if (job.restore) {
            new SnapshotRestore(fe, this, files, downloaded).advance(job, stepDone);
        } else {
            advanceBackup(job, files, stepDone);
        }
    }

    private void advanceBackup(BackupState.Job job, SnapshotFiles files, boolean stepDone) {
        switch (job.state) {
            case "PENDING" -> {
                if (stepDone) {
                    Catalog current = fe.snapshot();
                    update(job, j -> {
                        for (BackupState.Task task : j.tasks) {
                            Optional<Catalog.Tablet> tablet = current.tablets.stream()
                                    .filter(t -> t.id == task.tabletId)
                                    .findFirst();
                            long visible = tablet.flatMap(t -> current.partition(t.partitionId))
                                    .map(p -> p.visibleVersion)
                                    .orElse(1L);
                            task.version = visible;
                            task.rows = tablet.map(
                                            t -> (long) t.rowsUpTo(visible).size())
                                    .orElse(0L);
                        }
                        next(j, "SNAPSHOTING");
                    });
                }
            }
            case "SNAPSHOTING" -> step(job, stepDone, "UPLOAD_SNAPSHOT", j -> j.snapshotFinishedTime = now());
            case "UPLOAD_SNAPSHOT" -> step(job, stepDone, "UPLOADING", j -> {});
            case "UPLOADING" -> upload(job, files);
            case "SAVE_META" -> step(job, stepDone, "UPLOAD_INFO", j -> {});
            case "UPLOAD_INFO" -> uploadInfo(job, files);
            default -> {}
        }
    }

    private void upload(BackupState.Job job, SnapshotFiles files) {
        if (fe.ctx.fault(FaultFile.STALL_UPLOAD)) {
            return;
        }
        Catalog current = fe.snapshot();
        Map<Long, String> results = new LinkedHashMap<>();
        job.tasks.stream().filter(t -> !t.done).limit(TASKS_PER_TICK).forEach(task -> {
            Optional<Catalog.Tablet> tablet =
                    current.tablets.stream().filter(t -> t.id == task.tabletId).findFirst();
            Optional<Catalog.Table> table = tablet.flatMap(t -> current.tableOf(t.partitionId));
            try {
                if (tablet.isEmpty() || table.isEmpty()) {
                    throw new IOException("tablet " + task.tabletId + " does not exist any more");
                }
                files.writeTablet(
                        job.label,
                        job.timestamp,
                        table.get().dbId,
                        table.get().id,
                        task.tabletId,
                        tablet.get().rowsUpTo(task.version));
                results.put(task.id, "");
            } catch (IOException e) {
                results.put(task.id, "upload failed: " + e.getMessage());
            }
        });
        update(job, j -> {
            j.tasks.stream().filter(t -> results.containsKey(t.id)).forEach(t -> {
                t.error = results.get(t.id);
                t.done = t.error.isEmpty();
            });
            if (j.tasks.stream().allMatch(t -> t.done)) {
                j.uploadFinishedTime = now();
                next(j, "SAVE_META");
            }
        });
    }

    private void uploadInfo(BackupState.Job job, SnapshotFiles files) {
        Catalog current = fe.snapshot();
        Map<String, Object> tables = new LinkedHashMap<>();
        List<Object> schemas = new ArrayList<>();
        for (String name : job.tables) {
            Optional<Catalog.Table> table = current.table(job.db, name);
            List<Map<String, Object>> tablets = new ArrayList<>();
            job.tasks.stream()
                    .filter(t -> t.table.equals(name))
                    .forEach(t -> tablets.add(Map.of("id", t.tabletId, "index", t.index, "rows", t.rows)));
            tables.put(
                    name,
                    Map.of(
                            "id", table.map(t -> t.id).orElse(0L),
                            "dbId", table.map(t -> t.dbId).orElse(0L),
                            "rows",
                                    tablets.stream()
                                            .mapToLong(t -> (Long) t.get("rows"))
                                            .sum(),
                            "tablets", tablets));
            table.ifPresent(t -> schemas.add(Map.of(
                    "name",
                    t.name,
                    "columns",
                    t.schema().stream().map(c -> List.of(c.name, c.type)).toList(),
                    "distribution",
                    t.schema().get(t.distributionIndex()).name,
                    "buckets",
                    t.partitions.isEmpty() ? 1 : t.partitions.get(0).buckets,
                    "replicas",
                    t.partitions.isEmpty() ? 1 : t.partitions.get(0).replicationNum())));
        }
        String status;
        try {
            files.writeMeta(job.label, job.timestamp, Map.of("tables", schemas));
            files.writeInfo(
                    job.label,
                    job.timestamp,
                    Map.of(
                            "name", job.label,
                            "database", job.db,
                            "backup_time", job.createTime,
                            "timestamp", job.timestamp,
                            "tables", tables));
            status = "[OK]";
        } catch (IOException e) {
            status = "[COMMON_ERROR, failed to upload the meta and job info: " + e.getMessage() + "]";
        }
        String result = status;
        update(job, j -> {
            j.status = result;
            if (result.equals("[OK]")) {
                j.finishedTime = now();
                next(j, "FINISHED");
            }
        });
    }

    // ---- shared with SnapshotRestore ----

    /** Moves the job to {@code state} once its step time has passed, after {@code change}. */
    void step(
            BackupState.Job job, boolean stepDone, String state, java.util.function.Consumer<BackupState.Job> change) {
        if (stepDone) {
            update(job, j -> {
                change.accept(j);
                next(j, state);
            });
        }
    }

    void cancel(BackupState.Job job, String status) {
        update(job, j -> {
            j.status = status;
            j.finishedTime = now();
            next(j, "CANCELLED");
        });
        downloaded.remove(job.id);
        fe.ctx.log("WARN", (job.restore ? "restore" : "backup") + " job " + job.label + " cancelled: " + status);
    }

    /** Applies a change to the job in the master's catalog (the job as it is there). */
    void update(BackupState.Job job, java.util.function.Consumer<BackupState.Job> change) {
        fe.mutate(c -> c.snapshotJobs.stream().filter(j -> j.id == job.id).forEach(change));
    }

    static void next(BackupState.Job job, String state) {
        job.state = state;
        job.stateSince = now();
    }

    private SnapshotFiles files(BackupState.Job job) {
        return fe.snapshot().repositories.stream()
                .filter(r -> r.name.equals(job.repository))
                .findFirst()
                .map(r -> SnapshotFiles.of(r, fe.ctx.flavor))
                .orElse(null);
    }

    static long now() {
        return System.currentTimeMillis();
    }
}
