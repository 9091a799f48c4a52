package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master acknowledges a load only once a majority of the followers has its commit in the journal
 * (BDB JE {@code replica_ack_policy = SIMPLE_MAJORITY}), so a load the client saw succeed survives the
 * master's loss: with the other two followers frozen, a load is never answered OK.
 */
class AcknowledgedLoadTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aLoadIsNotAcknowledgedBeforeAMajorityOfFollowersHasIt() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(3)
                .backends(3)
                .baseDir(dir)
                .start()) {
            Node master = sandbox.node("fe-1");
            Sql.execute(master, "CREATE DATABASE d");
            Sql.execute(
                    master,
                    "CREATE TABLE d.t (k INT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k)"
                            + " BUCKETS 2 PROPERTIES (\"replication_num\" = \"3\")");
            Sql.execute(master, "INSERT INTO d.t VALUES (1, 'a'), (2, 'b')");
            Await.until(
                    WAIT, "fe-2 has the first load", () -> Sql.poll(sandbox.node("fe-2"), "SELECT COUNT(*) FROM d.t")
                            .equals(List.of(Map.of("count(*)", "2"))));

            signal("STOP", sandbox, "fe-2", "fe-3");
            try {
                assertThatThrownBy(() -> Sql.execute(master, "INSERT INTO d.t VALUES (3, 'c')"))
                        .as("no follower can have the commit, so the master never answers OK")
                        .isInstanceOf(SQLException.class);
            } finally {
                signal("CONT", sandbox, "fe-2", "fe-3");
            }
        }
    }

    private static void signal(String signal, Sandbox sandbox, String... ids) throws Exception {
        for (String id : ids) {
            long pid = sandbox.pid(id).orElseThrow();
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).as("kill -%s %s", signal, id).isZero();
        }
    }
}
