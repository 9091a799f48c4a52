package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.Topology;
import io.dorisops.WaitTimeoutException;
import io.dorisops.internal.gate.ReplicaGates;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ClusterAdminProvider;
import io.dorisops.testkit.internal.mysql.SqlError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JdbcClusterAdminTest {

    @Test
    void findsTheMasterThroughAnyFeAndSendsEverythingThere() {
        try (FakeCluster cluster = FakeCluster.doris(3);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.master = 3;
            cluster.addBackend(10001, "10.0.0.21", 4);

            admin.backends();
            admin.addBackend("10.0.0.22", 9050);

            assertThat(cluster.fe(1).received).containsExactly("SHOW FRONTENDS");
            assertThat(cluster.fe(2).received).isEmpty();
            assertThat(cluster.fe(3).received)
                    .containsExactly("SHOW BACKENDS", "SHOW BACKENDS", "ALTER SYSTEM ADD BACKEND \"10.0.0.22:9050\"");
            assertThat(admin.toString()).contains("fe-3 (127.0.0.1:" + cluster.fe(3).queryPort + ")");
        }
    }

    @Test
    void starRocksLeaderIsTheMaster() {
        try (FakeCluster cluster = FakeCluster.starRocks(3);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.master = 2;

            assertThat(admin.master().name()).isEqualTo(cluster.fe(2).name);
            assertThat(cluster.fe(2).received).containsExactly("SHOW FRONTENDS");
        }
    }

    @Test
    void reusesOneConnectionToTheMaster() {
        try (FakeCluster cluster = FakeCluster.doris(2);
                JdbcClusterAdmin admin = cluster.admin()) {
            for (int i = 0; i < 5; i++) {
                admin.backends();
            }
            assertThat(cluster.fe(1).server.openConnections()).isEqualTo(1);
            assertThat(cluster.fe(1).received)
                    .containsExactly(
                            "SHOW FRONTENDS",
                            "SHOW BACKENDS",
                            "SHOW BACKENDS",
                            "SHOW BACKENDS",
                            "SHOW BACKENDS",
                            "SHOW BACKENDS");
        }
    }

    @Test
    void followsTheMasterWhenItDiesInTheMiddleOfACall() {
        try (FakeCluster cluster = FakeCluster.doris(3);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 4);
            admin.frontends();
            AtomicBoolean failedOver = new AtomicBoolean();
            cluster.interceptor = (fe, sql) -> {
                if (fe.index == 1 && sql.equals("SHOW BACKENDS") && failedOver.compareAndSet(false, true)) {
                    cluster.master = 2;
                    fe.kill();
                    throw SqlError.of("killed");
                }
            };

            assertThat(admin.backends()).extracting(Backend::id).containsExactly(10001L);
            assertThat(cluster.fe(2).received).endsWith("SHOW BACKENDS");
            assertThat(admin.master().name()).isEqualTo(cluster.fe(2).name);
        }
    }

    @Test
    void waitsForAnElectionWhenNoFeIsMaster() {
        try (FakeCluster cluster = FakeCluster.starRocks(3);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.master = 0;
            cluster.interceptor = (fe, sql) -> {
                if (cluster.statements().stream()
                                .filter(s -> s.equals("SHOW FRONTENDS"))
                                .count()
                        >= 4) {
                    cluster.master = 3;
                }
            };

            assertThat(admin.master().name()).isEqualTo(cluster.fe(3).name);
        }
    }

    @Test
    void retriesAChangeWhenTheFeSaysItIsNotTheMaster() {
        try (FakeCluster cluster = FakeCluster.doris(2);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 4);
            admin.frontends();
            cluster.master = 2;

            admin.decommissionBackend("10.0.0.21", 9050);

            assertThat(cluster.fe(1).received)
                    .endsWith("ALTER SYSTEM DECOMMISSION BACKEND \"10.0.0.21:9050\"", "SHOW FRONTENDS");
            assertThat(cluster.fe(2).received)
                    .containsExactly("SHOW BACKENDS", "ALTER SYSTEM DECOMMISSION BACKEND \"10.0.0.21:9050\"");
            assertThat(cluster.backends.get(0).decommissioning).isTrue();
        }
    }

    @Test
    void retriedChangeIsNotRepeatedWhenItAlreadyHappened() {
        try (FakeCluster cluster = FakeCluster.doris(2);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 4);
            admin.frontends();
            cluster.interceptor = (fe, sql) -> {
                if (sql.startsWith("ALTER SYSTEM DECOMMISSION") && fe.index == 1) {
                    cluster.backends.get(0).decommissioning = true;
                    cluster.master = 2;
                    fe.kill();
                    throw SqlError.of("killed after the change");
                }
            };

            admin.decommissionBackend("10.0.0.21", 9050);

            assertThat(cluster.changes()).containsExactly("ALTER SYSTEM DECOMMISSION BACKEND \"10.0.0.21:9050\"");
            assertThat(cluster.fe(2).received).containsExactly("SHOW FRONTENDS", "SHOW BACKENDS");
        }
    }

    @Test
    void givesUpAfterTheFailoverTimeoutNamingWhatItSaw() {
        try (FakeCluster cluster = FakeCluster.doris(2);
                JdbcClusterAdmin admin = JdbcClusterAdmin.builder(cluster.topology())
                        .failoverTimeout(Duration.ofMillis(300))
                        .pollInterval(Duration.ofMillis(50))
                        .build()) {
            cluster.master = 0;

            assertThatThrownBy(admin::backends)
                    .isInstanceOf(WaitTimeoutException.class)
                    .hasMessageStartingWith("fake-doris: SHOW BACKENDS: not answered by a master FE after 300ms;"
                            + " expected an FE that IsMaster=true (Doris) or Role=LEADER (StarRocks), last seen \"no"
                            + " master: fe-1 (127.0.0.1:" + cluster.fe(1).queryPort + "): answers, but no FE is master;"
                            + " fe-2 (127.0.0.1:" + cluster.fe(2).queryPort + "): answers, but no FE is master\" (")
                    .hasMessageEndingWith("Check that a majority of the followers runs (SHOW FRONTENDS on any FE), or"
                            + " raise failoverTimeout.");
        }
    }

    @Test
    void aStalledMasterTimesOutAndTheCallMovesToTheNewMaster() {
        try (FakeCluster cluster = FakeCluster.doris(2)) {
            Topology topology = cluster.topology(new Topology.Sql(
                    "root", Secret.of(FakeCluster.PASSWORD), Duration.ofSeconds(2), Duration.ofMillis(500), false));
            CountDownLatch release = new CountDownLatch(1);
            cluster.addBackend(10001, "10.0.0.21", 4);
            try (JdbcClusterAdmin admin = JdbcClusterAdmin.builder(topology)
                    .failoverTimeout(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .build()) {
                admin.frontends();
                cluster.interceptor = (fe, sql) -> {
                    if (fe.index == 1 && sql.equals("SHOW BACKENDS")) {
                        cluster.master = 2;
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };

                assertThat(admin.backends()).hasSize(1);
                assertThat(cluster.fe(2).received).endsWith("SHOW BACKENDS");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void tlsIsRequiredWhenTheTopologyAsksForIt() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(cluster.topology(new Topology.Sql(
                        "root",
                        Secret.of(FakeCluster.PASSWORD),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        true)))) {
            assertThatThrownBy(admin::frontends)
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageStartingWith("fake-doris: no FE reachable at its query port (1 tried: fe-1 (127.0.0.1:")
                    .hasMessageContaining("SSL");
            assertThat(cluster.statements()).isEmpty();
        }
    }

    @Test
    void wrongPasswordNamesTheFeAndTheUserButNotThePassword() {
        try (FakeCluster cluster = FakeCluster.doris(2);
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(cluster.topology(Secret.of("wrong-pw-123")))) {
            assertThatThrownBy(admin::backends)
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageStartingWith("fe-1 (127.0.0.1:" + cluster.fe(1).queryPort
                            + "): access denied for SQL user 'root'; last seen Access denied for user 'root'")
                    .hasMessageEndingWith("Check the topology's sql.user and sql.password (source value) and that this"
                            + " user may log in from this host.")
                    .message()
                    .doesNotContain("wrong-pw-123")
                    .doesNotContain(FakeCluster.PASSWORD);
            assertThat(cluster.fe(2).received).isEmpty();
        }
    }

    @Test
    void noFeReachableListsEveryFeTriedAndWhy() {
        FakeCluster cluster = FakeCluster.doris(2);
        Topology topology = cluster.topology();
        cluster.close();
        try (JdbcClusterAdmin admin = JdbcClusterAdmin.of(topology)) {
            assertThatThrownBy(admin::frontends)
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageStartingWith("fake-doris: no FE reachable at its query port (2 tried: fe-1 (127.0.0.1:"
                            + cluster.fe(1).queryPort + "): connection refused")
                    .hasMessageContaining("; fe-2 (127.0.0.1:" + cluster.fe(2).queryPort + "): connection refused")
                    .hasMessageEndingWith("Check that the FEs run and that their query_port is reachable from this"
                            + " host, or raise sql.connectTimeout.");
        }
    }

    @Test
    void sqlErrorSurfacesWithTheStatementAndTheFeThatAnswered() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            assertThatThrownBy(() -> admin.decommissionBackend("10.0.0.99", 9050))
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessage("fe-1 (127.0.0.1:" + cluster.fe(1).queryPort + "): refused ALTER SYSTEM DECOMMISSION"
                            + " BACKEND \"10.0.0.99:9050\"; last seen errCode = 2, detailMessage = Backend does not"
                            + " exist[10.0.0.99:9050] (error 1105, state HY000). Fix what the message names (see fe.log"
                            + " on that FE for details); the statement was not retried.");
        }
    }

    @Test
    void secretConfigValuesAreMaskedInErrors() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            assertThatThrownBy(() -> admin.setFrontendConfig("ldap_admin_password", "hunter2"))
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageContaining("refused ADMIN SET FRONTEND CONFIG (\"ldap_admin_password\" = \"***\")")
                    .hasMessageContaining("does not exist or is not mutable: ***")
                    .hasNoCause()
                    .message()
                    .doesNotContain("hunter2");
        }
    }

    @Test
    void invalidHostIsRefusedBeforeAnythingIsSent() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            assertThatThrownBy(() -> admin.addBackend("1.2.3.4'; DROP", 9050))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("backend host \"1.2.3.4'; DROP\" is not a valid host: it is not an RFC 1123 host name;"
                            + " expected an RFC 1123 host name (letters, digits, hyphens, dots) or an IP literal. Fix"
                            + " the backend host and call again; nothing was sent.");
            assertThatThrownBy(() -> admin.dropFrontend(Role.FE_OBSERVER, "10.0.0.5", 70000))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("frontend port 70000 is not a valid port");
            assertThat(cluster.statements()).isEmpty();
            assertThat(cluster.fe(1).server.openConnections()).isZero();
        }
    }

    @Test
    void addingAnExistingBackendSendsNothing() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 4);

            admin.addBackend("10.0.0.21", 9050);

            assertThat(cluster.changes()).isEmpty();
        }
    }

    @Test
    void decommissionAndCancelUseTheRunbookStatements() {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 4);

            admin.decommissionBackend("10.0.0.21", 9050);
            assertThat(admin.backends().get(0).decommissioning()).isTrue();
            admin.cancelDecommission("10.0.0.21", 9050);

            assertThat(admin.backends().get(0).decommissioning()).isFalse();
            assertThat(cluster.changes())
                    .containsExactly(
                            "ALTER SYSTEM DECOMMISSION BACKEND \"10.0.0.21:9050\"",
                            "CANCEL DECOMMISSION BACKEND \"10.0.0.21:9050\"");
        }
    }

    @Test
    void dropIsRefusedForTheLastReplicaAndNothingIsSent() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 6);
            cluster.addBackend(10002, "10.0.0.22", 4).alive = false;
            cluster.database("db1", 10, 10, Map.of("ReplicaMissingNum", 4L));
            cluster.table("db1", "t1", 1, "tag.location.default: 1");
            cluster.table("db1", "t3", 3, "tag.location.default: 3");

            assertThatThrownBy(
                            () -> ReplicaGates.requireDroppable(admin, "fake-doris", Flavor.DORIS, "10.0.0.22", 9050))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessage("fake-doris: refused to drop backend 10.0.0.22:9050; nothing was sent. Decommission it"
                            + " and wait until it leaves, or drop it with force to discard its replicas (ALTER SYSTEM"
                            + " DROPP BACKEND \"10.0.0.22:9050\"):\n"
                            + "  - backend 10.0.0.22:9050 (id 10002) holds 4 replicas and 4 of 10 tablets unhealthy: 4"
                            + " replica missing (db1) (SHOW PROC '/cluster_health/tablet_health'): one of them may"
                            + " have its last healthy replica there\n"
                            + "  - backend 10.0.0.22:9050 (id 10002) holds 4 replicas and single-replica partitions"
                            + " may have their only copy there: db1.t1 partition t1\n"
                            + "  - backend 10.0.0.22:9050 (id 10002) holds 4 replicas: its replicas cannot be"
                            + " re-created elsewhere: db1.t3 partition t3 needs 3 replicas on tag default"
                            + " (tag.location.default: 3), but only 1 BE of tag default would remain to hold them;"
                            + " add a BE with tag default first, or lower the table's replication (ALTER TABLE"
                            + " `db1`.`t3` MODIFY PARTITION ...)");
            assertThat(cluster.changes()).isEmpty();
        }
    }

    @Test
    void dropIsRefusedWhileTheBackendIsAlive() {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 0);

            assertThatThrownBy(() ->
                            ReplicaGates.requireDroppable(admin, "fake-starrocks", Flavor.STARROCKS, "10.0.0.21", 9050))
                    .isInstanceOf(PreconditionFailedException.class)
                    .extracting(e -> ((PreconditionFailedException) e).failures())
                    .isEqualTo(List.of("backend 10.0.0.21:9050 (id 10001) is alive; decommission it and wait until it"
                            + " leaves, or stop it first"));
            assertThat(cluster.changes()).isEmpty();
        }
    }

    @Test
    void forcedDropUsesTheFlavorsStatement() {
        try (FakeCluster doris = FakeCluster.doris(1);
                FakeCluster starRocks = FakeCluster.starRocks(1);
                JdbcClusterAdmin dorisAdmin = doris.admin();
                JdbcClusterAdmin starRocksAdmin = starRocks.admin()) {
            doris.addBackend(10001, "10.0.0.21", 6);
            starRocks.addBackend(10001, "10.0.0.21", 6);

            dorisAdmin.dropBackend("10.0.0.21", 9050);
            starRocksAdmin.dropBackend("10.0.0.21", 9050);

            assertThat(doris.changes()).containsExactly("ALTER SYSTEM DROPP BACKEND \"10.0.0.21:9050\"");
            assertThat(starRocks.changes()).containsExactly("ALTER SYSTEM DROP BACKEND \"10.0.0.21:9050\" FORCE");
            assertThat(dorisAdmin.backends()).isEmpty();
        }
    }

    @Test
    void safeDropOfAnEmptyDeadBackendGoesThrough() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 10);
            cluster.addBackend(10002, "10.0.0.22", 0).alive = false;
            cluster.database("db1", 10, 10, Map.of());

            ReplicaGates.requireDroppable(admin, "fake-doris", Flavor.DORIS, "10.0.0.22", 9050);
            admin.dropBackend("10.0.0.22", 9050);

            assertThat(cluster.changes()).containsExactly("ALTER SYSTEM DROPP BACKEND \"10.0.0.22:9050\"");
        }
    }

    @Test
    void computeNodesUseTheFlavorsStatements() {
        try (FakeCluster doris = FakeCluster.doris(1);
                FakeCluster starRocks = FakeCluster.starRocks(1);
                JdbcClusterAdmin dorisAdmin = doris.admin();
                JdbcClusterAdmin starRocksAdmin = starRocks.admin()) {
            dorisAdmin.addComputeNode("10.0.0.31", 9050);
            starRocksAdmin.addComputeNode("10.0.0.31", 9050);
            starRocksAdmin.dropComputeNode("10.0.0.31", 9050);

            assertThat(doris.changes()).containsExactly("ALTER SYSTEM ADD BACKEND \"10.0.0.31:9050\"");
            assertThat(starRocks.changes())
                    .containsExactly(
                            "ALTER SYSTEM ADD COMPUTE NODE \"10.0.0.31:9050\"",
                            "ALTER SYSTEM DROP COMPUTE NODE \"10.0.0.31:9050\"");
        }
    }

    @Test
    void dropFrontendRefusesTheMasterAndALostQuorum() {
        try (FakeCluster cluster = FakeCluster.doris(4);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.fe(3).kill();
            String fe1 = "127.0.0.1:" + cluster.fe(1).editLogPort;
            String fe2 = "127.0.0.1:" + cluster.fe(2).editLogPort;

            assertThatThrownBy(() -> admin.dropFrontend(Role.FE_FOLLOWER, "127.0.0.1", cluster.fe(1).editLogPort))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("FE " + cluster.fe(1).name + " (" + fe1 + ") is the master");
            assertThatThrownBy(() -> admin.dropFrontend(Role.FE_FOLLOWER, "127.0.0.1", cluster.fe(2).editLogPort))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("FE " + cluster.fe(2).name + " (" + fe2 + "): the 2 remaining followers"
                            + " would have 1 alive, fewer than their majority of 2");
            assertThatThrownBy(() -> admin.dropFrontend(Role.FE_FOLLOWER, "127.0.0.1", cluster.fe(4).editLogPort))
                    .hasMessageContaining("is FE_OBSERVER, not FE_FOLLOWER");

            admin.dropFrontend(Role.FE_OBSERVER, "127.0.0.1", cluster.fe(4).editLogPort);

            assertThat(cluster.changes())
                    .containsExactly("ALTER SYSTEM DROP OBSERVER \"127.0.0.1:" + cluster.fe(4).editLogPort + "\"");
        }
    }

    @Test
    void frontendConfigReadsExactKeysFromTheMaster() {
        try (FakeCluster cluster = FakeCluster.doris(2);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.fe(1).config.put("disableXbalance", "weird");

            admin.setFrontendConfig("disable_balance", "true");

            assertThat(admin.frontendConfig(List.of("disable_balance", "no_such_key")))
                    .isEqualTo(Map.of("disable_balance", "true"));
            assertThat(cluster.fe(2).config).containsEntry("disable_balance", "false");
        }
    }

    @Test
    void balancePauseRestoresExactlyTheSnapshotEvenAfterAMasterChange() {
        try (FakeCluster cluster = FakeCluster.doris(3);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.fe(1).config.put("disable_colocate_balance", "true");
            cluster.fe(2).config.put("disable_colocate_balance", "true");

            BalanceGuard pause = BalanceGuard.pause(admin, Flavor.DORIS);

            assertThat(pause.previous())
                    .isEqualTo(Map.of(
                            "disable_balance",
                            "false",
                            "disable_colocate_balance",
                            "true",
                            "disable_tablet_scheduler",
                            "false"));
            assertThat(cluster.fe(1).config)
                    .containsEntry("disable_balance", "true")
                    .containsEntry("disable_tablet_scheduler", "true");

            cluster.master = 2;
            cluster.fe(1).kill();
            pause.reapply();
            assertThat(cluster.fe(2).config)
                    .containsEntry("disable_balance", "true")
                    .containsEntry("disable_colocate_balance", "true")
                    .containsEntry("disable_tablet_scheduler", "true");

            pause.close();
            pause.close();

            assertThat(cluster.fe(2).config)
                    .containsEntry("disable_balance", "false")
                    .containsEntry("disable_colocate_balance", "true")
                    .containsEntry("disable_tablet_scheduler", "false");
            assertThat(cluster.fe(2).received.stream().filter(s -> s.startsWith("ADMIN SET")))
                    .hasSize(6);
            assertThatThrownBy(pause::reapply).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void starRocksBalancePauseUsesItsOwnSwitches() {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            try (BalanceGuard pause = BalanceGuard.pause(admin, Flavor.STARROCKS)) {
                assertThat(cluster.fe(1).config)
                        .containsEntry("tablet_sched_disable_balance", "true")
                        .containsEntry("tablet_sched_max_scheduling_tablets", "0")
                        .containsEntry("tablet_sched_max_balancing_tablets", "0");
                assertThat(pause.previous()).containsEntry("tablet_sched_max_scheduling_tablets", "10000");
            }
            assertThat(cluster.fe(1).config)
                    .containsEntry("tablet_sched_max_scheduling_tablets", "10000")
                    .containsEntry("tablet_sched_max_balancing_tablets", "500");
        }
    }

    @Test
    void balancePauseChangesNothingWhenTheMasterLacksASwitch() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.fe(1).config.remove("disable_tablet_scheduler");

            assertThatThrownBy(() -> BalanceGuard.pause(admin, Flavor.DORIS))
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageContaining("does not know the config disable_tablet_scheduler");
            assertThat(cluster.changes()).isEmpty();
        }
    }

    @Test
    void resumedPauseRestoresTheGivenValues() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            Map<String, String> earlier = Map.of(
                    "disable_balance",
                    "false",
                    "disable_colocate_balance",
                    "false",
                    "disable_tablet_scheduler",
                    "true");
            BalanceGuard.pause(admin, Flavor.DORIS, earlier).close();

            assertThat(cluster.fe(1).config)
                    .containsEntry("disable_balance", "false")
                    .containsEntry("disable_tablet_scheduler", "true");
        }
    }

    @Test
    void createImageIsSentToTheMaster() {
        try (FakeCluster cluster = FakeCluster.starRocks(2);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.master = 2;
            admin.createImage();
            assertThat(cluster.fe(2).received).endsWith("ALTER SYSTEM CREATE IMAGE");
        }
    }

    @Test
    void isRegisteredForTheServiceLoaderAndHidesThePassword() {
        try (FakeCluster cluster = FakeCluster.doris(1)) {
            ClusterAdminProvider provider =
                    ServiceLoader.load(ClusterAdminProvider.class).findFirst().orElseThrow();
            try (ClusterAdmin admin = provider.open(cluster.topology())) {
                assertThat(admin).isInstanceOf(JdbcClusterAdmin.class);
                admin.frontends();
                assertThat(admin.toString()).contains("user=root").doesNotContain(FakeCluster.PASSWORD);
            }
        }
    }

    @Test
    void builderRejectsNonPositiveDurations() {
        try (FakeCluster cluster = FakeCluster.doris(1)) {
            assertThatThrownBy(
                            () -> JdbcClusterAdmin.builder(cluster.topology()).failoverTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("failoverTimeout must be positive, was PT0S");
            assertThatThrownBy(
                            () -> JdbcClusterAdmin.builder(cluster.topology()).pollInterval(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pollInterval must be positive, was PT-1S");
        }
    }

    @Test
    void builderRefusesADurationOverThirtyDaysNamingIt() {
        try (FakeCluster cluster = FakeCluster.doris(1)) {
            assertThatThrownBy(() -> JdbcClusterAdmin.builder(cluster.topology())
                            .failoverTimeout(Duration.ofMillis(Long.MAX_VALUE)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("failoverTimeout is PT2562047788015H12M55.807S, longer than 30 days, the longest"
                            + " duration dorisops takes; give at most 30d (PT720H)");
            assertThatThrownBy(() -> JdbcClusterAdmin.builder(cluster.topology())
                            .pollInterval(Duration.parse("PT2562047788015215H")))
                    .hasMessageStartingWith("pollInterval is PT2562047788015215H, longer than 30 days");
        }
    }
}
