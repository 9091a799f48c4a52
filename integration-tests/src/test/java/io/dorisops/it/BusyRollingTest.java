package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.RunRecord;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.Workload;
import io.dorisops.testkit.WorkloadReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling upgrade and rolling restart of a 3 FE + 3 BE sandbox, every table with 3 replicas, while the
 * sandbox workload queries and loads through the FEs the whole time (issue #22): the restarted BEs come
 * back with replicas lacking versions, which only the tablet scheduler repairs, and the run still
 * finishes; no load ever fails for want of a majority of replicas, and every load that succeeded is in
 * the table afterwards. Each BE is drained before it stops (issue #25): no query and no load fails while
 * a BE is drained, stopped or coming back, only what an FE's stop breaks (its connections; loads during
 * the master switch); the runbook's way (each node stopped at once, no drain) fails queries during the BE
 * steps on the same cluster and workload, so these assertions can fail.
 */
class BusyRollingTest {

    @TempDir
    Path dir;

    private Rig rig(Flavor flavor, String version) {
        return new Rig(
                dir,
                Sandbox.builder().flavor(flavor).version(version).followers(3).backends(3));
    }

    /** What must hold after a rolling run under the workload. */
    private static void everyLoadThatSucceededIsThere(Rig rig, WorkloadReport report, RecordingListener events) {
        UnderLoad.noFailureOutsideTheFrontendStops(rig, report, events);
        UnderLoad.everyLoadThatSucceededIsThere(rig, report);
        // The restarted BEs lacked versions; the run let the scheduler clone them between BEs.
        assertThat(events.events)
                .filteredOn(e -> e.type() == ProgressEvent.Type.WAITING)
                .extracting(ProgressEvent::message)
                .anyMatch(message -> message.startsWith("tablet scheduler on"));
        assertThat(rig.admin.tabletHealth().healthy()).isTrue();
    }

    private void upgradeUnderLoads(Flavor flavor, String from, String to) {
        try (Rig rig = rig(flavor, from)) {
            Map<String, String> before = rig.balance();
            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).build());
            Operation plan = engine.plan(rig.pkg(to));
            WorkloadReport report;
            try (Workload workload = UnderLoad.start(rig)) {
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
            RunOptions options;
            try (Workload workload = UnderLoad.start(rig)) {
                options = rig.options(events).traffic(workload).build();
                rig.cluster(ProgressListener.NONE).run(Procedure.restart(rig.sandbox.nodes()), options);
                report = workload.stop();
            }
            // The history shows each BE's drain beside its downtime, and no failure in its step.
            RunRecord run = rig.cluster(ProgressListener.NONE).history(options).get(0);
            assertThat(run.nodeTimes())
                    .filteredOn(time -> time.node().startsWith("be-"))
                    .hasSize(3)
                    .allSatisfy(time -> {
                        assertThat(time.drain().isPresent()).isEqualTo(flavor == Flavor.DORIS);
                        assertThat(time.downtime()).isPresent();
                        assertThat(time.traffic())
                                .hasValueSatisfying(counts -> assertThat(counts.queriesFailed() + counts.loadsFailed())
                                        .isZero());
                    });

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

    /**
     * The runbook's rolling restart of the BEs on the same cluster and workload: no drain, each BE stopped
     * at once ({@code stop_be.sh} without {@code --grace}); the FEs are left out, they would add only time. The queries planned on a BE between its stop and the
     * master's next heartbeat, and those it was running, fail: Doris retries none by default ({@code
     * docs/drain.md}). 20 queries a second, so that a stop meets some.
     */
    @Test
    void dorisRollingRestartWithoutTheDrainFailsQueries() {
        try (Rig rig = rig(Flavor.DORIS, "2.1.7")) {
            RecordingListener events = new RecordingListener();
            WorkloadReport report;
            try (Workload workload = UnderLoad.start(rig, 20)) {
                rig.cluster(ProgressListener.NONE)
                        .run(
                                Procedure.restart(rig.nodes("be-1", "be-2", "be-3"))
                                        .noDrain(),
                                rig.options(events).gracefulStop(false).build());
                report = workload.stop();
            }

            assertThat(report.failedQueries()).as("%s", report.errors()).isPositive();
            assertThatThrownBy(() -> UnderLoad.noFailureOutsideTheFrontendStops(rig, report, events))
                    .as("the drained runs' assertion fails on the undrained run")
                    .isInstanceOf(AssertionError.class);
        }
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
