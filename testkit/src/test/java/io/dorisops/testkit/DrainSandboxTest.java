package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a drain stands on, as the real systems do it (docs/drain.md): Doris {@code ALTER SYSTEM MODIFY BACKEND
 * ... SET ("disable_query" | "disable_load")} through mysql-connector-j and its flags in {@code SHOW BACKENDS};
 * a backend with queries disabled gets no new fragments while queries keep succeeding; a graceful stop waits
 * for the fragments that run, up to its grace, with the real health answer and {@code SHOW BACKENDS} state
 * meanwhile, where a hard stop fails them.
 */
class DrainSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TABLE = "sandbox_db.sandbox_tbl";

    @TempDir
    Path dir;

    @Test
    void modifyBackendRoundTripsThroughTheDriverAndRefusesAnUnknownBackendOrKeyBeforeChangingAny() throws Exception {
        try (Sandbox sandbox = doris("2.1.7", Duration.ofMillis(20)).start()) {
            Node fe = sandbox.node("fe-1");
            String be1 = address(sandbox.node("be-1"));
            String be2 = address(sandbox.node("be-2"));
            Sql.execute(
                    fe,
                    "ALTER SYSTEM MODIFY BACKEND " + be1 + " SET (\"disable_query\" = \"true\","
                            + " \"disable_load\" = \"true\")");
            assertThat(status(fe, sandbox.node("be-1")))
                    .contains("\"isQueryDisabled\":true")
                    .contains("\"isLoadDisabled\":true");
            assertThat(status(fe, sandbox.node("be-2")))
                    .contains("\"isQueryDisabled\":false")
                    .contains("\"isLoadDisabled\":false");

            assertThatThrownBy(() -> Sql.execute(
                            fe,
                            "ALTER SYSTEM MODIFY BACKEND " + be2
                                    + ", \"127.0.0.1:1\" SET (\"disable_query\" = \"true\")"))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("errCode = 2, detailMessage = backend does not exists[127.0.0.1:1]");
            assertThatThrownBy(() -> Sql.execute(
                            fe, "ALTER SYSTEM MODIFY BACKEND " + be2 + " SET (\"disable_querry\" = \"true\")"))
                    .hasMessage("errCode = 2, detailMessage = unknown properties setting for key (disable_querry)");
            assertThat(status(fe, sandbox.node("be-2"))).contains("\"isQueryDisabled\":false");

            // Boolean.valueOf: anything but "true" clears the flag, without an error.
            Sql.execute(fe, "ALTER SYSTEM MODIFY BACKEND " + be1 + " SET (\"disable_query\" = \"yes\")");
            Sql.execute(fe, "ALTER SYSTEM MODIFY BACKEND " + be1 + " SET (\"disable_load\" = \"FALSE\")");
            assertThat(status(fe, sandbox.node("be-1")))
                    .contains("\"isQueryDisabled\":false")
                    .contains("\"isLoadDisabled\":false");
        }
    }

    @Test
    void aBackendWithQueriesDisabledGetsNoNewFragmentsWhileAQueryWorkloadKeepsSucceeding() throws Exception {
        try (Sandbox sandbox = doris("2.1.7", Duration.ofMillis(50)).start()) {
            Node fe = sandbox.node("fe-1");
            Node be1 = sandbox.node("be-1");
            Sql.execute(fe, "ALTER SYSTEM MODIFY BACKEND " + address(be1) + " SET (\"disable_query\" = \"true\")");
            int before = scans(be1);
            WorkloadReport report;
            try (Workload workload = sandbox.workload()
                    .table(TABLE)
                    .qps(20)
                    .loadsPerSecond(0)
                    .duration(Duration.ofSeconds(3))
                    .start()) {
                report = workload.await();
            }
            assertThat(report.failedQueries()).as("%s", report.errors()).isZero();
            assertThat(report.total().queriesOk()).isGreaterThan(20);
            assertThat(scans(be1)).isEqualTo(before);
            assertThat(scans(sandbox.node("be-2")) + scans(sandbox.node("be-3")))
                    .isGreaterThan(20);
            assertThat(TestSupport.body(be1, "/metrics")).contains("\ndoris_be_fragment_instance_count 0\n");
        }
    }

    @Test
    void aGracefulStopWaitsForTheRunningQueryWhichSucceedsAndTheBeSaysItIsStopping() throws Exception {
        try (Sandbox sandbox = doris("3.1.3", Duration.ofSeconds(8)).start()) {
            Node fe = sandbox.node("fe-1");
            Node be1 = sandbox.node("be-1");
            CompletableFuture<Object> query = queryRunningOnBe1(sandbox);
            assertThat(TestSupport.body(be1, "/metrics")).contains("\ndoris_be_fragment_instance_count 1\n");

            CompletableFuture<TestSupport.Run> stop = stop(be1, "--grace");
            Await.until(
                    WAIT,
                    "be-1 answering that it shuts down",
                    () -> TestSupport.body(be1, "/api/health"),
                    "{\"status\": \"Server is not available\",\"msg\": \"Server is shutting down\"}"::equals);
            assertThat(TestSupport.status(be1, "/api/health")).isEqualTo(200);
            Await.until(WAIT, "SHOW BACKENDS marking be-1 shut down", () -> Sql.poll(fe, "SHOW BACKENDS").stream()
                    .anyMatch(r -> r.get("BackendId").equals(id(fe, be1))
                            && r.get("Status").contains("\"isShutdown\":true")));
            assertThat(stop).isNotDone();

            assertThat(query.get()).isEqualTo(0L);
            TestSupport.Run run = stop.get();
            assertThat(run.exitCode()).isZero();
            assertThat(TestSupport.log(be1, "log/be.INFO"))
                    .contains("There are still 1 queries running, waiting...")
                    .doesNotContain("has to exist now");
        }
    }

    @Test
    void aHardStopFailsTheRunningQuery() throws Exception {
        try (Sandbox sandbox = doris("3.1.3", Duration.ofSeconds(8)).start()) {
            Node fe = sandbox.node("fe-1");
            Node be1 = sandbox.node("be-1");
            CompletableFuture<Object> query = queryRunningOnBe1(sandbox);
            TestSupport.Run run = TestSupport.script(be1, "stop_be.sh");
            assertThat(run.exitCode()).isZero();
            assertThat(run.took()).isLessThan(Duration.ofSeconds(6));
            Object failure = query.get();
            assertThat(failure).isInstanceOf(SQLException.class);
            assertThat(((SQLException) failure).getMessage())
                    .startsWith("errCode = 2, detailMessage = Backend ")
                    .contains("is down");
        }
    }

    @Test
    void theGraceDeadlineIsHonouredAndWhatStillRunsFails() throws Exception {
        try (Sandbox sandbox = doris("2.1.7", Duration.ofSeconds(8)).start()) {
            Node fe = sandbox.node("fe-1");
            Node be1 = sandbox.node("be-1");
            // grace_shutdown_wait_seconds is read at start, as the real (immutable) config is.
            assertThat(TestSupport.script(be1, "stop_be.sh").exitCode()).isZero();
            // The master must have seen it down first: its Alive=true until the next heartbeat is the old process's.
            Await.until(WAIT, "be-1 seen down", () -> Sql.poll(fe, "SHOW BACKENDS").stream()
                    .anyMatch(r -> r.get("BackendId").equals(id(fe, be1))
                            && r.get("Alive").equals("false")));
            Files.writeString(
                    be1.home().resolve("conf/be.conf"),
                    "\ngrace_shutdown_wait_seconds = 1\n",
                    StandardOpenOption.APPEND);
            assertThat(TestSupport.script(be1, "start_be.sh", "--daemon").exitCode())
                    .isZero();
            Await.until(WAIT, "be-1 alive again", () -> Sql.poll(fe, "SHOW BACKENDS").stream()
                    .anyMatch(r -> r.get("BackendId").equals(id(fe, be1))
                            && r.get("Alive").equals("true")));
            CompletableFuture<Object> query = queryRunningOnBe1(sandbox);

            TestSupport.Run run = TestSupport.script(be1, "stop_be.sh", "--grace");
            assertThat(run.exitCode()).isZero();
            assertThat(run.took()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(6));
            assertThat(query.get()).isInstanceOf(SQLException.class);
            assertThat(TestSupport.log(be1, "log/be.INFO"))
                    .contains("There are still 1 queries running, but 1 seconds passed, has to exist now");
        }
    }

    @Test
    void aDorisBeWithoutTheGraceWaitEndsAtOnceAndItsRunningQueryFails() throws Exception {
        try (Sandbox sandbox = doris("1.2.7", Duration.ofSeconds(8)).start()) {
            Node fe = sandbox.node("fe-1");
            Node be1 = sandbox.node("be-1");
            CompletableFuture<Object> query = queryRunningOnBe1(sandbox);
            TestSupport.Run run = TestSupport.script(be1, "stop_be.sh", "--grace");
            assertThat(run.exitCode()).isZero();
            assertThat(run.took()).isLessThan(Duration.ofSeconds(6));
            assertThat(query.get()).isInstanceOf(SQLException.class);
            assertThat(TestSupport.log(be1, "log/be.INFO")).doesNotContain("queries running");
        }
    }

    @Test
    void aStarRocksGracefulStopShowsShutdownAndWaitsForTheRunningQuery() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.5.0")
                .backends(3)
                .tabletCount(30)
                .queryTime(Duration.ofSeconds(4))
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Node be1 = sandbox.node("be-1");
            assertThatThrownBy(() -> Sql.execute(
                            fe, "ALTER SYSTEM MODIFY BACKEND " + address(be1) + " SET (\"disable_query\" = \"true\")"))
                    .hasMessageContaining("Unknown property: disable_query");
            // No disable_query on StarRocks: the graceful stop is the drain. A query that reads from be-1
            // (among others: 30 tablets) runs on while it stops; new ones go to be-2 and be-3 only.
            int before = scans(be1);
            CompletableFuture<Object> query = count(fe);
            awaitScanning(fe, be1, before, query);
            CompletableFuture<TestSupport.Run> stop = stop(be1, "-g");
            Await.until(WAIT, "SHOW BACKENDS marking be-1 SHUTDOWN", () -> Sql.poll(fe, "SHOW BACKENDS").stream()
                    .anyMatch(r -> r.get("BackendId").equals(id(fe, be1))
                            && r.get("StatusCode").equals("SHUTDOWN")
                            && r.get("Alive").equals("false")
                            && r.get("NumRunningQueries").equals("1")));
            int during = scans(be1);
            assertThat(count(fe).get()).isEqualTo(0L);
            assertThat(scans(be1)).isEqualTo(during);
            assertThat(query.get()).isEqualTo(0L);
            assertThat(stop.get().exitCode()).isZero();
            Await.until(WAIT, "SHOW BACKENDS marking be-1 DISCONNECTED", () -> Sql.poll(fe, "SHOW BACKENDS").stream()
                    .anyMatch(r -> r.get("BackendId").equals(id(fe, be1))
                            && r.get("StatusCode").equals("DISCONNECTED")));
        }
    }

    private Sandbox.Builder doris(String version, Duration queryTime) {
        return Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version(version)
                .backends(3)
                .tabletCount(3)
                .queryTime(queryTime)
                .baseDir(dir);
    }

    /** be-2 and be-3 take no queries, so a query's retry has nowhere else to go. */
    private static void onlyBe1ServesQueries(Sandbox sandbox) throws SQLException {
        Sql.execute(
                sandbox.node("fe-1"),
                "ALTER SYSTEM MODIFY BACKEND " + address(sandbox.node("be-2")) + ", " + address(sandbox.node("be-3"))
                        + " SET (\"disable_query\" = \"true\")");
    }

    /** {@code SELECT COUNT(*)} in the background: the count, or the SQLException. */
    private static CompletableFuture<Object> count(Node fe) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<Map<String, String>> rows = Sql.query(fe, "SELECT COUNT(*) FROM " + TABLE);
                return Long.parseLong(rows.get(0).get("count(*)"));
            } catch (SQLException e) {
                return e;
            }
        });
    }

    private static CompletableFuture<TestSupport.Run> stop(Node be, String option) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return TestSupport.script(be, "stop_be.sh", option);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static String address(Node be) {
        return "\"" + be.host() + ":" + be.ports().heartbeatPort() + "\"";
    }

    private static String status(Node fe, Node be) throws SQLException {
        String id = id(fe, be);
        return Sql.query(fe, "SHOW BACKENDS").stream()
                .filter(r -> r.get("BackendId").equals(id))
                .map(r -> r.get("Status"))
                .findFirst()
                .orElseThrow();
    }

    private static String id(Node fe, Node be) {
        return Sql.poll(fe, "SHOW BACKENDS").stream()
                .filter(r ->
                        r.get("HeartbeatPort").equals(String.valueOf(be.ports().heartbeatPort())))
                .map(r -> r.get("BackendId"))
                .findFirst()
                .orElse("?");
    }

    /**
     * Leaves be-1 the only BE that takes queries, starts {@code SELECT COUNT(*)} through fe-1 and waits until
     * be-1 runs its fragment.
     */
    private static CompletableFuture<Object> queryRunningOnBe1(Sandbox sandbox) throws SQLException {
        Node fe = sandbox.node("fe-1");
        Node be1 = sandbox.node("be-1");
        onlyBe1ServesQueries(sandbox);
        int before = scans(be1);
        CompletableFuture<Object> query = count(fe);
        awaitScanning(fe, be1, before, query);
        return query;
    }

    /** Waits until the backend runs the query's fragment; a query that ended first fails the test with its outcome. */
    private static void awaitScanning(Node fe, Node be, int before, CompletableFuture<Object> query) {
        Await.until(WAIT, be.id() + " scanning", () -> scans(be) > before || query.isDone());
        assertThat(query.isDone())
                .as(
                        "the query ended before %s ran its fragment: %s; SHOW BACKENDS: %s",
                        be.id(), query.getNow(null), Sql.poll(fe, "SHOW BACKENDS"))
                .isFalse();
    }

    /** Query fragments the backend started: its log's {@code exec plan fragment} lines. */
    private static int scans(Node be) {
        return TestSupport.log(be, "log/be.INFO").split("exec plan fragment", -1).length - 1;
    }
}
