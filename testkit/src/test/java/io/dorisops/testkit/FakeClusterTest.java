package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.NodeFailedException;
import io.dorisops.Procedure;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.Topology;
import io.dorisops.WaitTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeClusterTest {

    static final Topology TOPOLOGY = Topology.parse(
            """
            name: fake
            flavor: doris
            timeouts: {ready: 2m, poll: 2s}
            followers:
              - {id: fe-1, host: 10.0.0.1, home: /opt/fe}
              - {id: fe-2, host: 10.0.0.2, home: /opt/fe}
              - {id: fe-3, host: 10.0.0.3, home: /opt/fe}
            backends:
              - {id: be-1, host: 10.0.1.1, home: /opt/be}
              - {id: be-2, host: 10.0.1.2, home: /opt/be}
              - {id: be-3, host: 10.0.1.3, home: /opt/be}
            """,
            "fake.yaml");

    @TempDir
    Path dir;

    final FakeCluster fake = FakeCluster.of(TOPOLOGY, "2.1.7");

    private Cluster cluster() {
        return fake.clusterBuilder(dir.resolve("state")).build();
    }

    @Test
    void rollingUpgradeStopsBackendsFirstAndTheMasterLastAndEndsAtTheNewVersion() {
        Path pkg = fake.releasePackage("2.1.8", dir);

        try (Cluster cluster = cluster()) {
            cluster.run(Procedure.upgrade(pkg), RunOptions.defaults());
        }

        assertThat(fake.acted("stop")).containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
        assertThat(fake.acted("start")).containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
        assertThat(fake.acted("stage")).containsExactlyInAnyOrder("fe-1", "fe-2", "fe-3", "be-1", "be-2", "be-3");
        assertThat(fake.actions())
                .containsSubsequence("config disable_balance=true", "stop be-1", "config disable_balance=false");
        TOPOLOGY.nodes()
                .forEach(node -> assertThat(fake.version(node.id()).number()).isEqualTo("2.1.8"));
        assertThat(fake.frontendConfig()).containsEntry("disable_balance", "false");
        assertThat(fake.time().elapsed()).isZero();
    }

    @Test
    void aBackendThatFailsToStartStopsTheRunNamingItAndResumeFinishes() {
        Path pkg = fake.releasePackage("2.1.8", dir);
        fake.failNextStarts("be-2", 1);

        try (Cluster cluster = cluster()) {
            assertThatThrownBy(() -> cluster.run(Procedure.upgrade(pkg), RunOptions.defaults()))
                    .isInstanceOf(NodeFailedException.class)
                    .hasMessageContaining("be-2")
                    .hasMessageContaining("has exited")
                    .satisfies(
                            e -> assertThat(((NodeFailedException) e).nodeId()).isEqualTo("be-2"));
            assertThat(fake.version("be-2").number()).isEqualTo("2.1.7");
            assertThat(fake.running("be-2")).isTrue();

            cluster.resume(RunOptions.defaults());
        }

        assertThat(fake.acted("stop")).containsExactly("be-1", "be-2", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
        TOPOLOGY.nodes()
                .forEach(node -> assertThat(fake.version(node.id()).number()).isEqualTo("2.1.8"));
    }

    @Test
    void aSlowStartIsWaitedForOnVirtualTimeAtThePollInterval() {
        fake.slowStart("be-1", Duration.ofSeconds(30));

        try (Cluster cluster = cluster()) {
            cluster.run(Procedure.restart(TOPOLOGY.nodes(Role.BE)), RunOptions.defaults());
        }

        assertThat(fake.acted("start")).containsExactly("be-1", "be-2", "be-3");
        assertThat(fake.time().elapsed()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fake.time().sleeps()).hasSize(15).containsOnly(Duration.ofSeconds(2));
    }

    @Test
    void aNodeThatNeverServesTimesOutAfterTheReadyTimeoutOfVirtualTime() {
        fake.hangStart("be-3");

        try (Cluster cluster = cluster()) {
            assertThatThrownBy(() -> cluster.run(Procedure.restart(TOPOLOGY.nodes(Role.BE)), RunOptions.defaults()))
                    .isInstanceOf(NodeFailedException.class)
                    .hasMessageContaining("be-3")
                    .hasMessageContaining("not ready after 2m")
                    .hasRootCauseInstanceOf(WaitTimeoutException.class);
        }
        assertThat(fake.time().elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void unhealthyTabletsHoldTheFinalGateUntilTheyAreRepaired() {
        fake.beforeAction(action -> {
            if (action.equals("start be-3")) {
                fake.unhealthyTablets(40, Duration.ofSeconds(10));
            }
        });

        try (Cluster cluster = cluster()) {
            cluster.run(Procedure.restart(TOPOLOGY.nodes(Role.BE)), RunOptions.defaults());
        }

        assertThat(fake.time().elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRollbackRestoresEveryUpgradedNodeInTheReverseOrderFrontendsFirst() {
        Path pkg = fake.releasePackage("2.1.8", dir);

        try (Cluster cluster = cluster()) {
            cluster.run(Procedure.upgrade(pkg), RunOptions.defaults());
            cluster.run(Procedure.rollback(Optional.empty()), RunOptions.defaults());
        }

        assertThat(fake.acted("restore")).containsExactly("fe-1", "fe-3", "fe-2", "be-3", "be-2", "be-1");
        TOPOLOGY.nodes()
                .forEach(node -> assertThat(fake.version(node.id()).number()).isEqualTo("2.1.7"));
    }

    @Test
    void theFailoverDrillStopsTheMasterAndAnotherFollowerTakesOver() {
        try (Cluster cluster = cluster()) {
            RunResult drill = cluster.run(Procedure.failoverDrill(), RunOptions.defaults());

            assertThat(drill.failoverDrill()).isPresent();
        }
        assertThat(fake.acted("stop")).containsExactly("fe-1");
        assertThat(fake.acted("start")).containsExactly("fe-1");
        assertThat(fake.master()).isEqualTo("fe-2");
    }

    @Test
    void statusSeesACrashedNodeDownAndANewMasterElected() {
        fake.crash("fe-1");

        try (Cluster cluster = cluster()) {
            ClusterStatus status = cluster.status();
            assertThat(status.notReady()).extracting(s -> s.node().id()).containsExactly("fe-1");
        }
        assertThat(fake.master()).isEqualTo("fe-2");
        assertThat(fake.actions()).containsExactly("crash fe-1");
    }

    @Test
    void faultsOnANodeNotInTheTopologyAreRefusedNamingTheNodes() {
        assertThatThrownBy(() -> fake.failNextStarts("be-9", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node be-9 in fake; the nodes are [fe-1, fe-2, fe-3, be-1, be-2, be-3]");
        assertThatThrownBy(() -> fake.failNextStarts("be-1", 0)).hasMessage("count must be at least 1, got 0");
        assertThatThrownBy(() -> fake.slowStart("be-1", Duration.ZERO)).hasMessage("delay must be positive, was PT0S");
    }
}
