package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.nio.file.Path;
import java.sql.SQLException;
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

/** A Doris 2.1 sandbox of 3 FE + 3 BE driven through the real scripts and mysql-connector-j. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DorisClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Sandbox sandbox;
    static String version;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(3)
                .backends(3)
                .replicationNum(2)
                .tabletCount(12)
                .decommissionRate(20)
                .electionDelay(Duration.ofMillis(500))
                .baseDir(dir)
                .start();
        version = io.dorisops.testkit.internal.Layout.buildVersion(Flavor.DORIS, "2.1.7");
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    /** The Total row of SHOW PROC '/cluster_health/tablet_health' on fe-1 (empty while it does not answer). */
    private static Map<String, String> healthTotal() {
        List<Map<String, String>> rows = Sql.poll(fe("fe-1"), "SHOW PROC '/cluster_health/tablet_health'");
        return rows.isEmpty() ? Map.of() : rows.get(rows.size() - 1);
    }

    private static Node fe(String id) {
        return sandbox.node(id);
    }

    @Test
    @Order(1)
    void showFrontendsAndBackendsListEveryNodeAliveAtTheVersion() throws Exception {
        Await.until(
                WAIT,
                "fe-2 sees three alive backends",
                () -> Sql.poll(fe("fe-2"), "SHOW BACKENDS").stream()
                                .filter(row -> "true".equals(row.get("Alive")))
                                .count()
                        == 3);
        Await.until(
                WAIT,
                "fe-2 sees three alive frontends",
                () -> Sql.poll(fe("fe-2"), "SHOW FRONTENDS").stream()
                                .filter(row -> "true".equals(row.get("Alive")))
                                .count()
                        == 3);

        List<Map<String, String>> frontends = Sql.query(fe("fe-2"), "SHOW FRONTENDS");
        assertThat(frontends).extracting(row -> row.get("Version")).containsOnly(version);
        assertThat(frontends)
                .filteredOn(row -> "true".equals(row.get("IsMaster")))
                .extracting(row -> row.get("QueryPort"))
                .containsExactly(String.valueOf(fe("fe-1").ports().queryPort()));
        assertThat(frontends)
                .filteredOn(row -> "Yes".equals(row.get("CurrentConnected")))
                .extracting(row -> row.get("QueryPort"))
                .containsExactly(String.valueOf(fe("fe-2").ports().queryPort()));
        List<Map<String, String>> backends = Sql.query(fe("fe-1"), "SHOW PROC '/backends'");
        assertThat(backends).extracting(row -> row.get("Version")).containsOnly(version);
        assertThat(backends).extracting(row -> row.get("TabletNum")).containsOnly("8");
        assertThat(Sql.query(fe("fe-3"), "SELECT @@version_comment"))
                .containsExactly(Map.of("@@version_comment", "Doris version " + version));
    }

    @Test
    @Order(2)
    void badInputGetsTheRealErrorsAndNeverKillsTheNode() throws Exception {
        long pid = sandbox.pid("fe-1").orElseThrow();

        // The sandbox does not speak DELETE: the flavor's syntax error naming it.
        assertThatThrownBy(() -> Sql.query(fe("fe-1"), "DELETE FROM nowhere WHERE k = 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("errCode = 2, detailMessage = Syntax error in line 1:")
                .hasMessageContaining("DELETE FROM nowhere WHERE k = 1")
                .extracting(e -> ((SQLException) e).getErrorCode())
                .isEqualTo(1105);
        // SHOW TABLETS is spoken now: without a database the real ERR 1046.
        assertThatThrownBy(() -> Sql.query(fe("fe-1"), "SHOW TABLETS FROM nowhere"))
                .hasMessage("errCode = 2, detailMessage = No database selected")
                .extracting(e -> ((SQLException) e).getErrorCode())
                .isEqualTo(1046);
        assertThatThrownBy(() -> Sql.connect(fe("fe-1"), "wrong"))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getErrorCode())
                .isEqualTo(1045);
        assertThatThrownBy(() -> Sql.execute(fe("fe-1"), "ALTER SYSTEM ADD BACKEND \"127.0.0.1\""))
                .hasMessageContaining("Syntax error")
                .hasMessageContaining("missing port");
        assertThatThrownBy(() -> Sql.execute(fe("fe-1"), "ALTER SYSTEM ADD BACKEND"))
                .hasMessageContaining("Syntax error")
                .extracting(e -> ((SQLException) e).getErrorCode())
                .isEqualTo(1105);
        assertThatThrownBy(() -> Sql.execute(
                        fe("fe-2"),
                        "ALTER SYSTEM DROP BACKEND \"" + sandbox.node("be-1").membershipAddress() + "\""))
                .hasMessageContaining("It is highly NOT RECOMMENDED to use DROP BACKEND stmt.")
                .hasMessageContaining("If you insist, use DROPP instead of DROP");
        assertThatThrownBy(() -> Sql.execute(
                        fe("fe-1"), "ALTER SYSTEM DROP FOLLOWER \"" + fe("fe-1").membershipAddress() + "\""))
                .hasMessageContaining("can not drop current master node.");

        assertThat(sandbox.pid("fe-1")).hasValue(pid);
        assertThat(Sql.query(fe("fe-1"), "SHOW FRONTENDS")).hasSize(3);
    }

    @Test
    @Order(3)
    void frontendConfigIsPerFrontendAndInMemoryOnly() throws Exception {
        Sql.execute(fe("fe-2"), "ADMIN SET FRONTEND CONFIG (\"qe_slow_log_ms\" = \"123\")");
        assertThat(configValue(fe("fe-2"), "qe_slow_log_ms")).isEqualTo("123");
        assertThat(configValue(fe("fe-3"), "qe_slow_log_ms")).isEqualTo("5000");

        Sql.execute(fe("fe-3"), "ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"true\")");
        assertThat(configValue(fe("fe-1"), "disable_balance")).isEqualTo("true");
        assertThat(configValue(fe("fe-3"), "disable_balance")).isEqualTo("false");
        Sql.execute(fe("fe-1"), "ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"false\")");

        script(fe("fe-2"), "stop_fe.sh");
        script(fe("fe-2"), "start_fe.sh", "--daemon");
        Await.until(
                WAIT, "fe-2 back", () -> !Sql.poll(fe("fe-2"), "SHOW FRONTENDS").isEmpty());
        assertThat(configValue(fe("fe-2"), "qe_slow_log_ms")).isEqualTo("5000");
        Sql.execute(fe("fe-3"), "ADMIN SET ALL FRONTENDS CONFIG (\"qe_slow_log_ms\" = \"77\")");
        assertThat(configValue(fe("fe-1"), "qe_slow_log_ms")).isEqualTo("77");
        assertThat(configValue(fe("fe-2"), "qe_slow_log_ms")).isEqualTo("77");
        Sql.execute(fe("fe-3"), "ADMIN SET ALL FRONTENDS CONFIG (\"disable_colocate_balance\" = \"true\")");
        assertThat(configValue(fe("fe-1"), "disable_colocate_balance")).isEqualTo("true");
        assertThat(configValue(fe("fe-3"), "disable_colocate_balance"))
                .as("Doris before 3.1 applies the ALL form of a master-only key on the master only")
                .isEqualTo("false");
        Sql.execute(fe("fe-1"), "ADMIN SET FRONTEND CONFIG (\"disable_colocate_balance\" = \"false\")");
        assertThatThrownBy(() -> Sql.execute(fe("fe-1"), "ADMIN SET FRONTEND CONFIG (\"no_such_key\" = \"1\")"))
                .hasMessageContaining("Config 'no_such_key' does not exist");
    }

    private static String configValue(Node fe, String key) throws SQLException {
        return Sql.query(fe, "ADMIN SHOW FRONTEND CONFIG LIKE '" + key + "'")
                .get(0)
                .get("Value");
    }

    @Test
    @Order(4)
    void decommissionDrainsTheBackendPausesWhileBalanceIsDisabledAndDropsTheRow() throws Exception {
        Node be = sandbox.node("be-3");
        Sql.execute(fe("fe-1"), "ADMIN SET FRONTEND CONFIG (\"disable_tablet_scheduler\" = \"true\")");
        Sql.execute(fe("fe-2"), "ALTER SYSTEM DECOMMISSION BACKEND \"" + be.membershipAddress() + "\"");

        Await.until(WAIT, "be-3 decommissioning", () -> "true".equals(row(be).get("SystemDecommissioned")));
        String before = row(be).get("TabletNum");
        Await.until(WAIT, "the pause is logged by a tick", () -> TestSupport.log(fe("fe-1"), "log/fe.log")
                .contains("set config disable_tablet_scheduler = true"));
        assertThat(row(be).get("TabletNum")).isEqualTo(before);

        Sql.execute(fe("fe-1"), "ADMIN SET FRONTEND CONFIG (\"disable_tablet_scheduler\" = \"false\")");
        Await.until(WAIT, "be-3 dropped after draining", () -> Sql.poll(fe("fe-1"), "SHOW BACKENDS").stream()
                .noneMatch(r ->
                        r.get("HeartbeatPort").equals(String.valueOf(be.ports().heartbeatPort()))));
        // Doris 1.1+: /statistic has no health columns (StatisticProcNode); health is in tablet_health.
        List<Map<String, String>> statistic = Sql.query(fe("fe-1"), "SHOW PROC '/statistic'");
        assertThat(statistic.get(statistic.size() - 1))
                .containsEntry("DbId", "Total")
                .containsEntry("ReplicaNum", "24")
                .doesNotContainKey("UnhealthyTabletNum");
        Await.until(
                WAIT, "healthy after the drain", () -> "12".equals(healthTotal().get("HealthyNum")));
    }

    @Test
    @Order(5)
    void decommissionNeverFinishesWhenNoOtherBackendCanTakeTheReplicas() throws Exception {
        Node be = sandbox.node("be-2");
        Sql.execute(fe("fe-1"), "ALTER SYSTEM DECOMMISSION BACKEND \"" + be.membershipAddress() + "\"");

        Await.until(WAIT, "the master reports the stuck replicas", () -> TestSupport.log(fe("fe-1"), "log/fe.log")
                .contains("replicas to decommission: no other backend can take them"));
        assertThat(row(be)).containsEntry("SystemDecommissioned", "true").containsEntry("TabletNum", "12");

        Sql.execute(fe("fe-3"), "CANCEL DECOMMISSION BACKEND \"" + be.membershipAddress() + "\"");
        Await.until(WAIT, "be-2 no longer decommissioning", () -> "false".equals(row(be).get("SystemDecommissioned")));
    }

    @Test
    @Order(6)
    void aStoppedBackendMakesItsTabletsUnhealthy() throws Exception {
        script(sandbox.node("be-1"), "stop_be.sh");

        Await.until(WAIT, "missing replicas", () -> "12".equals(healthTotal().get("ReplicaMissingNum")));
        assertThat(healthTotal()).containsEntry("TabletNum", "12").containsEntry("HealthyNum", "0");
        assertThat(row(sandbox.node("be-1"))).containsEntry("Alive", "false");

        script(sandbox.node("be-1"), "start_be.sh", "--daemon");
        Await.until(WAIT, "healthy again", () -> "12".equals(healthTotal().get("HealthyNum")));
    }

    @Test
    @Order(7)
    void sqlRefuseFaultRefusesStatements() {
        sandbox.faults().sqlRefuse("fe-3");
        try {
            Await.until(WAIT, "fe-3 refuses SQL", () -> {
                try {
                    Sql.query(fe("fe-3"), "SHOW FRONTENDS");
                    return false;
                } catch (SQLException e) {
                    return e.getMessage().contains("simulated fault sql-refuse");
                }
            });
        } finally {
            sandbox.faults().clear("fe-3");
        }
    }

    @Test
    @Order(8)
    void stoppingTheMasterElectsAnotherAndWithoutMajorityWritesFail() throws Exception {
        script(fe("fe-1"), "stop_fe.sh");

        Await.until(WAIT, "a new master", () -> Sql.poll(fe("fe-2"), "SHOW FRONTENDS").stream()
                .anyMatch(row -> "true".equals(row.get("IsMaster"))
                        && !row.get("EditLogPort")
                                .equals(String.valueOf(fe("fe-1").ports().editLogPort()))));
        Await.until(WAIT, "fe-3 forwards writes to the new master", () -> {
            try {
                Sql.execute(fe("fe-3"), "ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"false\")");
                return true;
            } catch (SQLException e) {
                return false;
            }
        });

        String master = Sql.query(fe("fe-2"), "SHOW FRONTENDS").stream()
                .filter(row -> "true".equals(row.get("IsMaster")))
                .findFirst()
                .orElseThrow()
                .get("EditLogPort");
        Node other = fe(fe("fe-2").ports().editLogPort() == Integer.parseInt(master) ? "fe-3" : "fe-2");
        Node elected = other.id().equals("fe-2") ? fe("fe-3") : fe("fe-2");
        script(other, "stop_fe.sh");

        Await.until(WAIT, "writes fail without a majority", () -> {
            try {
                Sql.execute(
                        elected,
                        "ALTER SYSTEM DECOMMISSION BACKEND \""
                                + sandbox.node("be-1").membershipAddress() + "\"");
                Sql.execute(
                        elected,
                        "CANCEL DECOMMISSION BACKEND \"" + sandbox.node("be-1").membershipAddress() + "\"");
                return false;
            } catch (SQLException e) {
                return e.getMessage().contains("there is no master FE");
            }
        });

        script(fe("fe-1"), "start_fe.sh", "--daemon");
        script(other, "start_fe.sh", "--daemon");
        Await.until(
                WAIT,
                "a master again",
                () -> Sql.poll(fe("fe-1"), "SHOW FRONTENDS").stream()
                                        .filter(row -> "true".equals(row.get("Alive")))
                                        .count()
                                == 3
                        && Sql.poll(fe("fe-1"), "SHOW FRONTENDS").stream()
                                .anyMatch(row -> "true".equals(row.get("IsMaster"))));
    }

    private static Map<String, String> row(Node be) {
        return Sql.poll(fe("fe-1"), "SHOW BACKENDS").stream()
                .filter(r ->
                        r.get("HeartbeatPort").equals(String.valueOf(be.ports().heartbeatPort())))
                .findFirst()
                .orElse(Map.of());
    }
}
