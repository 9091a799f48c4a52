package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.ProgressEvent;
import io.dorisops.UpgradePlan;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.Workload;
import io.dorisops.testkit.WorkloadReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling upgrade and rolling restart of a 3 FE + 3 BE sandbox, every table with 3 replicas, while the
 * sandbox workload queries and loads through the FEs the whole time (issue #22): the restarted BEs come
 * back with replicas lacking versions, which only the tablet scheduler repairs, and the run still
 * finishes; no load ever fails for want of a majority of replicas, and every load that succeeded is in
 * the table afterwards.
 */
class BusyRollingTest {

    private static final String TABLE = "workload_db.events";
    private static final int ROWS_PER_LOAD = 5;

    @TempDir
    Path dir;

    private Rig rig(Flavor flavor, String version) {
        return new Rig(
                dir,
                Sandbox.builder().flavor(flavor).version(version).followers(3).backends(3));
    }

    /** The workload: 4 loads and 5 queries a second, until stopped. */
    private static Workload workload(Rig rig) {
        Workload workload = rig.sandbox
                .workload()
                .qps(5)
                .loadsPerSecond(4)
                .rowsPerLoad(ROWS_PER_LOAD)
                .duration(Duration.ofMinutes(30))
                .start();
        Await.until(
                Duration.ofSeconds(60),
                "the first loads",
                () -> workload.report().total().loadsOk() >= 8);
        return workload;
    }

    /** What must hold after a run under the workload. */
    private static void everyLoadThatSucceededIsThere(Rig rig, WorkloadReport report, RecordingListener events) {
        assertThat(report.total().loadsOk()).as(report.errors().toString()).isGreaterThan(20);
        assertThat(report.errors().keySet())
                .as("no load failed for want of a majority of replicas")
                .noneMatch(error -> error.contains("replica num"));
        // Every acknowledged load is in the table (read once the master has replayed the journal). A load
        // whose connection broke while its FE stopped has no answer: it may have committed, or not.
        long unknown = report.errors().entrySet().stream()
                .filter(e -> e.getKey().startsWith("load: ") && e.getKey().contains("Communications link failure"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long rows;
        try {
            rows = Await.until(
                    Duration.ofSeconds(30),
                    "every acknowledged row in " + TABLE,
                    () -> count(rig),
                    n -> n >= report.rowsWritten());
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; acknowledged rows " + report.rowsWritten() + ", errors " + report.errors(), e);
        }
        assertThat(rows)
                .as(
                        "rows in the table against %s acknowledged and %s loads without an answer; errors %s",
                        report.rowsWritten(), unknown, report.errors())
                .isBetween(report.rowsWritten(), report.rowsWritten() + unknown * ROWS_PER_LOAD);
        // The restarted BEs lacked versions; the run let the scheduler clone them between BEs.
        assertThat(events.events)
                .filteredOn(e -> e.type() == ProgressEvent.Type.WAITING)
                .extracting(ProgressEvent::message)
                .anyMatch(message -> message.startsWith("tablet scheduler on"));
        assertThat(rig.admin.tabletHealth().healthy()).isTrue();
    }

    private static long count(Rig rig) {
        Node master = rig.sandbox.node(rig.masterId());
        String url = "jdbc:mysql://" + master.host() + ":" + master.ports().queryPort() + "/?useSSL=false";
        try (Connection connection = DriverManager.getConnection(url, "root", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError("cannot count " + TABLE + " on " + master.id() + ": " + e.getMessage(), e);
        }
    }

    private void upgradeUnderLoads(Flavor flavor, String from, String to) {
        try (Rig rig = rig(flavor, from)) {
            Map<String, String> before = rig.balance();
            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).build());
            UpgradePlan plan = engine.plan(rig.pkg(to));
            WorkloadReport report;
            try (Workload workload = workload(rig)) {
                engine.execute(plan);
                report = workload.stop();
            }

            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).isEqualTo(to));
            assertThat(rig.balance()).isEqualTo(before);
            everyLoadThatSucceededIsThere(rig, report, events);
        }
    }

    private void restartUnderLoads(Flavor flavor, String version) {
        try (Rig rig = rig(flavor, version)) {
            Map<String, String> before = rig.balance();
            RecordingListener events = new RecordingListener();
            WorkloadReport report;
            try (Workload workload = workload(rig)) {
                rig.cluster(io.dorisops.ProgressListener.NONE)
                        .restart(rig.sandbox.nodes(), rig.options(events).build());
                report = workload.stop();
            }

            assertThat(events.nodes(ProgressEvent.Type.STEP_STARTED, "stop")).hasSize(6);
            assertThat(rig.balance()).isEqualTo(before);
            everyLoadThatSucceededIsThere(rig, report, events);
        }
    }

    @Test
    void dorisRollingUpgradeFinishesUnderLoads() {
        upgradeUnderLoads(Flavor.DORIS, "2.1.7", "2.1.8");
    }

    @Test
    void dorisRollingRestartFinishesUnderLoads() {
        restartUnderLoads(Flavor.DORIS, "2.1.7");
    }

    @Test
    void starRocksRollingUpgradeFinishesUnderLoads() {
        upgradeUnderLoads(Flavor.STARROCKS, "3.2.11", "3.3.5");
    }

    @Test
    void starRocksRollingRestartFinishesUnderLoads() {
        restartUnderLoads(Flavor.STARROCKS, "3.3.5");
    }
}
