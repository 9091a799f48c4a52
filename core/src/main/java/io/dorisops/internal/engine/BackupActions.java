package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.internal.Durations;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Waiter;
import io.dorisops.spi.BackupJob;
import io.dorisops.spi.ClusterAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers of a backup's actions ({@code docs/backup.md}), through the {@link ClusterAdmin}.
 *
 * <p>{@link Action.SubmitBackup}: when {@code SHOW BACKUP FROM db} lists a job of the label, it was
 * submitted already (the run was cut short after it, and is resumed): nothing is sent, the next action
 * follows that job. Another job of the database still running is refused, naming it. Else the {@code
 * BACKUP SNAPSHOT} is sent.
 *
 * <p>{@link Action.AwaitBackup}, the job followed to its end:
 *
 * <ol>
 *   <li>Read the job of the label from {@code SHOW BACKUP FROM db} each poll.
 *   <li>Report each new state or progress ({@code UnfinishedTasks}, {@code Progress}) as a WAITING event.
 *   <li>Done at {@code FINISHED}; fail at {@code CANCELLED} with its {@code Status}.
 *   <li>Fail as stalled when neither the state nor the progress changed for the state's stall time,
 *       naming the state, what the cluster waits for in it, the task errors, and what to do.
 * </ol>
 */
final class BackupActions {
    /** A backup is bounded by its stall check and the cluster's own job timeout, not by a deadline here. */
    private static final Duration NO_DEADLINE = Duration.ofDays(30);

    /** What the cluster waits for in each state, and where to look when it stays there. */
    private static final Map<String, String> WAITS_FOR = Map.of(
            "PENDING",
            "the FE to send the snapshot tasks: check that the master FE is healthy",
            "SNAPSHOTING",
            "the BEs to take the tablets' snapshots: check that every BE holding them is alive and" + " has disk space",
            "UPLOAD_SNAPSHOT",
            "the FE to send the upload tasks: check that the master FE is healthy",
            "UPLOADING",
            "the BEs to upload the snapshots to the repository: check that every BE reaches the"
                    + " storage and that it is writable (dorisops backup repo check)",
            "SAVE_META",
            "the FE to save the snapshot's meta: check the master FE's disk",
            "UPLOAD_INFO",
            "the FE to upload the meta and job info: check that the master FE reaches the storage and"
                    + " that it is writable (dorisops backup repo check)");

    private BackupActions() {}

    static void register(ActionHandlers.Table table) {
        table.done(Action.SubmitBackup.class, BackupActions::submit);
        table.done(Action.AwaitBackup.class, BackupActions::await);
    }

    private static void submit(Action.SubmitBackup submit, ActionContext run) {
        ClusterAdmin admin = run.engine().admin();
        Optional<BackupJob> mine = job(admin, submit.database(), submit.label());
        if (mine.isPresent()) {
            run.note(
                    "",
                    "backup " + submit.label() + " of " + submit.database() + " was submitted already (job "
                            + mine.get().jobId() + ", " + mine.get().state()
                            + "): following it, not submitting it again");
            return;
        }
        Optional<BackupJob> other = admin.backupJobs(submit.database()).stream()
                .filter(j -> !j.done())
                .findFirst();
        if (other.isPresent()) {
            throw new DorisOpsException("backup " + submit.label() + " of " + submit.database() + ": backup "
                    + other.get().label() + " of the database is running (state "
                    + other.get().state()
                    + "), and the cluster runs one job per database. Nothing was submitted; wait for it, or cancel it"
                    + " with CANCEL BACKUP FROM " + submit.database() + ", then resume");
        }
        admin.submitBackup(submit.database(), submit.label(), submit.repository(), submit.tables());
    }

    private static void await(Action.AwaitBackup await, ActionContext run) {
        Waiter waiter = run.waiter("");
        Follow follow = new Follow(waiter.clock().instant());
        String done = waiter.loop(
                "backup " + await.label() + " of " + await.database(),
                "FINISHED",
                NO_DEADLINE,
                () -> follow.poll(run, await));
        run.note("", done);
    }

    /** The job of {@code label} in {@code database}: the newest listed. */
    private static Optional<BackupJob> job(ClusterAdmin admin, String database, String label) {
        return admin.backupJobs(database).stream()
                .filter(j -> j.label().equals(label))
                .reduce((first, second) -> second);
    }

    /** What a follow has seen from one poll to the next. */
    private static final class Follow {
        private final Instant start;
        private Instant lastChange;
        private String last = "";

        Follow(Instant start) {
            this.start = start;
            this.lastChange = start;
        }

        Optional<String> poll(ActionContext run, Action.AwaitBackup await) {
            Instant now = run.engine().clock().instant();
            String subject = "backup " + await.label() + " of " + await.database();
            BackupJob job = job(run.engine().admin(), await.database(), await.label())
                    .orElseThrow(() -> new DorisOpsException(subject + ": SHOW BACKUP FROM " + await.database()
                            + " lists no job of this label (it was never submitted, or the FE forgot it after a"
                            + " restart); run the backup again"));
            if (job.state().equals("FINISHED")) {
                return Optional.of(subject + ": FINISHED (job " + job.jobId() + ") after "
                        + Durations.format(Duration.between(start, now)));
            }
            if (job.state().equals("CANCELLED")) {
                throw new DorisOpsException(subject + ": the cluster cancelled job " + job.jobId() + ": " + job.status()
                        + (job.taskErrors().isEmpty() ? "" : "; task errors " + job.taskErrors())
                        + ". Fix the cause and run the backup again");
            }
            String seen = job.state() + " " + job.unfinishedTasks() + " " + job.progress();
            if (!seen.equals(last)) {
                last = seen;
                lastChange = now;
                run.events().waiting("", subject + ": " + job.state() + progress(job));
            }
            Duration stallAfter = await.stallAfter(job.state());
            if (Duration.between(lastChange, now).compareTo(stallAfter) > 0) {
                throw new DorisOpsException(subject + " is stalled: job " + job.jobId() + " stayed in " + job.state()
                        + " with no progress for " + Durations.format(stallAfter) + progress(job)
                        + (job.taskErrors().isEmpty() ? "" : "; task errors " + job.taskErrors()) + ". It waits for "
                        + WAITS_FOR.getOrDefault(job.state(), "the cluster") + "; then resume (the job is followed,"
                        + " not submitted again), or cancel it with CANCEL BACKUP FROM " + await.database());
            }
            return Optional.empty();
        }

        private static String progress(BackupJob job) {
            return job.unfinishedCount() == 0 ? "" : ", " + job.unfinishedCount() + " tasks unfinished";
        }
    }
}
