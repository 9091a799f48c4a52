package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Cluster;
import io.dorisops.FailoverDrillResult;
import io.dorisops.Flavor;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.spi.Frontend;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.Workload;
import io.dorisops.testkit.WorkloadReport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scale-in of a BE and the failover drill on a 3-follower sandbox, every table with 3 replicas, while
 * the sandbox workload queries and loads through the FEs the whole time (issue #22): the decommissioned
 * BE drains while loads write new versions to its tablets, the master switch breaks the statements on
 * the stopped master's connections, and every load that succeeded is in the table afterwards.
 */
class BusyScaleInAndFailoverTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DORIS, 2.1.7", "STARROCKS, 3.3.5"})
    void aBackendScalesInUnderLoads(Flavor flavor, String version) {
        // 4 BEs, so that the 3 replicas of each tablet still fit once one BE is gone.
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(flavor)
                        .version(version)
                        .followers(3)
                        .backends(4)
                        .decommissionRate(12))) {
            RecordingListener events = new RecordingListener();
            Cluster cluster = rig.cluster(ProgressListener.NONE);
            RunResult removed;
            WorkloadReport report;
            try (Workload workload = UnderLoad.start(rig)) {
                removed = cluster.run(
                        Procedure.scaleIn(rig.nodes("be-4"), Duration.ofSeconds(30)),
                        rig.options(events).build());
                report = UnderLoad.stopAfterMoreLoads(workload);
            }

            assertThat(removed.nodes()).containsExactly("be-4");
            assertThat(events.events).extracting(ProgressEvent::message).anyMatch(m -> m.startsWith("be-4: drained"));
            assertThat(rig.admin.backends()).hasSize(3).noneMatch(be -> be.matches(rig.sandbox.node("be-4")));
            assertThat(rig.sandbox.pid("be-4")).isEmpty();
            assertThat(report.failedLoads()).as(report.errors().toString()).isZero();
            assertThat(report.failedQueries()).as(report.errors().toString()).isZero();
            UnderLoad.everyLoadThatSucceededIsThere(rig, report);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DORIS, 2.1.7", "STARROCKS, 3.3.5"})
    void theFailoverDrillFinishesUnderLoads(Flavor flavor, String version) {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(flavor)
                        .version(version)
                        .followers(3)
                        .backends(3)
                        .electionDelay(Duration.ofMillis(500)))) {
            RecordingListener events = new RecordingListener();
            String oldMaster = rig.masterId();
            FailoverDrillResult drill;
            WorkloadReport report;
            try (Workload workload = UnderLoad.start(rig)) {
                drill = rig.cluster(ProgressListener.NONE)
                        .run(Procedure.failoverDrill(), rig.options(events).build())
                        .failoverDrill()
                        .orElseThrow();
                report = UnderLoad.stopAfterMoreLoads(workload);
            }

            assertThat(drill.oldMaster()).isEqualTo(oldMaster);
            assertThat(drill.newMaster()).isNotEqualTo(oldMaster).startsWith("fe-");
            assertThat(rig.masterId()).isEqualTo(drill.newMaster());
            assertThat(rig.admin.frontends()).hasSize(3).allMatch(Frontend::alive);
            // What fails is what the master switch breaks: a load a follower forwards while there is no
            // master, or any statement whose connection to the stopping master broke.
            assertThat(report.errors().keySet())
                    .as("only statements the master switch broke fail")
                    .allMatch(error -> error.contains("Communications link failure")
                            || (error.startsWith("load: ") && error.contains("forward stmt to master")));
            UnderLoad.everyLoadThatSucceededIsThere(rig, report);
        }
    }
}
