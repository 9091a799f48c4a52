package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Health;
import io.dorisops.Health.Status;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcHealthProbeTest {

    private static Node backend(String id, String host, Role role) {
        return new Node(id, host, role, Path.of("/opt/" + id), Ports.beDefaults());
    }

    @Test
    void judgesBackendsByAliveAndVersionInTheMastersView() {
        try (FakeCluster cluster = FakeCluster.doris(2);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 3);
            cluster.addBackend(10002, "10.0.0.22", 3).alive = false;
            cluster.addBackend(10003, "10.0.0.23", 0).version = "";
            cluster.backends.add(new FakeCluster.Be(10004, "10.0.0.24", 9050, Role.CN, 0, cluster.version));
            JdbcHealthProbe probe = JdbcHealthProbe.of(admin);

            Map<String, Health> health = probe.probeAll(
                    List.of(
                            backend("be-1", "10.0.0.21", Role.BE),
                            backend("be-2", "10.0.0.22", Role.BE),
                            backend("be-3", "10.0.0.23", Role.BE),
                            backend("cn-1", "10.0.0.24", Role.CN),
                            backend("be-9", "10.0.0.29", Role.BE)),
                    3);

            assertThat(health.values())
                    .extracting(Health::status)
                    .containsExactly(Status.READY, Status.DOWN, Status.STARTING, Status.READY, Status.UNKNOWN);
            assertThat(health.get("be-1").version()).contains(Version.parse(cluster.version));
            assertThat(health.get("be-1").evidence())
                    .isEqualTo("SHOW BACKENDS: id 10001 Alive=true Version=doris-2.1.8-rc01-ae923f7");
            assertThat(health.get("be-2").evidence())
                    .isEqualTo("SHOW BACKENDS: id 10002 Alive=false Version=none ErrMsg=connect failed");
            assertThat(health.get("be-9").evidence())
                    .isEqualTo("not in SHOW BACKENDS at 10.0.0.29:9050; add it with ALTER SYSTEM ADD BACKEND");
            assertThat(cluster.fe(1).server.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void judgesFrontendsIncludingAStarRocksFeWithoutAVersion() {
        try (FakeCluster cluster = FakeCluster.starRocks(4);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.fe(3).kill();
            JdbcHealthProbe probe = JdbcHealthProbe.of(admin);

            assertThat(probe.probe(cluster.fe(1).node()).status()).isEqualTo(Status.READY);
            assertThat(probe.probe(cluster.fe(4).node()).status()).isEqualTo(Status.READY);
            Health dead = probe.probe(cluster.fe(3).node());
            assertThat(dead.status()).isEqualTo(Status.DOWN);
            assertThat(dead.version()).isEmpty();
            assertThat(dead.evidence())
                    .isEqualTo("SHOW FRONTENDS: " + cluster.fe(3).name
                            + " Alive=false Join=true Version=none ErrMsg=got exception when sync with master: connection"
                            + " refused");
        }
    }

    @Test
    void answersUnknownInsteadOfThrowingWhenNoFeAnswers() {
        FakeCluster cluster = FakeCluster.doris(1);
        cluster.close();
        try (JdbcClusterAdmin admin = JdbcClusterAdmin.builder(cluster.topology())
                .failoverTimeout(Duration.ofMillis(200))
                .build()) {
            Health health = JdbcHealthProbe.of(admin).probe(cluster.fe(1).node());

            assertThat(health.status()).isEqualTo(Status.UNKNOWN);
            assertThat(health.evidence()).startsWith("no answer from the master: fake-doris: no FE reachable");
        }
    }

    @Test
    void leavesRolesTheFeDoesNotListUnknown() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            Node broker = new Node("broker-1", "10.0.0.40", Role.BROKER, Path.of("/opt/broker"), Ports.NONE);

            Health health = JdbcHealthProbe.of(admin).probe(broker);

            assertThat(health.status()).isEqualTo(Status.UNKNOWN);
            assertThat(cluster.statements()).isEmpty();
        }
    }
}
