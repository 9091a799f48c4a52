package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.BackupRepository;
import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.Secret;
import io.dorisops.spi.BackupJob;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.ObjectStore;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backup procedure end to end on the sandbox over its real S3 server ({@code docs/backup.md}): a
 * database backed up while the workload loads into it, a stalled upload reported with its state within
 * the stall time and then followed to its end by {@code resume} (one job, never a second), the runner
 * killed with SIGKILL while it follows the job and the resume following that same job, a second backup
 * of the database refused while one runs, and the repository's keys nowhere in the journal.
 */
class BackupSandboxRunTest {
    private static final String SECRET = "sandbox-secret-key-not-for-production";

    @TempDir
    Path dir;

    private static BackupRepository repository(ObjectStore s3, Flavor flavor) {
        return new BackupRepository(
                "repo1",
                s3.location(flavor, "it"),
                s3.endpoint().toString(),
                s3.region(),
                Secret.of(ObjectStore.ACCESS_KEY),
                Secret.of(s3.secretKey()),
                false);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DORIS, 2.1.7", "STARROCKS, 3.3.5"})
    void aDatabaseIsBackedUpWhileTheWorkloadLoadsIntoIt(Flavor flavor, String version) throws IOException {
        try (Rig rig =
                new Rig(dir, Sandbox.builder().flavor(flavor).version(version).backends(3))) {
            ObjectStore s3 = rig.sandbox.objectStore();
            rig.admin.createRepository(repository(s3, flavor));
            assertThat(rig.admin.repositories()).singleElement().satisfies(r -> assertThat(r.name())
                    .isEqualTo("repo1"));
            RecordingListener events = new RecordingListener();
            Cluster cluster = rig.cluster(ProgressListener.NONE);
            RunResult run;
            try (Workload workload = UnderLoad.start(rig)) {
                run = cluster.run(
                        Procedure.backup("workload_db", "repo1"),
                        rig.options(events).build());
                UnderLoad.stopAfterMoreLoads(workload);
            }

            assertThat(run.runId()).startsWith("backup-");
            List<BackupJob> jobs = rig.admin.backupJobs("workload_db");
            assertThat(jobs).singleElement().satisfies(job -> {
                assertThat(job.state()).isEqualTo("FINISHED");
                assertThat(job.label()).startsWith("dorisops_workload_db_");
            });
            assertThat(rig.admin.snapshots("repo1")).singleElement().satisfies(s -> assertThat(s.label())
                    .isEqualTo(jobs.get(0).label()));
            assertThat(events.events)
                    .extracting(ProgressEvent::message)
                    .anyMatch(m -> m.contains(": UPLOADING"))
                    .anyMatch(m -> m.contains(": FINISHED (job "));
            assertThat(s3.keys("it/__palo_repository_repo1/__ss_" + jobs.get(0).label() + "/__ss_content/"))
                    .isNotEmpty();
            try (Stream<Path> files = Files.walk(rig.stateDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(SECRET);
                }
            }
        }
    }

    @Test
    void aStalledUploadIsReportedWithItsStateAndResumeFollowsTheSameJobToItsEnd() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .backends(1)
                        .replicationNum(1))) {
            ObjectStore s3 = rig.sandbox.objectStore();
            rig.admin.createRepository(repository(s3, Flavor.DORIS));
            Cluster cluster = rig.cluster(ProgressListener.NONE);
            Procedure backup = Procedure.backup(
                    "sandbox_db",
                    List.of(),
                    "repo1",
                    Optional.of("nightly"),
                    Duration.ofMinutes(10),
                    Map.of("UPLOADING", Duration.ofSeconds(3)));
            rig.sandbox.faults().stallUpload();
            long start = System.nanoTime();
            assertThatThrownBy(() -> cluster.run(
                            backup, rig.options(new RecordingListener()).build()))
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageContaining("backup nightly of sandbox_db is stalled")
                    .hasMessageContaining("stayed in UPLOADING with no progress for 3s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

            assertThatThrownBy(() -> cluster.plan(Procedure.backup("sandbox_db", "repo1")))
                    .hasMessageContaining("backup nightly of sandbox_db is still running (state UPLOADING)")
                    .hasMessageContaining("Nothing was changed");

            rig.sandbox.nodes().stream()
                    .filter(n -> n.role().isFrontend())
                    .forEach(n -> rig.sandbox.faults().clear(n.id()));
            RunResult resumed =
                    cluster.resume(rig.options(new RecordingListener()).build());

            assertThat(resumed.runId()).startsWith("backup-");
            assertThat(rig.admin.backupJobs("sandbox_db")).singleElement().satisfies(job -> {
                assertThat(job.label()).isEqualTo("nightly");
                assertThat(job.state()).isEqualTo("FINISHED");
            });
        }
    }

    @Test
    void aRunnerKilledWhileItFollowsTheJobIsResumedOnTheSameJob() throws Exception {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .backends(1)
                        .replicationNum(1))) {
            ObjectStore s3 = rig.sandbox.objectStore();
            rig.admin.createRepository(repository(s3, Flavor.DORIS));
            Path topologyFile = dir.resolve("topology.yaml");
            rig.sandbox.writeTopology(topologyFile);
            rig.sandbox.faults().stallUpload();
            Process runner = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            UpgradeRunner.class.getName(),
                            topologyFile.toString(),
                            "backup:sandbox_db:repo1:killed",
                            rig.stateDir().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("runner.log").toFile())
                    .start();
            try {
                Await.until(
                        Duration.ofMinutes(2),
                        "the runner's job in UPLOADING",
                        () -> runner.isAlive()
                                && rig.admin.backupJobs("sandbox_db").stream()
                                        .anyMatch(j -> j.label().equals("killed")
                                                && j.state().equals("UPLOADING")));
            } finally {
                runner.toHandle().destroyForcibly();
                assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(runner.exitValue()).isEqualTo(137);

            rig.sandbox.nodes().stream()
                    .filter(n -> n.role().isFrontend())
                    .forEach(n -> rig.sandbox.faults().clear(n.id()));
            RunResult resumed = rig.cluster(ProgressListener.NONE)
                    .resume(rig.options(new RecordingListener()).build());

            assertThat(resumed.runId()).startsWith("backup-");
            assertThat(rig.admin.backupJobs("sandbox_db")).singleElement().satisfies(job -> {
                assertThat(job.label()).isEqualTo("killed");
                assertThat(job.state()).isEqualTo("FINISHED");
            });
        }
    }
}
