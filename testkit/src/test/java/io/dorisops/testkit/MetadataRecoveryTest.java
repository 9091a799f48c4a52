package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FE metadata compatibility test of the upgrade runbooks: a new FE on a copy of the master's
 * meta, with {@code cluster_id=123456} in fe.conf and {@code --metadata_failure_recovery}.
 */
class MetadataRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aCopiedMetaStartsAloneInRecoveryModeOnlyWhenVersionHoldsTheConfiguredClusterId(@TempDir Path dir)
            throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .followers(1)
                .backends(1)
                .baseDir(dir)
                .start()) {
            Node master = sandbox.node("fe-1");
            Node test = sandbox.prepareNode(Role.FE_FOLLOWER);
            copyTree(master.home().resolve("doris-meta"), test.home().resolve("doris-meta"));
            Files.writeString(
                    test.home().resolve("conf/fe.conf"),
                    "cluster_id = 123456\n",
                    java.nio.file.StandardOpenOption.APPEND);

            script(test, "start_fe.sh", "--metadata_failure_recovery", "--daemon");
            Await.until(WAIT, "the mismatch is refused", () -> TestSupport.log(test, "log/fe.log")
                    .contains("cluster id is not equal with config item 'cluster_id'. will exit."));
            Await.until(WAIT, "the test FE exited", () -> sandbox.pid(test.id()).isEmpty());

            Path version = test.home().resolve("doris-meta/image/VERSION");
            Files.writeString(version, Files.readString(version).replaceAll("clusterId=\\d+", "clusterId=123456"));
            script(test, "start_fe.sh", "--metadata_failure_recovery", "--daemon");

            Await.until(
                    WAIT,
                    "the test FE serves SQL alone, as master",
                    () -> Sql.poll(test, "SHOW FRONTENDS").stream()
                                    .filter(row -> "true".equals(row.get("IsMaster")))
                                    .count()
                            == 1);
            List<Map<String, String>> frontends = Sql.query(test, "SHOW FRONTENDS");
            assertThat(frontends.get(0))
                    .containsEntry("ClusterId", "123456")
                    .containsEntry("IsMaster", "true")
                    .containsEntry("EditLogPort", String.valueOf(test.ports().editLogPort()));
            assertThat(Sql.query(master, "SHOW FRONTENDS")).hasSize(1);
            Await.until(
                    WAIT,
                    "the production BE refuses the test cluster's heartbeats",
                    () -> Sql.poll(test, "SHOW BACKENDS").stream()
                            .anyMatch(row -> row.get("ErrMsg").contains("invalid cluster id")));
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
