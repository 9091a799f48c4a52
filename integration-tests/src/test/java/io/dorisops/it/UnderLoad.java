package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Node;
import io.dorisops.ProgressEvent;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Workload;
import io.dorisops.testkit.WorkloadReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        return start(rig, 5);
    }

    /** Starts 4 loads and {@code qps} queries a second, until stopped, and waits for the first loads. */
    static Workload start(Rig rig, double qps) {
        Workload workload = rig.sandbox
                .workload()
                .qps(qps)
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
     * What the BE drain promises (issue #25): no query and no load failed while a BE was drained, stopped
     * or coming back. Every second with a failure lies in the step of an FE (from its start to its end),
     * and each failure is one an FE's stop causes on these releases: the statement's connection to the
     * stopping FE broke (Doris before apache/doris#56601 and StarRocks before #56106 end an FE's
     * connections when it stops, running or not: {@code docs/drain.md}), or a load was forwarded while the
     * master was switching. Returns the failures the FE stops caused, for the caller to show.
     */
    static long noFailureOutsideTheFrontendStops(Rig rig, WorkloadReport report, RecordingListener events) {
        List<Instant[]> frontendSteps = new ArrayList<>();
        Map<String, Instant> started = new LinkedHashMap<>();
        for (ProgressEvent e : events.events) {
            if (e.nodeId().isEmpty() || !rig.sandbox.node(e.nodeId()).role().isFrontend()) {
                continue;
            }
            if (e.type() == ProgressEvent.Type.NODE_STARTED) {
                started.put(e.nodeId(), e.time());
            } else if (e.type() == ProgressEvent.Type.NODE_FINISHED && started.containsKey(e.nodeId())) {
                frontendSteps.add(new Instant[] {started.remove(e.nodeId()), e.time()});
            }
        }
        assertThat(report.seconds())
                .filteredOn(second -> second.queriesFailed() + second.loadsFailed() > 0)
                .as("seconds with failures outside every FE's step %s; errors %s", frontendSteps, report.errors())
                .allMatch(second -> frontendSteps.stream()
                        .anyMatch(step -> report.startOf(second).plusSeconds(1).isAfter(step[0])
                                && !report.startOf(second).isAfter(step[1])));
        assertThat(report.errors().keySet())
                .as("every failure is one an FE's stop causes")
                .allMatch(error -> error.contains("Communications link failure")
                        || (error.startsWith("load: ")
                                && (error.contains("forward stmt to master")
                                        || error.contains("not master")
                                        || error.contains("not the master"))));
        return report.failedQueries() + report.failedLoads();
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
