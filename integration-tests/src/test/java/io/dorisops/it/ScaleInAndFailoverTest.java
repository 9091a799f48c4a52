package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.FailoverDrillResult;
import io.dorisops.Flavor;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ReplicaFacts;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #14 acceptance for scale-in and the failover drill, end to end on the sandbox through the public
 * {@code Cluster} API, one sandbox per flavor (3 followers, 5 BEs, a 3-replica table): a refused scale-in
 * that would leave the table on 2 BEs changes nothing; removing two of three followers is refused; a BE
 * scales in while its tablets move; a stalled drain is reported stuck and cancelled; the drill reports
 * its times.
 */
class ScaleInAndFailoverTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DORIS, 2.1.7", "STARROCKS, 3.3.5"})
    void scaleInGuardsDrainsDetectsAStallAndTheDrillReportsATime(Flavor flavor, String version) {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(flavor)
                        .version(version)
                        .followers(3)
                        .backends(5)
                        .replicationNum(2)
                        .tabletCount(30)
                        .table("db1.t3", 3)
                        .decommissionRate(12)
                        .electionDelay(Duration.ofMillis(500)))) {
            RecordingListener events = new RecordingListener();
            io.dorisops.Cluster cluster = rig.cluster(io.dorisops.ProgressListener.NONE);
            ReplicaFacts facts = rig.admin.replicaFacts();
            assertThat(facts.partitions("db1.t3")).singleElement().satisfies(p -> assertThat(p.allocation())
                    .isEqualTo(Map.of("default", 3)));
            assertThat(facts.backends()).hasSize(5).allSatisfy(be -> assertThat(be.totalBytes())
                    .isPositive());

            // A scale-in that would leave the 3-replica table on 2 BEs: refused, naming it; nothing changed.
            assertThatThrownBy(() -> cluster.run(
                            Procedure.scaleIn(rig.nodes("be-1", "be-2", "be-3"), Duration.ofSeconds(5)),
                            rig.options(events).build()))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("nothing was changed")
                    .hasMessageContaining("replicas-fit: db1.t3 partition t3 needs 3 replicas on tag default")
                    .hasMessageContaining("only 2 BEs of tag default would remain");
            assertThat(rig.admin.backends()).hasSize(5).noneMatch(Backend::decommissioning);

            // Two of three followers: refused.
            assertThatThrownBy(() -> cluster.run(
                            Procedure.scaleIn(rig.nodes("fe-2", "fe-3"), Duration.ofMinutes(10)),
                            rig.options(events).build()))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("follower-majority: removing 2 of the 3 followers [fe-2, fe-3] leaves 1");
            assertThat(rig.admin.frontends()).hasSize(3);

            // One BE: decommissioned, its tablets move, then it is stopped and its files stay.
            Map<Long, Long> before = tablets(rig.admin);
            RunResult removed = cluster.run(
                    Procedure.scaleIn(rig.nodes("be-5"), Duration.ofSeconds(10)),
                    rig.options(events).build());
            assertThat(removed.nodes()).containsExactly("be-5");
            assertThat(events.events)
                    .filteredOn(e ->
                            e.type() == ProgressEvent.Type.WAITING && e.nodeId().equals("be-5"))
                    .extracting(ProgressEvent::message)
                    .anyMatch(m -> m.matches("be-5: \\d+ of \\d+ tablets left, [0-9.]+ tablets/s, about .* to go"))
                    .anyMatch(m -> m.startsWith("be-5: drained"));
            assertThat(events.events)
                    .extracting(ProgressEvent::message)
                    .anyMatch(m -> m.contains("left the cluster; its process is stopped and its files stay in "
                            + rig.sandbox.node("be-5").home()));
            assertThat(rig.admin.backends()).hasSize(4).noneMatch(be -> be.matches(rig.sandbox.node("be-5")));
            assertThat(rig.sandbox.pid("be-5")).isEmpty();
            assertThat(Files.isDirectory(rig.sandbox.node("be-5").home().resolve("storage"))
                            || Files.isDirectory(rig.sandbox.node("be-5").home()))
                    .isTrue();
            long moved = tablets(rig.admin).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertThat(moved)
                    .isEqualTo(
                            before.values().stream().mapToLong(Long::longValue).sum());

            // A drain that cannot finish is reported stuck with its tablets, then cancelled.
            rig.sandbox.faults().stallDrain();
            assertThatThrownBy(() -> cluster.run(
                            Procedure.scaleIn(rig.nodes("be-4"), Duration.ofSeconds(1)),
                            rig.options(events).build()))
                    .isInstanceOf(NodeFailedException.class)
                    .hasMessageContaining("decommission stuck: ")
                    .hasMessageContaining("tablets left, none moved in 1s");
            assertThat(rig.sandbox.pid("be-4")).isPresent();
            cluster.run(
                    Procedure.cancelScaleIn(rig.nodes("be-4")),
                    rig.options(events).build());
            rig.sandbox.nodes().stream()
                    .filter(n -> n.role().isFrontend())
                    .forEach(n -> rig.sandbox.faults().clear(n.id()));
            assertThat(rig.admin.backends()).hasSize(4).noneMatch(Backend::decommissioning);

            // The failover drill: a new master serves SQL, the old one is back as a follower.
            String oldMaster = rig.masterId();
            FailoverDrillResult drill = cluster.run(
                            Procedure.failoverDrill(), rig.options(events).build())
                    .failoverDrill()
                    .orElseThrow();
            assertThat(drill.oldMaster()).isEqualTo(oldMaster);
            assertThat(drill.newMaster()).isNotEqualTo(oldMaster).startsWith("fe-");
            assertThat(drill.election()).isPositive();
            assertThat(drill.rejoin()).isPositive();
            assertThat(drill.describe()).contains(drill.newMaster() + " served SQL as master");
            assertThat(rig.masterId()).isEqualTo(drill.newMaster());
            assertThat(rig.admin.frontends()).hasSize(3).allMatch(Frontend::alive);

            // The same drill as a procedure: planned, run, its times in the run's result.
            Operation planned = cluster.plan(Procedure.failoverDrill());
            assertThat(planned.steps().get(0).nodeId()).isEqualTo(drill.newMaster());
            RunResult run = cluster.run(
                    planned,
                    RunOptions.builder()
                            .listener(events.listener)
                            .stateDir(rig.stateDir())
                            .build());
            FailoverDrillResult again = run.failoverDrill().orElseThrow();
            assertThat(again.runId()).isEqualTo(run.runId());
            assertThat(again.oldMaster()).isEqualTo(drill.newMaster());
            assertThat(again.newMaster()).isNotEqualTo(drill.newMaster()).isEqualTo(rig.masterId());
            assertThat(again.stop()).isPositive();
            assertThat(again.election()).isPositive();
            assertThat(again.rejoin()).isPositive();
            assertThat(run.outcomes()).hasSize(1);
            assertThat(rig.admin.frontends()).hasSize(3).allMatch(Frontend::alive);
        }
    }

    private static Map<Long, Long> tablets(ClusterAdmin admin) {
        return admin.backends().stream().collect(Collectors.toMap(Backend::id, Backend::tabletNum));
    }

    @SuppressWarnings("unused")
    private static List<String> ids(List<Backend> backends) {
        return backends.stream().map(Backend::address).toList();
    }
}
