package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.testkit.internal.Layout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** A StarRocks 3.3 sandbox: LEADER role, compute nodes, FORCE drop, scale-out with --helper and ADD BACKEND. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StarRocksClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.3.5")
                .followers(1)
                .backends(2)
                .computeNodes(1)
                .replicationNum(1)
                .tabletCount(4)
                .baseDir(dir)
                .start();
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    @Test
    @Order(1)
    void theLeaderHasRoleLeaderAndNoIsMasterColumn() throws Exception {
        Node fe = sandbox.node("fe-1");

        List<Map<String, String>> frontends = Sql.query(fe, "SHOW FRONTENDS");

        assertThat(frontends).hasSize(1);
        assertThat(frontends.get(0)).doesNotContainKey("IsMaster").containsEntry("Role", "LEADER");
        assertThat(frontends.get(0).get("Version")).isEqualTo(Layout.buildVersion(Flavor.STARROCKS, "3.3.5"));
        assertThat(Sql.query(fe, "SELECT @@version_comment").get(0).get("@@version_comment"))
                .startsWith("StarRocks version 3.3.5-");
    }

    @Test
    @Order(2)
    void computeNodesAreListedApartFromBackends() throws Exception {
        Node fe = sandbox.node("fe-1");
        Await.until(WAIT, "the compute node is alive", () -> Sql.poll(fe, "SHOW COMPUTE NODES").stream()
                .anyMatch(row -> "true".equals(row.get("Alive"))));

        assertThat(Sql.query(fe, "SHOW BACKENDS")).hasSize(2);
        assertThat(Sql.query(fe, "SHOW COMPUTE NODES")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry(
                        "HeartbeatPort",
                        String.valueOf(sandbox.node("cn-1").ports().heartbeatPort())));
    }

    @Test
    @Order(3)
    void dropBackendRefusesWhileItHoldsReplicasUnlessForced() throws Exception {
        Node fe = sandbox.node("fe-1");
        String be = sandbox.node("be-2").membershipAddress();

        assertThatThrownBy(() -> Sql.execute(fe, "ALTER SYSTEM DROP BACKEND \"" + be + "\""))
                .hasMessageContaining("have only one replica")
                .hasMessageContaining("FORCE");
        Sql.execute(fe, "ALTER SYSTEM DROP BACKEND \"" + be + "\" FORCE");

        assertThat(Sql.query(fe, "SHOW BACKENDS")).hasSize(1);
        script(sandbox.node("be-2"), "stop_be.sh");
    }

    @Test
    @Order(4)
    void aNewBackendJoinsWithAddBackend() throws Exception {
        Node fe = sandbox.node("fe-1");
        Node be = sandbox.prepareNode(Role.BE);
        assertThat(script(be, "start_be.sh", "--daemon").exitCode()).isZero();

        Sql.execute(fe, "ALTER SYSTEM ADD BACKEND \"" + be.membershipAddress() + "\"");

        Await.until(WAIT, be.id() + " alive", () -> Sql.poll(fe, "SHOW BACKENDS").stream()
                .anyMatch(row -> row.get("HeartbeatPort")
                                .equals(String.valueOf(be.ports().heartbeatPort()))
                        && "true".equals(row.get("Alive"))
                        && row.get("BePort").equals(String.valueOf(be.ports().bePort()))));
    }

    @Test
    @Order(5)
    void aNewFollowerJoinsThroughTheHelperAfterAddFollower() throws Exception {
        Node master = sandbox.node("fe-1");
        Node fe = sandbox.prepareNode(Role.FE_FOLLOWER);

        TestSupport.Run refused = script(fe, "start_fe.sh", "--helper", master.membershipAddress(), "--daemon");
        assertThat(refused.exitCode()).isZero();
        Await.until(WAIT, "an unregistered FE refuses to join", () -> TestSupport.log(fe, "log/fe.log")
                .contains("is not added to the group. please add it first."));
        // As the real FE (NodeMgr.getClusterIdAndRoleOnStartup) it does not exit: it asks again until added.
        assertThat(sandbox.pid(fe.id())).isPresent();

        Sql.execute(master, "ALTER SYSTEM ADD FOLLOWER \"" + fe.membershipAddress() + "\"");

        Await.until(
                WAIT,
                "both FEs alive",
                () -> Sql.poll(master, "SHOW FRONTENDS").stream()
                                .filter(row -> "true".equals(row.get("Alive")))
                                .count()
                        == 2);
        assertThat(fe.home().resolve("meta/image/ROLE")).content().contains("role=FOLLOWER");
        Await.until(
                WAIT,
                "the new FE answers SQL",
                () -> Sql.poll(fe, "SHOW FRONTENDS").size() == 2);
        assertThat(Sql.query(fe, "SHOW FRONTENDS"))
                .extracting(row -> row.get("Role"))
                .containsExactlyInAnyOrder("LEADER", "FOLLOWER");
    }

    @Test
    @Order(6)
    void starrocksStopFeSendsSigtermByDefaultAndTheFeRemovesItsPidFile() throws Exception {
        Node fe = sandbox.node("fe-2");

        TestSupport.Run stop = script(fe, "stop_fe.sh");

        assertThat(stop.exitCode()).isZero();
        assertThat(TestSupport.log(fe, "log/fe.log")).contains("received shutdown signal");
        assertThat(fe.home().resolve("bin/fe.pid")).doesNotExist();
        assertThat(script(fe, "stop_fe.sh").exitCode()).isZero();
    }

    @Test
    @Order(7)
    void starrocksGracefulStopFeSendsSigusr1AndTheFeShutsDownCleanly() throws Exception {
        Node fe = sandbox.node("fe-1");

        TestSupport.Run stop = script(fe, "stop_fe.sh", "--graceful");

        assertThat(stop.exitCode()).isZero();
        assertThat(TestSupport.log(fe, "log/fe.log")).contains("received SIGUSR1, graceful shutdown");
        assertThat(fe.home().resolve("bin/fe.pid")).doesNotExist();
    }
}
