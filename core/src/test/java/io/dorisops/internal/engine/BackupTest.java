package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.BackupRepository;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.ReplicaFacts;
import io.dorisops.RunResult;
import io.dorisops.Secret;
import io.dorisops.spi.BackupJob;
import io.dorisops.spi.RepositoryInfo;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backup procedure on an in-memory cluster ({@code docs/backup.md}): one job submitted and followed
 * to its end with progress events, a stall named with its state and what to do, resume following the
 * same job, and every bad input refused before anything is locked, journaled or sent.
 */
class BackupTest extends FakeRunFixture {
    private static final Duration STALL = Duration.ofMillis(400);

    private final List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void aDatabaseWithTwoTablesAndARepository() {
        cluster.facts = new ReplicaFacts(
                1,
                List.of(),
                List.of(partition("d.t1", 1), partition("d.t2", 2), partition("other.x", 3)),
                Instant.now());
        cluster.repositories.add(new RepositoryInfo("repo1", "s3://backups/nightly", false, ""));
        cluster.repositories.add(new RepositoryInfo("archive", "s3://backups/old", true, ""));
    }

    private static ReplicaFacts.Partition partition(String table, long id) {
        return new ReplicaFacts.Partition(1, id, id * 10, table, "p", 3, Map.of("default", 3), 4, 100);
    }

    private Procedures backupProcedures() {
        return procedures(options().listener(ProgressListener.of(events::add)).build());
    }

    private Operation plan(Procedures procedures, List<String> tables, String repository) {
        return procedures.planBackup("d", tables, repository, Optional.of("snap1"), STALL, Map.of());
    }

    private List<String> waiting() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e.type() == ProgressEvent.Type.WAITING)
                    .map(ProgressEvent::message)
                    .toList();
        }
    }

    @Test
    void aBackupSubmitsOneJobAndFollowsItThroughItsStatesWithProgressToFinished() {
        Procedures procedures = backupProcedures();
        Operation plan = plan(procedures, List.of("t1"), "repo1");
        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.onCluster()).isTrue();
            assertThat(step.actionKeys()).containsExactly("submit-backup", "await-backup");
        });

        RunResult result = procedures.execute(plan);

        assertThat(cluster.backupSubmits).isEqualTo(1);
        assertThat(cluster.log("submit-backup")).containsExactly("d.snap1");
        assertThat(waiting()).anySatisfy(m -> assertThat(m).contains("backup snap1 of d: SNAPSHOTING"));
        assertThat(waiting()).anySatisfy(m -> assertThat(m).contains("UPLOADING, 2 tasks unfinished"));
        assertThat(result.runId()).startsWith("backup-");
    }

    @Test
    void aStalledBackupFailsNamingItsStateTheTaskErrorsAndWhatToDo() {
        cluster.backupScript.clear();
        cluster.backupScript.addAll(List.of("PENDING", "UPLOADING"));
        Procedures procedures = backupProcedures();

        assertThatThrownBy(() -> procedures.execute(plan(procedures, List.of(), "repo1")))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("backup snap1 of d is stalled")
                .hasMessageContaining("stayed in UPLOADING with no progress for 400ms, 2 tasks unfinished")
                .hasMessageContaining("the BEs to upload the snapshots to the repository")
                .hasMessageContaining("dorisops backup repo check")
                .hasMessageContaining("CANCEL BACKUP FROM d");
        assertThat(cluster.backupSubmits).isEqualTo(1);
    }

    @Test
    void theStallTimeIsPerState() {
        cluster.backupScript.clear();
        cluster.backupScript.addAll(List.of("PENDING", "SNAPSHOTING"));
        Procedures procedures = backupProcedures();
        Operation plan = procedures.planBackup(
                "d", List.of(), "repo1", Optional.of("snap1"), Duration.ofMinutes(10), Map.of("SNAPSHOTING", STALL));

        assertThatThrownBy(() -> procedures.execute(plan))
                .hasMessageContaining("stayed in SNAPSHOTING with no progress for 400ms")
                .hasMessageContaining("every BE holding them is alive");
    }

    @Test
    void aResumedBackupFollowsTheSameJobAndNeverSubmitsASecond() {
        cluster.backupScript.clear();
        cluster.backupScript.addAll(List.of("PENDING", "UPLOADING"));
        Procedures procedures = backupProcedures();
        assertThatThrownBy(() -> procedures.execute(plan(procedures, List.of(), "repo1")))
                .hasMessageContaining("stalled");

        cluster.backupScript.clear();
        cluster.backupScript.addAll(List.of("UPLOAD_INFO", "FINISHED"));
        RunResult resumed = procedures.resume(Optional.empty());

        assertThat(resumed.runId()).startsWith("backup-");
        assertThat(cluster.backupSubmits).isEqualTo(1);
        assertThat(cluster.backupJobs).singleElement().satisfies(job -> assertThat(job.state())
                .isEqualTo("FINISHED"));
    }

    @Test
    void aSubmitThatFindsItsLabelAlreadyThereFollowsThatJobInsteadOfSubmitting() {
        Procedures procedures = backupProcedures();
        Operation plan = plan(procedures, List.of(), "repo1");
        // The runner died after the BACKUP statement, before its journal entry: the job is there.
        cluster.backupJobs.add(new BackupJob("7", "snap1", "d", "UPLOADING", "", "", "", "[OK]"));

        procedures.execute(plan);

        assertThat(cluster.backupSubmits).isZero();
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("was submitted already (job 7"));
    }

    @Test
    void aCancelledJobFailsTheRunWithItsStatus() {
        cluster.backupScript.clear();
        cluster.backupScript.addAll(List.of("UPLOADING", "CANCELLED"));
        Procedures procedures = backupProcedures();

        assertThatThrownBy(() -> procedures.execute(plan(procedures, List.of(), "repo1")))
                .hasMessageContaining("the cluster cancelled job 1: [COMMON_ERROR, upload failed]");
    }

    @Test
    void badInputsAreRefusedBeforeAnythingIsLockedJournaledOrSent() throws Exception {
        cluster.backupJobs.add(new BackupJob("3", "older", "other", "UPLOADING", "", "", "", "[OK]"));
        Procedures procedures = backupProcedures();
        assertThatThrownBy(() -> plan(procedures, List.of(), "nosuch"))
                .hasMessageContaining("backup of d (fake) is refused: the cluster has no repository nosuch (it has"
                        + " [repo1, archive]); add it with dorisops backup repo add. Nothing was changed");
        assertThatThrownBy(() -> plan(procedures, List.of(), "archive"))
                .hasMessageContaining("repository archive is read only");
        assertThatThrownBy(() -> plan(procedures, List.of("t1", "t9"), "repo1"))
                .hasMessageContaining("database d has no table t9; its tables are [t1, t2]");
        assertThatThrownBy(() -> procedures.planBackup("nodb", List.of(), "repo1", Optional.empty(), STALL, Map.of()))
                .hasMessageContaining("the cluster has no database nodb with tables");
        assertThatThrownBy(() -> procedures.planBackup("other", List.of(), "repo1", Optional.empty(), STALL, Map.of()))
                .hasMessageContaining("backup older of other is still running (state ")
                .hasMessageContaining("CANCEL BACKUP FROM other");
        assertThatThrownBy(() ->
                        procedures.planBackup("d", List.of("t1; DROP"), "repo1", Optional.empty(), STALL, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the table name \"t1; DROP\" is not a plain name");

        assertThat(cluster.backupSubmits).isZero();
        assertThat(!Files.exists(state()) || Stream.of(state().toFile().list()).noneMatch(f -> f.contains("backup")))
                .isTrue();
    }

    @Test
    void aSecondBackupOfTheDatabaseIsRefusedWhileOneRuns() {
        cluster.backupScript.clear();
        cluster.backupScript.add("UPLOADING");
        cluster.submitBackup("d", "first", "repo1", List.of());
        cluster.backupSubmits = 0;

        assertThatThrownBy(() -> plan(backupProcedures(), List.of(), "repo1"))
                .hasMessageContaining("backup first of d is still running (state UPLOADING)");
        assertThat(cluster.backupSubmits).isZero();
    }

    @Test
    void theRepositoryKeysNeverShowInItsTextAndABadFieldIsNamed() {
        BackupRepository repo = new BackupRepository(
                "repo1",
                "s3://backups/nightly",
                "http://127.0.0.1:9000",
                "us-east-1",
                Secret.of("AKID-VALUE"),
                Secret.of("the-secret-value"),
                false);
        assertThat(repo.toString())
                .doesNotContain("AKID-VALUE")
                .doesNotContain("the-secret-value")
                .contains("repo1");
        assertThatThrownBy(() -> new BackupRepository(
                        "repo1", "ftp://x", "http://h:1", "us-east-1", Secret.NONE, Secret.NONE, false))
                .hasMessageContaining("backup repository location \"ftp://x\" is not valid: expected s3://bucket/path");
    }
}
