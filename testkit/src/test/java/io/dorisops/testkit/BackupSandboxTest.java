package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore in the sandbox, through mysql-connector-j, over a real S3 server: repositories are
 * checked by writing to it, a backup moves through the real states and writes its objects there, a
 * restore reads them back into a table, one job per database, and the faults (a stalled upload, a
 * repository that refuses writes, a missing snapshot) look as they do on a real cluster.
 */
class BackupSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aDorisBackupMovesThroughTheRealStatesWritesItsObjectsToS3AndRestoresIntoANewTable() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(3)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            ObjectStore s3 = sandbox.objectStore();
            load(fe, 2, 25);
            Sql.execute(fe, createRepository(Flavor.DORIS, s3, "repo1", "nightly"));
            assertThat(s3.keys("nightly/")).contains("nightly/__palo_repository_repo1/__repo_info");
            List<Map<String, String>> repos = Sql.query(fe, "SHOW REPOSITORIES");
            assertThat(repos.get(0).keySet())
                    .containsExactly(
                            "RepoId", "RepoName", "CreateTime", "IsReadOnly", "Location", "Broker", "Type", "ErrMsg");
            assertThat(repos.get(0).values().toString())
                    .doesNotContain(s3.secretKey())
                    .contains("s3://backups/nightly");

            Sql.execute(fe, "BACKUP SNAPSHOT d.snap1 TO repo1 ON (t1, t2)");
            List<String> states = awaitJob(fe, "BACKUP", "snap1");
            assertThat(states).containsSubsequence("UPLOADING", "UPLOAD_INFO", "FINISHED");
            Map<String, String> job = job(fe, "BACKUP", "snap1");
            assertThat(job).containsEntry("BackupObjs", "[d.t1], [d.t2]").containsEntry("Status", "[OK]");
            assertThat(s3.keys("nightly/__palo_repository_repo1/__ss_snap1/__ss_content/"))
                    .hasSize(8);

            List<Map<String, String>> snapshots = Sql.query(fe, "SHOW SNAPSHOT ON repo1");
            assertThat(snapshots).hasSize(1);
            String timestamp = snapshots.get(0).get("Timestamp");
            assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d");
            Map<String, String> detail = Sql.query(
                            fe,
                            "SHOW SNAPSHOT ON repo1 WHERE SNAPSHOT = \"snap1\" AND TIMESTAMP = \"" + timestamp + "\"")
                    .get(0);
            assertThat(detail).containsEntry("Database", "d");
            assertThat(detail.get("Details")).contains("\"rows\":25");

            Sql.execute(fe, "INSERT INTO d.t1 VALUES (1000, 'after the backup')");
            Sql.execute(
                    fe,
                    "RESTORE SNAPSHOT d.snap1 FROM repo1 ON (t1 AS t1_copy) PROPERTIES (\"backup_timestamp\" = \""
                            + timestamp + "\", \"replication_num\" = \"1\")");
            assertThat(awaitJob(fe, "RESTORE", "snap1")).containsSubsequence("DOWNLOADING", "COMMITTING", "FINISHED");
            assertThat(Sql.query(fe, "SELECT COUNT(*) FROM d.t1_copy")).containsExactly(Map.of("count(*)", "25"));
            assertThat(Sql.query(fe, "SELECT COUNT(*) FROM d.t1")).containsExactly(Map.of("count(*)", "26"));
        }
    }

    @Test
    void aStalledUploadAWriteRefusingRepositoryAMissingSnapshotAndASecondJobOfTheDatabase() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("3.0.3")
                .backends(1)
                .replicationNum(1)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            ObjectStore s3 = sandbox.objectStore();
            load(fe, 1, 10);
            Sql.execute(fe, createRepository(Flavor.DORIS, s3, "repo1", "r1"));

            sandbox.faults().stallUpload();
            Sql.execute(fe, "BACKUP SNAPSHOT d.stuck TO repo1");
            Map<String, String> uploading =
                    Await.until(WAIT, "the backup reaches UPLOADING", () -> job(fe, "BACKUP", "stuck"), j -> "UPLOADING"
                            .equals(j.get("State")));
            Thread.sleep(1500);
            Map<String, String> later = job(fe, "BACKUP", "stuck");
            assertThat(later.get("State")).isEqualTo("UPLOADING");
            assertThat(later.get("UnfinishedTasks"))
                    .isEqualTo(uploading.get("UnfinishedTasks"))
                    .isNotEmpty();
            assertThatThrownBy(() -> Sql.execute(fe, "BACKUP SNAPSHOT d.second TO repo1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Can only run one backup or restore job of a database at same time")
                    .hasMessageContaining("current running: label = stuck");
            sandbox.faults().clear("fe-1");
            awaitJob(fe, "BACKUP", "stuck");

            s3.refuseWrites();
            assertThatThrownBy(() -> Sql.execute(fe, createRepository(Flavor.DORIS, s3, "repo2", "r2")))
                    .hasMessageContaining("Failed to create repository");
            Sql.execute(fe, "BACKUP SNAPSHOT d.refused TO repo1");
            Map<String, String> failing = Await.until(
                    WAIT, "the upload errors show", () -> job(fe, "BACKUP", "refused"), j -> !j.getOrDefault(
                                    "TaskErrMsg", "")
                            .isEmpty());
            assertThat(failing.get("State")).isEqualTo("UPLOADING");
            assertThat(failing.get("TaskErrMsg")).contains("upload failed").contains("HTTP");
            s3.acceptWrites();
            assertThat(awaitJob(fe, "BACKUP", "refused")).endsWith("FINISHED");

            assertThatThrownBy(() -> Sql.execute(
                            fe,
                            "RESTORE SNAPSHOT d.stuck FROM repo1 PROPERTIES"
                                    + " (\"backup_timestamp\" = \"2001-01-01-00-00-00\")"))
                    .hasMessageContaining("Failed to get info of snapshot 'stuck'");
            String timestamp = Sql.query(fe, "SHOW SNAPSHOT ON repo1 WHERE SNAPSHOT = \"stuck\"")
                    .get(0)
                    .get("Timestamp");
            s3.keys("r1/__palo_repository_repo1/__ss_stuck/__ss_content/").forEach(s3::delete);
            Sql.execute(
                    fe,
                    "RESTORE SNAPSHOT d.stuck FROM repo1 ON (t1 AS t1_gone) PROPERTIES (\"backup_timestamp\" = \""
                            + timestamp + "\")");
            assertThat(awaitJob(fe, "RESTORE", "stuck")).endsWith("CANCELLED");
            assertThat(job(fe, "RESTORE", "stuck").get("Status")).contains("missing from the repository");
        }
    }

    @Test
    void aStarRocksRepositoryIsABrokerOneOnS3aAndItsSnapshotTimestampHasMilliseconds() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.3.5")
                .backends(1)
                .replicationNum(1)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            ObjectStore s3 = sandbox.objectStore();
            load(fe, 1, 5);
            Sql.execute(fe, createRepository(Flavor.STARROCKS, s3, "repo1", "sr"));
            assertThat(Sql.query(fe, "SHOW REPOSITORIES").get(0)).doesNotContainKey("Type");
            Sql.execute(fe, "BACKUP SNAPSHOT d.s1 TO repo1 ON (t1)");
            assertThat(awaitJob(fe, "BACKUP", "s1")).endsWith("FINISHED");
            assertThat(Sql.query(fe, "SHOW SNAPSHOT ON repo1").get(0).get("Timestamp"))
                    .matches("\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d{3}");
        }
    }

    /** Tables d.t1..d.tN of {@code rows} rows each, 4 buckets. */
    static void load(Node fe, int tables, int rows) throws SQLException {
        Sql.execute(fe, "CREATE DATABASE IF NOT EXISTS d");
        for (int t = 1; t <= tables; t++) {
            Sql.execute(
                    fe,
                    "CREATE TABLE d.t" + t + " (k INT, v VARCHAR(32)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k)"
                            + " BUCKETS 4 PROPERTIES (\"replication_num\" = \"1\")");
            List<String> values = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                values.add("(" + i + ", 'v" + i + "')");
            }
            Sql.execute(fe, "INSERT INTO d.t" + t + " VALUES " + String.join(", ", values));
        }
    }

    static String createRepository(Flavor flavor, ObjectStore s3, String name, String prefix) {
        String properties = s3.properties(flavor).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\" = \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", "));
        return "CREATE REPOSITORY " + name + " WITH " + (flavor == Flavor.STARROCKS ? "BROKER" : "S3")
                + " ON LOCATION \"" + s3.location(flavor, prefix) + "\" PROPERTIES (" + properties + ")";
    }

    /** The last job of d with this label, as SHOW BACKUP|RESTORE FROM d shows it; empty when none. */
    static Map<String, String> job(Node fe, String kind, String label) {
        List<Map<String, String>> rows = Sql.poll(fe, "SHOW " + kind + " FROM d");
        String column = kind.equals("BACKUP") ? "SnapshotName" : "Label";
        return rows.stream()
                .filter(r -> label.equals(r.get(column)))
                .reduce((a, b) -> b)
                .orElse(Map.of());
    }

    /** Polls the job until it is done; the states seen, in order. */
    static List<String> awaitJob(Node fe, String kind, String label) {
        List<String> states = new ArrayList<>();
        Await.until(WAIT, kind + " " + label + " done", () -> {
            String state = job(fe, kind, label).getOrDefault("State", "");
            if (!state.isEmpty()
                    && (states.isEmpty() || !states.get(states.size() - 1).equals(state))) {
                states.add(state);
            }
            return state.equals("FINISHED") || state.equals("CANCELLED");
        });
        return states;
    }
}
