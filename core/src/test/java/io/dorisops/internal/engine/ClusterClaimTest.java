package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Topology;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.pkg.Tars;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster marker of a run ({@link ClusterClaim}) on an in-memory cluster whose hosts can be made unreachable. */
class ClusterClaimTest {

    @TempDir
    Path dir;

    private FakeCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster("2.1.7");
    }

    private Engine engine(Topology topology) {
        return new Engine(
                topology,
                cluster.control(),
                cluster,
                Optional.of(cluster),
                RunSettings.builder().stateDir(dir.resolve("state")).build());
    }

    private ClusterClaim take(String runId) {
        return ClusterClaim.take(engine(cluster.topology), runId, "", id -> false);
    }

    private RunnerProcess self() {
        return RunnerProcess.current(dir.resolve("state"));
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    @Test
    void twoOperatorsWhoseFilesListTheFrontendsInAnotherOrderCannotBothClaim() {
        Topology reordered = Topology.parse(
                """
                name: fake
                flavor: doris
                timeouts: {ready: 3s, poll: 10ms}
                observers:
                  - {id: fe-obs, host: 10.0.0.4, home: /opt/fe}
                followers:
                  - {id: fe-3, host: 10.0.0.3, home: /opt/fe}
                  - {id: fe-2, host: 10.0.0.2, home: /opt/fe}
                  - {id: fe-1, host: 10.0.0.1, home: /opt/fe}
                backends:
                  - {id: be-1, host: 10.0.1.1, home: /opt/be}
                  - {id: be-2, host: 10.0.1.2, home: /opt/be}
                  - {id: be-3, host: 10.0.1.3, home: /opt/be}
                """,
                "reordered.yaml");
        try (ClusterClaim first = take("upgrade-a")) {
            assertThatThrownBy(() -> ClusterClaim.take(engine(reordered), "upgrade-b", "", id -> false))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("another run holds fake")
                    .hasMessageContaining("lock: upgrade-a ");
        }
        assertThat(cluster.markers).isEmpty();
    }

    @Test
    void aDeadFrontendHostBlocksNoRun() {
        cluster.unreachable.add("10.0.0.1");

        try (ClusterClaim claim = take("upgrade-a")) {
            assertThat(cluster.markers).containsOnlyKeys("10.0.0.2", "10.0.0.3", "10.0.0.4");
        }
        assertThat(cluster.markers).isEmpty();
    }

    @Test
    void withoutAMajorityOfTheFrontendHomesNoRunClaimsAndTheRefusalNamesTheHosts() {
        cluster.unreachable.addAll(java.util.List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"));

        assertThatThrownBy(() -> take("upgrade-a"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("must be taken on 3 of the 4 FE homes, only 1 could be reached")
                .hasMessageContaining("fe-1 (10.0.0.1): 10.0.0.1: connection refused");
        assertThat(cluster.markers).isEmpty();
    }

    @Test
    void aMarkerLeftByARunnerOfThisMachineThatDiedBeforeWritingItsJournalIsReplaced() throws Exception {
        RunnerProcess me = self();
        RunnerProcess dead = new RunnerProcess(
                me.user(), me.machine(), me.on(), deadPid(), Instant.now(), Instant.now(), me.stateDir());
        cluster.markers.put("10.0.0.1", "upgrade-20261201-080000-aaaaaa " + dead.text());

        try (ClusterClaim claim = take("upgrade-b")) {
            assertThat(cluster.markers.get("10.0.0.1")).startsWith("upgrade-b ");
        }
    }

    @Test
    void aMarkerWhosePidNowNamesAnotherProcessIsReplacedToo() {
        RunnerProcess me = self();
        // Our own pid, but started at another time: the pid was reused, the runner is gone.
        RunnerProcess reused = new RunnerProcess(
                me.user(),
                me.machine(),
                me.on(),
                me.pid(),
                Instant.parse("2020-01-01T00:00:00Z"),
                Instant.now(),
                me.stateDir());
        cluster.markers.put("10.0.0.2", "upgrade-20261201-080000-aaaaaa " + reused.text());

        try (ClusterClaim claim = take("upgrade-b")) {
            assertThat(cluster.markers.get("10.0.0.2")).startsWith("upgrade-b ");
        }
    }

    @Test
    void aDeadRunnersMarkerIsKeptWhileItsJournalCanResumeIt() throws Exception {
        RunnerProcess me = self();
        RunnerProcess dead = new RunnerProcess(
                me.user(), me.machine(), me.on(), deadPid(), Instant.now(), Instant.now(), me.stateDir());
        cluster.markers.put("10.0.0.1", "upgrade-20261201-080000-aaaaaa " + dead.text());

        assertThatThrownBy(() -> ClusterClaim.take(engine(cluster.topology), "upgrade-b", "", id -> true))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("resume it where it ran");
        assertThat(cluster.markers).containsOnlyKeys("10.0.0.1");
    }

    @Test
    void aLiveRunnersMarkerIsKept() {
        cluster.markers.put("10.0.0.3", "upgrade-20261201-080000-aaaaaa " + self().text());

        assertThatThrownBy(() -> take("upgrade-b"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("still runs: wait for it");
    }

    @Test
    void aMarkerOfAnotherMachineIsNeverReplacedAndTheRefusalSaysWhatToCheckThere() throws Exception {
        RunnerProcess me = self();
        RunnerProcess elsewhere = new RunnerProcess(
                me.user(),
                "host-b",
                "3f2a-other-boot/4026531836",
                deadPid(),
                Instant.now(),
                Instant.now(),
                me.stateDir());
        cluster.markers.put("10.0.0.1", "upgrade-20261201-080000-aaaaaa " + elsewhere.text());

        assertThatThrownBy(() -> take("upgrade-b"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining(
                        "written by pid " + elsewhere.pid() + " on host-b, which this machine cannot check")
                .hasMessageContaining("ps -p " + elsewhere.pid() + " on host-b")
                .hasMessageContaining("/opt/fe/.dorisops/run.lock on 10.0.0.1");
        assertThat(cluster.markers.get("10.0.0.1")).startsWith("upgrade-20261201-080000-aaaaaa ");
    }

    @Test
    void runIdsOfTwoMachinesStartingTheSameOperationInTheSameSecondDiffer() throws Exception {
        Path pkg = Tars.release("apache-doris-2.1.8-bin-x64").writeTo(dir.resolve("apache-doris-2.1.8-bin-x64.tar.gz"));
        FakeCluster other = new FakeCluster("2.1.7");
        Procedures here = new Procedures(new Engine(
                cluster.topology,
                cluster.control(),
                cluster,
                Optional.of(cluster),
                RunSettings.builder().stateDir(dir.resolve("machine-a")).build()));
        Procedures there = new Procedures(new Engine(
                other.topology,
                other.control(),
                other,
                Optional.of(other),
                RunSettings.builder().stateDir(dir.resolve("machine-b")).build()));
        Operation operation = here.planUpgrade(pkg);

        String a = here.execute(operation).runId();
        String b = there.execute(operation).runId();

        assertThat(a).isNotEqualTo(b).matches("upgrade-\\d{8}-\\d{6}-[a-z2-9]{6}");
        assertThat(b).matches("upgrade-\\d{8}-\\d{6}-[a-z2-9]{6}");
    }
}
