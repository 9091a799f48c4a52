package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load commits only when a majority of each tablet's replicas wrote it <b>and lack no earlier
 * version</b>: a replica that missed a load still writes the next one but does not count toward its
 * quorum (Doris {@code DatabaseTransactionMgr.checkCommitStatus}: {@code if
 * (replica.getLastFailedVersion() < 0) { ++successReplicaNum; }}).
 */
class LoadQuorumTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aReplicaLackingVersionsDoesNotCountTowardALoadsMajority() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(3)
                .tabletCount(2)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Sql.execute(fe, "CREATE DATABASE d");
            Sql.execute(
                    fe,
                    "CREATE TABLE d.t (k INT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k)"
                            + " BUCKETS 2 PROPERTIES (\"replication_num\" = \"3\")");
            Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"disable_tablet_scheduler\" = \"true\")");
            // be-1 misses a load and comes back lacking that version (the scheduler, paused, cannot repair it).
            script(sandbox.node("be-1"), "stop_be.sh");
            Await.until(WAIT, "be-1 down", () -> !alive(fe, sandbox.node("be-1")));
            Sql.execute(fe, "INSERT INTO d.t VALUES (1, 'a'), (2, 'b')");
            assertThat(script(sandbox.node("be-1"), "start_be.sh", "--daemon").exitCode())
                    .isZero();
            Await.until(WAIT, "be-1 back", () -> alive(fe, sandbox.node("be-1")));

            // be-2 stops: be-1 and be-3 are alive and both write, but only be-3 is complete.
            script(sandbox.node("be-2"), "stop_be.sh");
            Await.until(WAIT, "be-2 down", () -> !alive(fe, sandbox.node("be-2")));
            assertThatThrownBy(() -> Sql.execute(fe, "INSERT INTO d.t VALUES (3, 'c')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageMatching("errCode = 2, detailMessage = Failed to commit txn \\d+\\. Tablet \\[\\d+]"
                            + " success replica num 1 is less than quorum replica num 2 while error backends .*");
            assertThat(Sql.query(fe, "SELECT COUNT(*) FROM d.t").get(0))
                    .as("the refused load wrote nothing")
                    .containsEntry("count(*)", "2");
        }
    }

    private static boolean alive(Node fe, Node be) {
        return Sql.poll(fe, "SHOW BACKENDS").stream()
                .anyMatch(r ->
                        r.get("HeartbeatPort").equals(String.valueOf(be.ports().heartbeatPort()))
                                && r.get("Alive").equals("true"));
    }
}
