package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data an application and a loader send, through real mysql-connector-j connections: tables are
 * created, loaded and queried on any FE (a non-master forwards writes), replicas keep their versions, a
 * load needs a majority of alive replicas, a query one complete replica on a backend that serves
 * queries, and every refusal has the real FE's shape.
 */
class DataSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CREATE = "CREATE TABLE IF NOT EXISTS d.t (k INT NOT NULL, v VARCHAR(32))"
            + " DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4 PROPERTIES (\"replication_num\" = \"3\")";

    @TempDir
    Path dir;

    @Test
    void tablesAreCreatedLoadedAndQueriedThroughAnyFeAndAnObserverForwardsWrites() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .observers(1)
                .backends(3)
                .baseDir(dir)
                .start()) {
            Node observer = sandbox.node("obs-1");
            try (Connection c = Sql.connect(observer, "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE IF NOT EXISTS d");
                s.execute(CREATE);
                s.execute("USE d");
                assertThat(s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)"))
                        .isEqualTo(3);
                assertThat(s.executeUpdate("INSERT INTO t (v, k) VALUES ('c', 4)"))
                        .isEqualTo(1);
                Await.until(WAIT, "the observer has the load", () -> Sql.poll(observer, "SELECT COUNT(*) FROM d.t")
                        .equals(List.of(Map.of("count(*)", "4"))));
                try (ResultSet rs = s.executeQuery("SELECT k, v FROM t WHERE k >= 2 LIMIT 10")) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                        assertThat(rs.getInt("k")).isGreaterThanOrEqualTo(2);
                    }
                    assertThat(rows).isEqualTo(3);
                }
            }
            Node master = sandbox.node("fe-1");
            assertThat(count(master, "d.t")).isEqualTo(4);
            assertThat(Sql.query(master, "SELECT * FROM d.t WHERE v = 'c'"))
                    .containsExactly(Map.of("k", "4", "v", "c"));
            assertThat(Sql.query(master, "SHOW DATABASES"))
                    .extracting(r -> r.get("Database"))
                    .contains("d");
            assertThat(Sql.query(master, "SHOW PARTITIONS FROM d.t").get(0))
                    .as("two loads: version 1 (created), 2, 3")
                    .containsEntry("VisibleVersion", "3")
                    .containsEntry("DistributionKey", "k");

            assertThatThrownBy(() -> Sql.execute(master, "USE nope"))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("errCode = 2, detailMessage = Unknown database 'nope'")
                    .extracting(e -> ((SQLException) e).getErrorCode())
                    .isEqualTo(1049);
            assertThatThrownBy(() -> Sql.query(master, "SELECT COUNT(*) FROM d.nope"))
                    .hasMessage("errCode = 2, detailMessage = Table [nope] does not exist in database [d].");
            assertThatThrownBy(() -> Sql.execute(master, "INSERT INTO d.t VALUES (1,)"))
                    .hasMessageStartingWith("errCode = 2, detailMessage = Syntax error in line 1:");
            assertThatThrownBy(() -> Sql.execute(master, "INSERT INTO d.t VALUES (1)"))
                    .hasMessage("errCode = 2, detailMessage = Column count doesn't match value count");
            assertThatThrownBy(() -> Sql.execute(master, "CREATE TABLE d.t (k INT) DISTRIBUTED BY HASH(k)"))
                    .hasMessage("errCode = 2, detailMessage = Table 't' already exists");
            assertThatThrownBy(() -> Sql.query(master, "SELECT COUNT(*) FROM t"))
                    .hasMessage("errCode = 2, detailMessage = No database selected");
            Sql.execute(master, "DROP TABLE d.t");
            Sql.execute(master, "DROP TABLE IF EXISTS d.t");
            assertThatThrownBy(() -> Sql.execute(master, "DROP TABLE d.t"))
                    .hasMessage("errCode = 2, detailMessage = Unknown table 't' in d");
        }
    }

    @Test
    void aLoadWithTwoOfThreeReplicasDownFailsWithTheRealTextAndOneDownLeavesItsReplicasVersionIncomplete()
            throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(3)
                .tabletCount(2)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Sql.execute(fe, "CREATE DATABASE d");
            Sql.execute(fe, CREATE);
            Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"disable_tablet_scheduler\" = \"true\")");
            script(sandbox.node("be-1"), "stop_be.sh");
            Await.until(WAIT, "be-1 down", () -> !alive(fe, "be-1", sandbox));
            Sql.execute(fe, "INSERT INTO d.t VALUES (1, 'a'), (2, 'b')");
            List<Map<String, String>> replicas = replicasOf(fe, "d", "t");
            String down = backendId(fe, sandbox.node("be-1"));
            assertThat(replicas).isNotEmpty().allSatisfy(r -> {
                if (r.get("BackendId").equals(down)) {
                    assertThat(r).containsEntry("Version", "1").containsEntry("LstFailedVersion", "2");
                } else {
                    assertThat(r)
                            .containsEntry("Version", "2")
                            .containsEntry("LstSuccessVersion", "2")
                            .containsEntry("LstFailedVersion", "-1");
                }
            });

            script(sandbox.node("be-2"), "stop_be.sh");
            Await.until(WAIT, "be-2 down", () -> !alive(fe, "be-2", sandbox));
            assertThatThrownBy(() -> Sql.execute(fe, "INSERT INTO d.t VALUES (3, 'c')"))
                    .hasMessageMatching("errCode = 3, detailMessage = tablet \\d+ alive replica num 1"
                            + " < load required replica num 2, alive backends: \\[\\d+]");
            assertThat(count(fe, "d.t")).as("the failed load wrote nothing").isEqualTo(2);
            assertThat(Sql.query(fe, "ADMIN SHOW REPLICA STATUS FROM d.t WHERE STATUS != 'OK'"))
                    .hasSize(8)
                    .extracting(r -> r.get("Status"))
                    .containsOnly("DEAD");
            assertThat(Sql.query(fe, "SHOW TABLETS FROM d.t"))
                    .hasSize(12)
                    .extracting(r -> r.get("LstFailedVersion"))
                    .containsOnly("-1", "2");
        }
    }

    @Test
    void starRocksRefusesALoadWithoutAMajorityAndModifyBackendWithItsOwnTexts() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.3.5")
                .backends(3)
                .tabletCount(2)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Sql.execute(fe, "INSERT INTO sandbox_db.sandbox_tbl VALUES (1, 'a')");
            Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"tablet_sched_max_scheduling_tablets\" = \"0\")");
            sandbox.faults().kill("be-1");
            Await.until(WAIT, "be-1 down", () -> !alive(fe, "be-1", sandbox));
            Sql.execute(fe, "INSERT INTO sandbox_db.sandbox_tbl VALUES (2, 'b')");
            Await.until(WAIT, "unhealthy", () -> Sql.poll(fe, "SHOW PROC '/statistic'").stream()
                    .anyMatch(r -> r.get("DbId").equals("Total")
                            && r.get("UnhealthyTabletNum").equals("2")));
            sandbox.faults().kill("be-2");
            Await.until(WAIT, "be-2 down", () -> !alive(fe, "be-2", sandbox));
            assertThatThrownBy(() -> Sql.execute(fe, "INSERT INTO sandbox_db.sandbox_tbl VALUES (3, 'c')"))
                    .hasMessageMatching(
                            "Tablet lost replicas\\. Check if any backend is down or not\\. tablet_id: \\d+,"
                                    + " backends: \\d+,\\d+,\\d+");
            String be3 = "\"" + sandbox.node("be-3").host() + ":"
                    + sandbox.node("be-3").ports().heartbeatPort() + "\"";
            assertThatThrownBy(() -> Sql.execute(
                            fe, "ALTER SYSTEM MODIFY BACKEND " + be3 + " SET (\"disable_query\" = \"true\")"))
                    .hasMessageContaining("Unknown property: disable_query");
            assertThat(count(fe, "sandbox_db.sandbox_tbl")).isEqualTo(2);
        }
    }

    @Test
    void aQueryFailsWhenItsBackendStopsDuringItAndDisableQueryRoutesQueriesElsewhere() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(3)
                .tabletCount(3)
                .queryTime(Duration.ofSeconds(3))
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Sql.execute(fe, "INSERT INTO sandbox_db.sandbox_tbl VALUES (1, 'a')");
            String be2 = "\"" + sandbox.node("be-2").host() + ":"
                    + sandbox.node("be-2").ports().heartbeatPort() + "\"";
            String be3 = "\"" + sandbox.node("be-3").host() + ":"
                    + sandbox.node("be-3").ports().heartbeatPort() + "\"";
            Sql.execute(fe, "ALTER SYSTEM MODIFY BACKEND " + be2 + ", " + be3 + " SET (\"disable_query\" = \"true\")");
            assertThat(Sql.query(fe, "SHOW BACKENDS"))
                    .filteredOn(r -> r.get("HeartbeatPort")
                            .equals(String.valueOf(sandbox.node("be-2").ports().heartbeatPort())))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("Status"))
                            .contains("\"isQueryDisabled\":true")
                            .contains("\"isLoadDisabled\":false"));

            // Every query now runs on be-1: stopping it during one fails that query.
            int scans = scans(sandbox.node("be-1"));
            CompletableFuture<Throwable> query = CompletableFuture.supplyAsync(() -> {
                try {
                    Sql.query(fe, "SELECT COUNT(*) FROM sandbox_db.sandbox_tbl");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitScan(sandbox.node("be-1"), scans);
            sandbox.faults().kill("be-1");
            assertThat(query.get())
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("errCode = 2, detailMessage = Backend ")
                    .hasMessageContaining("is down");
            Await.until(WAIT, "be-1 down", () -> !alive(fe, "be-1", sandbox));
            assertThatThrownBy(() -> Sql.query(fe, "SELECT COUNT(*) FROM sandbox_db.sandbox_tbl"))
                    .hasMessageStartingWith("errCode = 2, detailMessage = There is no scanNode Backend available.[");

            Sql.execute(fe, "ALTER SYSTEM MODIFY BACKEND " + be2 + " SET (\"disable_query\" = \"false\")");
            assertThat(count(fe, "sandbox_db.sandbox_tbl")).isEqualTo(1);
        }
    }

    /** Doris before 2.0 retries a query a stopping BE cut off, on the other replicas [U: docs/drain.md §4]. */
    @Test
    void aQueryCutOffByAStoppingBackendIsRetriedOnTheOtherReplicasBeforeDoris2() throws Exception {
        assertThat(queryCutOffByAKill("1.2.8")).isEqualTo(2L);
    }

    /**
     * Doris 2.0 and later never retry it ({@code max_query_retry_time} 1, and a query whose BE died is cancelled
     * as a {@code UserException}, docs/drain.md §4): it fails, naming the BE, which is why a BE is drained first.
     */
    @Test
    void aQueryCutOffByAStoppingBackendFailsOnDoris2AndLater() throws Exception {
        assertThat(queryCutOffByAKill("2.1.7"))
                .asInstanceOf(InstanceOfAssertFactories.throwable(SQLException.class))
                .hasMessageContaining("is down");
    }

    /** A count running on three BEs while be-1, one of them, is killed: its answer or its error. */
    private Object queryCutOffByAKill(String version) throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version(version)
                .backends(3)
                .tabletCount(60)
                .queryTime(Duration.ofSeconds(2))
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Sql.execute(fe, "INSERT INTO sandbox_db.sandbox_tbl VALUES (1, 'a'), (2, 'b')");
            // Sixty tablets each read from a random one of three replicas: be-1 serves some of them (with ten,
            // none did once in (2/3)^10, about one run in sixty).
            int scans = scans(sandbox.node("be-1"));
            CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
                try {
                    return count(fe, "sandbox_db.sandbox_tbl");
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitScan(sandbox.node("be-1"), scans);
            sandbox.faults().kill("be-1");
            Object answer = query.get();
            assertThat(TestSupport.log(fe, "log/fe.log"))
                    .contains("Query cancelled by crash of backends or RpcException: backend");
            return answer;
        }
    }

    /** Waits until the BE has started more than {@code before} query fragments (its log says so). */
    private static void awaitScan(Node be, int before) {
        Await.until(WAIT, be.id() + " scanning", () -> scans(be) > before);
    }

    private static int scans(Node be) {
        return TestSupport.log(be, "log/be.INFO").split("exec plan fragment", -1).length - 1;
    }

    private static long count(Node fe, String table) throws SQLException {
        return Long.parseLong(
                Sql.query(fe, "SELECT COUNT(*) FROM " + table).get(0).get("count(*)"));
    }

    private static String backendId(Node fe, Node be) throws SQLException {
        return Sql.query(fe, "SHOW BACKENDS").stream()
                .filter(r ->
                        r.get("HeartbeatPort").equals(String.valueOf(be.ports().heartbeatPort())))
                .map(r -> r.get("BackendId"))
                .findFirst()
                .orElseThrow();
    }

    private static boolean alive(Node fe, String id, Sandbox sandbox) {
        Node be = sandbox.node(id);
        return Sql.poll(fe, "SHOW BACKENDS").stream()
                .anyMatch(r ->
                        r.get("HeartbeatPort").equals(String.valueOf(be.ports().heartbeatPort()))
                                && r.get("Alive").equals("true"));
    }

    /** Every replica row of the table's one partition and index, through the placement procs. */
    private static List<Map<String, String>> replicasOf(Node fe, String db, String table) throws SQLException {
        String dbId = Sql.query(fe, "SHOW PROC '/dbs'").stream()
                .filter(r -> r.get("DbName").equals(db))
                .map(r -> r.get("DbId"))
                .findFirst()
                .orElseThrow();
        String tableId = Sql.query(fe, "SHOW PROC '/dbs/" + dbId + "'").stream()
                .filter(r -> r.get("TableName").equals(table))
                .map(r -> r.get("TableId"))
                .findFirst()
                .orElseThrow();
        String partitionId =
                Sql.query(fe, "SHOW PARTITIONS FROM " + db + "." + table).get(0).get("PartitionId");
        String base = "/dbs/" + dbId + "/" + tableId + "/partitions/" + partitionId;
        String indexId = Sql.query(fe, "SHOW PROC '" + base + "'").get(0).get("IndexId");
        return Sql.query(fe, "SHOW PROC '" + base + "/" + indexId + "'");
    }
}
