package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.BackupRepository;
import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Flavor.ConfigSwitch;
import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.Version;
import io.dorisops.internal.gate.ReplicaGates;
import io.dorisops.spi.Backend;
import io.dorisops.spi.Frontend;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The acceptance scenarios against a sandbox of real simulated FE/BE processes, with the real driver:
 * 3 followers, 1 observer, 3 backends, 1 compute node, single-replica tablets. Each flavor runs them
 * in a subclass; the scenarios build on each other in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SandboxScenarios {

    static final Duration WAIT = Duration.ofSeconds(40);

    private JdbcClusterAdmin admin;

    /** The sandbox of the subclass's flavor. */
    abstract Sandbox sandbox();

    @BeforeAll
    void openAdmin() {
        admin = JdbcClusterAdmin.builder(sandbox().topology())
                .failoverTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    void closeAdmin() {
        admin.close();
    }

    @Test
    @Order(1)
    void readsEveryNodeKind() {
        Await.until(
                WAIT,
                "every backend and compute node alive",
                () -> admin.backends().stream().allMatch(Backend::alive)
                        && admin.computeNodes().stream().allMatch(Backend::alive)
                        && admin.computeNodes().size() == 1);
        Version version = sandbox().version();

        List<Frontend> frontends = admin.frontends();
        assertThat(frontends)
                .extracting(Frontend::queryPort)
                .containsExactlyInAnyOrderElementsOf(sandbox().topology().frontends().stream()
                        .map(fe -> fe.ports().queryPort())
                        .toList());
        assertThat(frontends)
                .filteredOn(Frontend::master)
                .extracting(Frontend::queryPort)
                .containsExactly(sandbox().node("fe-1").ports().queryPort());
        assertThat(frontends).extracting(Frontend::role).containsOnlyOnce(Role.FE_OBSERVER);
        assertThat(frontends).allSatisfy(fe -> assertThat(fe.version())
                .hasValueSatisfying(v -> assertThat(v.sameRelease(version)).isTrue()));
        assertThat(admin.backends())
                .filteredOn(be -> be.role() == Role.BE)
                .hasSize(3)
                .allSatisfy(be -> {
                    assertThat(be.version()).isPresent();
                    assertThat(be.tabletNum()).isPositive();
                });
        assertThat(admin.computeNodes()).singleElement().satisfies(cn -> {
            assertThat(cn.role()).isEqualTo(Role.CN);
            assertThat(cn.heartbeatPort())
                    .isEqualTo(sandbox().node("cn-1").ports().heartbeatPort());
        });
        assertThat(admin.tabletHealth().healthy()).isTrue();

        List<Node> probed = sandbox().nodes().stream()
                .filter(node -> node.role().isFrontend() || node.role().isBackend())
                .toList();
        Map<String, Health> health = JdbcHealthProbe.of(admin).probeAll(probed, 2);
        assertThat(health.values()).extracting(Health::status).containsOnly(Health.Status.READY);
    }

    @Test
    @Order(2)
    void addsThenDecommissionsABackendAndWaitsForItToLeave() {
        Node node = sandbox().prepareNode(Role.BE);
        int port = node.ports().heartbeatPort();

        admin.addBackend(node.host(), port);
        restartAll();
        Await.until(
                WAIT, node.id() + " alive", () -> find(node).map(Backend::alive).orElse(false));

        admin.decommissionBackend(node.host(), port);
        // A new BE holds no tablets, so the master may drop its row before the next read; if the row is
        // still there it must show the decommission.
        find(node).ifPresent(be -> assertThat(be.decommissioning()).isTrue());
        Await.until(
                WAIT, node.id() + " gone from SHOW BACKENDS", () -> find(node).isEmpty());
        assertThat(admin.tabletHealth().unhealthy()).isZero();
    }

    @Test
    @Order(3)
    void refusesToDropTheLastReplicaOfItsTablets() {
        Node be2 = sandbox().node("be-2");
        sandbox().faults().dropHeartbeats("be-2");
        Await.until(WAIT, "be-2 not alive", () -> !find(be2).orElseThrow().alive());
        long tablets = find(be2).orElseThrow().tabletNum();
        assertThat(tablets).isPositive();

        assertThatThrownBy(() -> ReplicaGates.requireDroppable(
                        admin,
                        sandbox().topology().name(),
                        sandbox().flavor(),
                        be2.host(),
                        be2.ports().heartbeatPort()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("refused to drop backend " + be2.membershipAddress() + "; nothing was sent")
                .hasMessageContaining("holds " + tablets + " replicas and single-replica partitions may have their only"
                        + " copy there: sandbox_db.sandbox_tbl partition sandbox_tbl");
        assertThat(find(be2)).isPresent();

        sandbox().faults().clear("be-2");
        Await.until(WAIT, "be-2 alive again", () -> find(be2).orElseThrow().alive());
    }

    @Test
    @Order(4)
    void pausesBalanceAndRestoresItAroundAMasterChange() {
        List<String> keys = sandbox().flavor().balanceSwitches().stream()
                .map(ConfigSwitch::key)
                .toList();
        Map<String, String> before = admin.frontendConfig(keys);

        BalanceGuard pause = BalanceGuard.pause(admin, sandbox().flavor());
        assertThat(pause.previous()).isEqualTo(before);
        assertThat(admin.frontendConfig(keys)).isEqualTo(paused());

        sandbox().faults().kill("fe-1");
        Await.until(
                WAIT,
                "a new master",
                () -> admin.master().queryPort()
                        != sandbox().node("fe-1").ports().queryPort());
        if (sandbox().flavor() == Flavor.STARROCKS) {
            assertThat(admin.frontendConfig(keys))
                    .as(
                            "StarRocks set the paused values on every alive FE (ConfigBase.setConfig: callFrontNodeSetConfig)")
                    .isEqualTo(paused());
        } else {
            assertThat(admin.frontendConfig(keys))
                    .as("the new master never had the paused values: they were memory-only on fe-1")
                    .isEqualTo(before);
        }

        pause.reapply();
        assertThat(admin.frontendConfig(keys)).isEqualTo(paused());
        pause.close();
        pause.close();
        assertThat(admin.frontendConfig(keys)).isEqualTo(before);

        restartAll();
    }

    @Test
    @Order(5)
    void keepsAnsweringWhileTheMasterFailsOverInTheMiddleOfCalls() {
        Frontend oldMaster = admin.master();
        String masterId = sandbox().nodes().stream()
                .filter(node -> node.ports().queryPort() == oldMaster.queryPort())
                .findFirst()
                .orElseThrow()
                .id();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                assertThat(admin.backends()).isNotEmpty();
                calls.incrementAndGet();
            }
        });
        Await.until(WAIT, "calls running", () -> calls.get() > 3);

        sandbox().faults().kill(masterId);
        int atKill = calls.get();
        Await.until(WAIT, "calls answered by a new master", () -> calls.get() > atKill + 3 || caller.isDone());
        stop.set(true);
        caller.join();

        assertThat(admin.master().name()).isNotEqualTo(oldMaster.name());
        restartAll();
    }

    @Test
    @Order(0)
    void reachesEveryFeThroughARouteAndFindsTheMasterByTheAddressTheFesList() throws Exception {
        Frontend master = admin.master();
        Node follower = sandbox().topology().frontends().stream()
                .filter(fe -> fe.role() == Role.FE_FOLLOWER && fe.ports().queryPort() != master.queryPort())
                .findFirst()
                .orElseThrow();
        Map<Integer, TcpRelay> relays = new java.util.HashMap<>();
        try {
            for (Node fe : sandbox().topology().frontends()) {
                relays.put(fe.ports().queryPort(), new TcpRelay(fe.ports().queryPort()));
            }
            // Only a follower in the topology: the master is found by the address it names, and reached
            // through the route too.
            io.dorisops.Topology one = new io.dorisops.Topology(
                    sandbox().topology().name(),
                    sandbox().flavor(),
                    List.of(follower),
                    sandbox().topology().ssh(),
                    sandbox().topology().sql(),
                    sandbox().topology().timeouts(),
                    "one follower");
            Route tunnel = (host, port) ->
                    new java.net.InetSocketAddress("127.0.0.1", relays.get(port).port());
            try (JdbcClusterAdmin routed =
                    JdbcClusterAdmin.builder(one).route(tunnel).build()) {
                assertThat(routed.master().queryPort()).isEqualTo(master.queryPort());
                assertThat(routed.backends()).isNotEmpty();
            }
            assertThat(relays.get(follower.ports().queryPort()).connections()).isPositive();
            assertThat(relays.get(master.queryPort()).connections()).isPositive();
        } finally {
            for (TcpRelay relay : relays.values()) {
                relay.close();
            }
        }
    }

    @Test
    @Order(7)
    void aBackendIsDisabledAndEnabledAgainThroughTheMasterAndReportsItsRunningQueries() {
        restartAll();
        Node be = sandbox().node("be-1");
        int port = be.ports().heartbeatPort();
        assertThat(admin.runningQueries(be.host(), port)).hasValue(0);
        if (!sandbox().flavor().disablesBackends()) {
            assertThatThrownBy(() -> admin.setBackendDisabled(be.host(), port, true))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("graceful stop");
            return;
        }
        admin.setBackendDisabled(be.host(), port, true);
        assertThat(find(be)).hasValueSatisfying(row -> {
            assertThat(row.queryDisabled()).isTrue();
            assertThat(row.loadDisabled()).isTrue();
        });
        admin.setBackendDisabled(be.host(), port, true); // done already: nothing sent, no error
        admin.setBackendDisabled(be.host(), port, false);
        assertThat(find(be)).hasValueSatisfying(row -> {
            assertThat(row.queryDisabled()).isFalse();
            assertThat(row.loadDisabled()).isFalse();
        });
        admin.setBackendDisabled(be.host(), 1, false); // a backend no longer listed is not disabled
        assertThatThrownBy(() -> admin.setBackendDisabled(be.host(), 1, true))
                .hasMessageContaining("backend " + be.host() + ":1 is not in SHOW BACKENDS");
    }

    @Test
    @Order(8)
    void aRepositoryTheStorageRefusesIsNotCreatedAndItsKeysShowNowhere() {
        restartAll();
        BackupRepository unreachable = new BackupRepository(
                "r1",
                "s3://bucket1/x",
                "http://127.0.0.1:1",
                "us-east-1",
                Secret.of("AKIDVALUE0001"),
                Secret.of("SECRETVALUE0001"),
                false);

        assertThatThrownBy(() -> admin.createRepository(unreachable))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("CREATE REPOSITORY `r1` WITH")
                .hasMessageContaining("access_key\" = \"***\"")
                .hasMessageContaining("Failed to create repository")
                .hasMessageNotContaining("AKIDVALUE0001")
                .hasMessageNotContaining("SECRETVALUE0001");
        assertThat(admin.repositories()).isEmpty();
        assertThat(admin.backupJobs("sandbox_db")).isEmpty();
        assertThatThrownBy(() -> admin.submitBackup("sandbox_db", "l1", "nosuch", List.of()))
                .hasMessageContaining("Repository nosuch does not exist");
        assertThatThrownBy(() -> admin.submitBackup("sandbox_db", "l1; DROP", "r1", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a plain name");
    }

    /** Starts the nodes that are not running and waits until every node is ready. */
    private void restartAll() {
        sandbox().startAll();
        sandbox().awaitReady(WAIT);
    }

    private Map<String, String> paused() {
        return sandbox().flavor().balanceSwitches().stream()
                .collect(java.util.stream.Collectors.toMap(ConfigSwitch::key, ConfigSwitch::pausedValue));
    }

    private java.util.Optional<Backend> find(Node node) {
        return admin.backends().stream()
                .filter(be -> be.heartbeatPort() == node.ports().heartbeatPort())
                .findFirst();
    }
}
