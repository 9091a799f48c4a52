package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.testkit.internal.mysql.QueryResult;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rows of {@code SHOW REPOSITORIES}, {@code SHOW BACKUP}, {@code SHOW RESTORE} and {@code SHOW
 * SNAPSHOT} with the columns of docs/backup.md ("Facts"): Doris {@code ShowRepositoriesStmt}, {@code
 * ShowBackupStmt} (the 14 columns of Doris ≤ 2.1 and StarRocks), {@code ShowRestoreStmt}, {@code
 * ShowSnapshotStmt}; values as {@code BackupJob.getInfo} writes them (times {@code yyyy-MM-dd HH:mm:ss}
 * or {@code NULL}, tasks {@code [taskId=backendId]}, progress {@code [taskId: done/total]}).
 */
final class SnapshotShows {
    private final Catalog catalog;
    private final Flavor flavor;

    SnapshotShows(Catalog catalog, Flavor flavor) {
        this.catalog = catalog;
        this.flavor = flavor;
    }

    /** {@code TimeUtils.longToTimeString}: {@code NULL} for a time not reached. */
    static String time(long millis) {
        return millis <= 0 ? "NULL" : new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new Date(millis));
    }

    QueryResult repositories() {
        List<String> columns = new ArrayList<>(
                List.of("RepoId", "RepoName", "CreateTime", "IsReadOnly", "Location", "Broker", "Type", "ErrMsg"));
        if (flavor == Flavor.STARROCKS) {
            columns.remove("Type");
        }
        List<List<String>> rows = new ArrayList<>();
        for (BackupState.Repository repo : catalog.repositories) {
            List<String> row = new ArrayList<>(List.of(
                    String.valueOf(repo.id),
                    repo.name,
                    time(repo.createTime),
                    String.valueOf(repo.readOnly),
                    repo.location,
                    "-",
                    repo.type,
                    "NULL"));
            if (flavor == Flavor.STARROCKS) {
                row.remove(6);
            }
            rows.add(row);
        }
        return QueryResult.rows(columns, rows);
    }

    /** The jobs of one database, oldest first (the last ten; real FEs keep a few per database). */
    QueryResult jobs(boolean restore, String db) {
        List<String> columns = restore
                ? new ArrayList<>(List.of(
                        "JobId",
                        "Label",
                        "Timestamp",
                        "DbName",
                        "State",
                        "AllowLoad",
                        "ReplicationNum",
                        "ReplicaAllocation",
                        "RestoreObjs",
                        "CreateTime",
                        "MetaPreparedTime",
                        "SnapshotFinishedTime",
                        "DownloadFinishedTime",
                        "FinishedTime",
                        "UnfinishedTasks",
                        "Progress",
                        "TaskErrMsg",
                        "Status",
                        "Timeout"))
                : List.of(
                        "JobId",
                        "SnapshotName",
                        "DbName",
                        "State",
                        "BackupObjs",
                        "CreateTime",
                        "SnapshotFinishedTime",
                        "UploadFinishedTime",
                        "FinishedTime",
                        "UnfinishedTasks",
                        "Progress",
                        "TaskErrMsg",
                        "Status",
                        "Timeout");
        if (restore && flavor == Flavor.STARROCKS) {
            columns.remove("ReplicaAllocation");
        }
        List<List<String>> rows = new ArrayList<>();
        for (BackupState.Job job : catalog.snapshotJobs) {
            if (job.restore != restore || !job.db.equals(db)) {
                continue;
            }
            List<BackupState.Task> open =
                    job.tasks.stream().filter(t -> !t.done).toList();
            boolean working = job.state.equals(restore ? "DOWNLOADING" : "UPLOADING");
            String unfinished = working
                    ? open.stream()
                            .limit(100)
                            .map(t -> "[" + t.id + "=" + t.backendId + "]")
                            .collect(Collectors.joining(", "))
                    : "";
            String progress = working
                    ? open.stream()
                            .limit(100)
                            .map(t -> "[" + t.id + ": 0/" + t.rows + "]")
                            .collect(Collectors.joining(", "))
                    : "";
            String errors = job.tasks.stream()
                    .filter(t -> !t.error.isEmpty())
                    .limit(100)
                    .map(t -> "[" + t.id + ": " + t.error + "]")
                    .collect(Collectors.joining(", "));
            String objects = job.tables.stream()
                    .map(t -> "[" + (restore ? t : db + "." + t) + "]")
                    .collect(Collectors.joining(", "));
            List<String> row = restore
                    ? new ArrayList<>(List.of(
                            String.valueOf(job.id),
                            job.label,
                            job.timestamp,
                            db,
                            job.state,
                            "false",
                            String.valueOf(job.replicationNum),
                            "tag.location.default: " + job.replicationNum,
                            objects,
                            time(job.createTime),
                            time(job.metaPreparedTime),
                            time(job.snapshotFinishedTime),
                            time(job.uploadFinishedTime),
                            time(job.finishedTime),
                            unfinished,
                            progress,
                            errors,
                            job.status,
                            String.valueOf(job.timeoutSeconds)))
                    : List.of(
                            String.valueOf(job.id),
                            job.label,
                            db,
                            job.state,
                            objects,
                            time(job.createTime),
                            time(job.snapshotFinishedTime),
                            time(job.uploadFinishedTime),
                            time(job.finishedTime),
                            unfinished,
                            progress,
                            errors,
                            job.status,
                            String.valueOf(job.timeoutSeconds));
            if (restore && flavor == Flavor.STARROCKS) {
                row.remove(7);
            }
            rows.add(row);
        }
        return QueryResult.rows(columns, rows);
    }

    /**
     * {@code SHOW SNAPSHOT ON repo [WHERE SNAPSHOT = x [AND TIMESTAMP = t]]}: one row per snapshot and
     * timestamp; with both conditions the detail columns, {@code Details} the snapshot's job info.
     */
    QueryResult snapshots(SnapshotFiles files, Optional<String> label, Optional<String> timestamp) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        if (label.isPresent() && timestamp.isPresent()) {
            Optional<JsonNode> info = files.info(label.get(), timestamp.get());
            if (info.isPresent()) {
                rows.add(List.of(
                        label.get(),
                        timestamp.get(),
                        info.get().path("database").asText(),
                        info.get().toString(),
                        "OK"));
            }
            return QueryResult.rows(List.of("Snapshot", "Timestamp", "Database", "Details", "Status"), rows);
        }
        for (String[] snapshot : files.snapshots()) {
            if (label.isEmpty() || label.get().equals(snapshot[0])) {
                rows.add(List.of(snapshot[0], snapshot[1], "OK"));
            }
        }
        return QueryResult.rows(List.of("Snapshot", "Timestamp", "Status"), rows);
    }
}
