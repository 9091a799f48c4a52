package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.testkit.ObjectStore;
import io.dorisops.testkit.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dorisops backup repo add|list|check} and {@code backup create} in-process on a sandbox with its
 * S3 server: a repository is added with its keys read from files and never printed, checked as answering
 * and writable, a database is backed up to it; bad input exits 1 (refused by the plan) or 2 (usage).
 */
class BackupCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(Path topology, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--topology";
        all[args.length + 1] = topology.toString();
        all[args.length + 2] = "--state-dir";
        all[args.length + 3] = dir.resolve("state").toString();
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void aRepositoryIsAddedCheckedAndListedWithoutItsKeysAndADatabaseIsBackedUpToIt() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(1)
                .replicationNum(1)
                .baseDir(dir.resolve("sandbox"))
                .start()) {
            ObjectStore s3 = sandbox.objectStore();
            Path topology = dir.resolve("topology.yaml");
            sandbox.writeTopology(topology);
            Path access = Files.writeString(dir.resolve("access"), ObjectStore.ACCESS_KEY + "\n");
            Path secret = Files.writeString(dir.resolve("secret"), s3.secretKey() + "\n");
            String[] keys = {"--access-key-file", access.toString(), "--secret-key-file", secret.toString()};

            int added = run(
                    topology,
                    concat(
                            new String[] {
                                "backup",
                                "repo",
                                "add",
                                "--repo",
                                "nightly",
                                "--location",
                                s3.location(Flavor.DORIS, "cli"),
                                "--endpoint",
                                s3.endpoint().toString()
                            },
                            keys));
            assertThat(added).as(err.toString()).isZero();
            assertThat(out.toString()).contains("repository nightly added at s3://backups/cli");

            assertThat(run(
                            topology,
                            concat(
                                    new String[] {
                                        "backup",
                                        "repo",
                                        "check",
                                        "--repo",
                                        "nightly",
                                        "--endpoint",
                                        s3.endpoint().toString()
                                    },
                                    keys)))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString())
                    .contains("nightly: answers: it lists 0 snapshot(s)")
                    .contains("nightly: writable: a scratch repository was created there and dropped");

            assertThat(run(
                            topology,
                            "backup",
                            "create",
                            "--db",
                            "sandbox_db",
                            "--repo",
                            "nightly",
                            "--label",
                            "first",
                            "--json"))
                    .as(err.toString())
                    .isZero();
            JsonNode document = JSON.readTree(out.toString());
            assertThat(document.path("ok").asBoolean()).isTrue();
            assertThat(document.path("run").asText()).startsWith("backup-");
            assertThat(document.path("events").toString()).contains("FINISHED (job ");

            assertThat(run(topology, "backup", "repo", "list", "--repo", "nightly"))
                    .isZero();
            assertThat(out.toString()).contains("first").contains("OK");
            assertThat(run(topology, "backup", "repo", "list", "--json")).isZero();
            assertThat(JSON.readTree(out.toString()).path("repositories").toString())
                    .contains("\"nightly\"");

            assertThat(run(topology, "backup", "create", "--db", "sandbox_db", "--repo", "nosuch"))
                    .isEqualTo(1);
            assertThat(err.toString())
                    .contains("backup of sandbox_db (" + sandbox.topology().name()
                            + ") is refused: the cluster has no repository nosuch");
            assertThat(run(topology, "backup", "create", "--repo", "nightly")).isEqualTo(2);
            assertThat(err.toString()).contains("Missing required option: '--db'");

            try (var files = Files.walk(dir.resolve("state"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).doesNotContain(s3.secretKey());
                }
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
