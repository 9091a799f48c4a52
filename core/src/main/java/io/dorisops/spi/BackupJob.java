package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.Beta;

/**
 * One backup job as {@code SHOW BACKUP FROM db} lists it ({@code docs/backup.md}), its columns read by
 * name: the state ({@code PENDING}, {@code SNAPSHOTING}, {@code UPLOAD_SNAPSHOT}, {@code UPLOADING},
 * {@code SAVE_META}, {@code UPLOAD_INFO}, {@code FINISHED}, {@code CANCELLED}) and what shows its progress.
 *
 * @param jobId {@code JobId}
 * @param label {@code SnapshotName}
 * @param database {@code DbName}
 * @param state {@code State}
 * @param unfinishedTasks {@code UnfinishedTasks}: {@code [taskId=backendId], ...}, empty when none
 * @param progress {@code Progress}: {@code [taskId: done/total], ...}
 * @param taskErrors {@code TaskErrMsg}: {@code [taskId: message], ...}
 * @param status {@code Status}: {@code [OK]} or the error
 */
@Beta
public record BackupJob(
        String jobId,
        String label,
        String database,
        String state,
        String unfinishedTasks,
        String progress,
        String taskErrors,
        String status) {
    public BackupJob {
        requireNonNull(jobId, "jobId");
        requireNonNull(label, "label");
        requireNonNull(database, "database");
        requireNonNull(state, "state");
        requireNonNull(unfinishedTasks, "unfinishedTasks");
        requireNonNull(progress, "progress");
        requireNonNull(taskErrors, "taskErrors");
        requireNonNull(status, "status");
    }

    /** True once the job is {@code FINISHED} or {@code CANCELLED}. */
    public boolean done() {
        return state.equals("FINISHED") || state.equals("CANCELLED");
    }

    /** The number of unfinished tasks ({@code UnfinishedTasks} entries). */
    public int unfinishedCount() {
        return unfinishedTasks.isBlank() ? 0 : unfinishedTasks.split("\\],").length;
    }
}
