package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Node;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Workload;
import io.dorisops.testkit.WorkloadReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The sandbox workload the busy end-to-end tests run a procedure under (issue #22), and what must hold
 * afterwards: no load failed for want of a majority of replicas, and every acknowledged load is in the
 * table.
 */
final class UnderLoad {

    static final String TABLE = "workload_db.events";
    static final int ROWS_PER_LOAD = 5;

    private UnderLoad() {}

    /** Starts 4 loads and 5 queries a second, until stopped, and waits for the first loads. */
    static Workload start(Rig rig) {
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

    /**
     * Lets the workload run until 10 more loads succeeded after the procedure (the cluster takes loads
     * again), then stops it.
     */
    static WorkloadReport stopAfterMoreLoads(Workload workload) {
        long before = workload.report().total().loadsOk();
        Await.until(
                Duration.ofSeconds(60),
                "10 more loads after the procedure",
                () -> workload.report().total().loadsOk() >= before + 10);
        return workload.stop();
    }

    /**
     * Loads went on, none failed for want of a majority, and every acknowledged row is in the table
     * (read on the master once it has replayed the journal). A load without an answer may have committed
     * or not, so it may add its rows or none.
     */
    static void everyLoadThatSucceededIsThere(Rig rig, WorkloadReport report) {
        // The 8 loads awaited before the procedure and the 10 awaited after it (start, stopAfterMoreLoads).
        assertThat(report.total().loadsOk()).as(report.errors().toString()).isGreaterThanOrEqualTo(18);
        assertThat(report.errors().keySet())
                .as("no load failed for want of a majority of replicas")
                .noneMatch(error -> error.contains("replica num"));
        long unknown = report.errors().entrySet().stream()
                .filter(e -> e.getKey().startsWith("load: ") && withoutAnswer(e.getKey()))
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
    }

    /**
     * A load whose outcome the client cannot know: its connection broke while its FE stopped, or the FE
     * forwarded it to a master that stopped before answering (the master may have committed it; it answers
     * only once a majority of followers has the commit, and then it was gone), or that answered later than
     * the forwarding FE waited (a loaded master commits it all the same). A refused forward or one with no
     * master known never reached a master.
     */
    private static boolean withoutAnswer(String error) {
        return error.contains("Communications link failure")
                || (error.contains("forward stmt to master")
                        && (error.contains("without an answer")
                                || error.contains("Connection reset")
                                || error.contains("Read timed out")));
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
}
