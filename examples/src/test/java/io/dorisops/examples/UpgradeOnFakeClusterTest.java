package io.dorisops.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Cluster;
import io.dorisops.NodeFailedException;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.testkit.FakeCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's unit test of an upgrade on the testkit's in-memory {@link FakeCluster}: the production topology
 * file, the real {@code Cluster} API, no process and no real waiting (milliseconds per test; {@code
 * docs/testing.md}).
 */
class UpgradeOnFakeClusterTest {

    @TempDir
    Path dir;

    FakeCluster fake;
    Path pkg;

    @BeforeEach
    void fakeClusterAndPackage() {
        fake = FakeCluster.of(Topology.load(Path.of("topologies/doris-3fe-3be.yaml")), "2.1.7");
        pkg = fake.releasePackage("2.1.8", dir);
    }

    private Cluster cluster() {
        return Cluster.builder(fake.topology())
                .nodeControl(fake.nodeControl())
                .probe(fake.probe())
                .admin(fake.admin())
                .time(fake.time(), fake.time()) // waits take virtual time
                .journalSync(false) // no fsync per journal entry: a test needs no durability
                .stateDir(dir.resolve("state"))
                .build();
    }

    @Test
    void rollingUpgradeGoesBackendsFirstThenTheFollowersAndTheMasterLast() {
        try (Cluster cluster = cluster()) {
            cluster.run(Procedure.upgrade(pkg), RunOptions.defaults());
        }
        assertThat(fake.acted("stop")).containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
        assertThat(fake.actions())
                .containsSubsequence(
                        "config disable_balance=true",
                        "stop be-1",
                        "deploy be-1",
                        "start be-1",
                        "start be-3",
                        "stop fe-2",
                        "start fe-1",
                        "config disable_balance=false");
        assertThat(fake.version("fe-1").number()).isEqualTo("2.1.8");
    }

    @Test
    void aBackendThatFailsToStartStopsTheRunAndResumeFinishesTheUpgrade() {
        fake.failNextStarts("be-2", 1);

        try (Cluster cluster = cluster()) {
            assertThatThrownBy(() -> cluster.run(Procedure.upgrade(pkg), RunOptions.defaults()))
                    .isInstanceOf(NodeFailedException.class)
                    .satisfies(
                            e -> assertThat(((NodeFailedException) e).nodeId()).isEqualTo("be-2"))
                    .hasMessageContaining("rolled back to 2.1.7");
            assertThat(fake.acted("stop")).containsExactly("be-1", "be-2");

            cluster.resume(RunOptions.defaults());
        }
        assertThat(fake.acted("stop")).containsExactly("be-1", "be-2", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
        assertThat(fake.version("be-2").number()).isEqualTo("2.1.8");
    }

    @Test
    void aBackendThatTakesThreeMinutesToServeIsWaitedForOnVirtualTime() {
        fake.slowStart("be-3", Duration.ofMinutes(3));

        try (Cluster cluster = cluster()) {
            cluster.run(Procedure.upgrade(pkg), RunOptions.defaults());
        }
        assertThat(fake.time().elapsed()).isEqualTo(Duration.ofMinutes(3));
        assertThat(fake.version("be-3").number()).isEqualTo("2.1.8");
    }
}
