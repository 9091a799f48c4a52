package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.spi.Backend;
import io.dorisops.spi.Frontend;
import io.dorisops.testkit.internal.sql.ColumnSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every SHOW column set of the audited table ({@link ColumnSet}), served by a real MySQL-protocol server and read with the real driver. */
class SampleMappingTest {

    private static FakeCluster cluster(ColumnSet set) {
        return Samples.starRocks(set) ? FakeCluster.starRocks(3) : FakeCluster.doris(3);
    }

    @ParameterizedTest
    @FieldSource("io.dorisops.jdbc.Samples#FRONTEND_SETS")
    void frontendsMapEverySampleColumnSet(ColumnSet set) {
        try (FakeCluster cluster = cluster(set);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.frontendColumns = set.columns();
            cluster.master = 2;
            cluster.fe(3).kill();
            boolean starRocks = Samples.starRocks(set);
            boolean hasStart = set.columns().stream().anyMatch(c -> c.endsWith("StartTime"));
            String started = hasStart ? "2024-01-18 10:00:00" : "";
            Optional<Version> version = Optional.of(Version.parse(cluster.version));

            List<Frontend> frontends = admin.frontends();

            assertThat(frontends)
                    .containsExactly(
                            Frontend.builder()
                                    .name(cluster.fe(1).name)
                                    .host("127.0.0.1")
                                    .editLogPort(19011)
                                    .httpPort(8030)
                                    .queryPort(cluster.fe(1).queryPort)
                                    .rpcPort(9020)
                                    .role(Role.FE_FOLLOWER)
                                    .master(false)
                                    .alive(true)
                                    .joined(true)
                                    .replayedJournalId(1093)
                                    .version(version)
                                    .lastHeartbeat("2024-01-18 10:05:00")
                                    .lastStartTime(started)
                                    .errMsg("")
                                    .build(),
                            Frontend.builder()
                                    .name(cluster.fe(2).name)
                                    .host("127.0.0.1")
                                    .editLogPort(19012)
                                    .httpPort(8030)
                                    .queryPort(cluster.fe(2).queryPort)
                                    .rpcPort(9020)
                                    .role(Role.FE_FOLLOWER)
                                    .master(true)
                                    .alive(true)
                                    .joined(true)
                                    .replayedJournalId(1093)
                                    .version(version)
                                    .lastHeartbeat("2024-01-18 10:05:00")
                                    .lastStartTime(started)
                                    .errMsg("")
                                    .build(),
                            Frontend.builder()
                                    .name(cluster.fe(3).name)
                                    .host("127.0.0.1")
                                    .editLogPort(19013)
                                    .httpPort(8030)
                                    .queryPort(cluster.fe(3).queryPort)
                                    .rpcPort(9020)
                                    .role(Role.FE_FOLLOWER)
                                    .master(false)
                                    .alive(false)
                                    .joined(true)
                                    .replayedJournalId(1093)
                                    .version(Optional.empty())
                                    .lastHeartbeat("2024-01-18 10:05:00")
                                    .lastStartTime("")
                                    .errMsg("got exception when sync with master: connection refused")
                                    .build());
            assertThat(admin.master().name()).isEqualTo(cluster.fe(2).name);
            assertThat(cluster.fe(2).received).contains("SHOW FRONTENDS");
            assertThat(starRocks).isEqualTo(!set.columns().contains("IsMaster"));
        }
    }

    @ParameterizedTest
    @FieldSource("io.dorisops.jdbc.Samples#BACKEND_SETS")
    void backendsMapEverySampleColumnSet(ColumnSet set) {
        try (FakeCluster cluster = cluster(set);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.backendColumns = set.columns();
            cluster.addBackend(10001, "10.0.0.21", 120);
            FakeCluster.Be dead = cluster.addBackend(10002, "be-2.example.com", 7);
            dead.alive = false;
            dead.decommissioning = true;
            Optional<Version> version = Optional.of(Version.parse(cluster.version));

            assertThat(admin.backends())
                    .containsExactly(
                            Backend.builder()
                                    .id(10001)
                                    .host("10.0.0.21")
                                    .heartbeatPort(9050)
                                    .bePort(9060)
                                    .httpPort(8040)
                                    .brpcPort(8060)
                                    .role(Role.BE)
                                    .alive(true)
                                    .decommissioning(false)
                                    .tabletNum(120)
                                    .version(version)
                                    .lastHeartbeat("2024-01-18 10:05:00")
                                    .lastStartTime("2024-01-18 10:00:00")
                                    .errMsg("")
                                    .build(),
                            Backend.builder()
                                    .id(10002)
                                    .host("be-2.example.com")
                                    .heartbeatPort(9050)
                                    .bePort(9060)
                                    .httpPort(8040)
                                    .brpcPort(8060)
                                    .role(Role.BE)
                                    .alive(false)
                                    .decommissioning(true)
                                    .tabletNum(7)
                                    .version(Optional.empty())
                                    .lastHeartbeat("2024-01-18 10:05:00")
                                    .lastStartTime("")
                                    .errMsg("connect failed")
                                    .build());
        }
    }

    @ParameterizedTest
    @FieldSource("io.dorisops.jdbc.Samples#COMPUTE_NODE_SETS")
    void computeNodesMapEveryStarRocksSampleColumnSet(ColumnSet set) {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.computeNodeColumns = set.columns();
            cluster.backends.add(new FakeCluster.Be(20001, "10.0.0.31", 9050, Role.CN, 0, cluster.version));
            cluster.addBackend(10001, "10.0.0.21", 5);

            assertThat(admin.computeNodes())
                    .containsExactly(Backend.builder()
                            .id(20001)
                            .host("10.0.0.31")
                            .heartbeatPort(9050)
                            .bePort(9060)
                            .httpPort(8040)
                            .brpcPort(8060)
                            .role(Role.CN)
                            .alive(true)
                            .decommissioning(false)
                            .tabletNum(0)
                            .version(Optional.of(Version.parse(cluster.version)))
                            .lastHeartbeat("2024-01-18 10:05:00")
                            .lastStartTime("2024-01-18 10:00:00")
                            .errMsg("")
                            .build());
            assertThat(admin.backends()).extracting(Backend::id).containsExactly(10001L);
        }
    }

    @Test
    void dorisComputeNodesAreBackendsWithTheComputationRole() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 5);
            cluster.backends.add(new FakeCluster.Be(10002, "10.0.0.22", 9050, Role.CN, 0, cluster.version));

            assertThat(admin.backends()).extracting(Backend::role).containsExactly(Role.BE, Role.CN);
            assertThat(admin.computeNodes()).extracting(Backend::id).containsExactly(10002L);
            assertThat(cluster.statements()).doesNotContain("SHOW COMPUTE NODES");
        }
    }

    @Test
    void unknownExtraColumnsAreIgnoredWherePlaced() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            List<String> columns = new ArrayList<>(ColumnSet.DORIS_BACKENDS_3.columns());
            columns.add(0, "SomeFutureId");
            columns.add(5, "AnotherNewPort");
            cluster.backendColumns = columns;
            cluster.addBackend(10001, "10.0.0.21", 3);

            assertThat(admin.backends()).singleElement().satisfies(be -> {
                assertThat(be.id()).isEqualTo(10001);
                assertThat(be.heartbeatPort()).isEqualTo(9050);
                assertThat(be.brpcPort()).isEqualTo(8060);
            });
        }
    }

    @Test
    void aMissingColumnNamesTheFeItsVersionAndTheColumn() {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            List<String> columns = new ArrayList<>(ColumnSet.STARROCKS_BACKENDS_3_5.columns());
            columns.remove("SystemDecommissioned");
            cluster.backendColumns = columns;

            assertThatThrownBy(admin::backends)
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageStartingWith("fe-1 (127.0.0.1:" + cluster.fe(1).queryPort + "): SHOW BACKENDS has no"
                            + " column SystemDecommissioned (FE version StarRocks version 3.3.5-7ef2b4a); expected a"
                            + " column named SystemDecommissioned, last seen columns [BackendId, IP,");
        }
    }
}
