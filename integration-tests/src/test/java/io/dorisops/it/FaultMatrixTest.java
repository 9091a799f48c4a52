package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix of {@code docs/reliability.md}, end to end on one sandbox: each fault hits a
 * rolling upgrade of 1 FE + 2 BE, and each scenario ends with nothing lost — the balance switches at
 * their previous values, every node running on a version it had, the run resumable or rolled back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixTest {

    /**
     * The ready timeout of the scenarios: a node that starts ends its wait at once, a start that fails ends
     * it at once too; only the gates of the SQL-refused scenario wait it out. Long enough for a node to
     * start on a loaded 2-core machine (several seconds there, under one on an idle one).
     */
    private static final Duration READY = Duration.ofSeconds(30);

    /**
     * The ready timeout of the scenarios whose node can never become ready (HTTP 500, no heartbeats), so
     * both the start and the put-back wait until it ends: long enough for the node to come up on a loaded
     * machine, so the wait ends seeing the fault (HTTP 500, {@code alive=false}) and not a node still
     * starting; a fault that did not take would still pass the wait and fail the test.
     */
    private static final Duration NEVER_READY = Duration.ofSeconds(10);

    private Path dir;

    private Rig rig;
    private Map<String, String> balance;
    private Path pkg;

    @BeforeAll
    void start(@TempDir Path tmp) {
        dir = tmp;
        rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(1)
                        .backends(2));
        balance = rig.balance();
        pkg = rig.pkg("2.1.8");
    }

    @AfterAll
    void stop() {
        rig.close();
    }

    @AfterEach
    void nothingLost() {
        rig.sandbox.nodes().forEach(node -> rig.sandbox.faults().clear(node.id()));
        Await.until(Duration.ofSeconds(90), "every node ready in HTTP and SQL", () -> {
            try {
                rig.versions();
                return cluster().status().healthy();
            } catch (AssertionError | DorisOpsException e) {
                return false;
            }
        });
        assertThat(rig.balance())
                .as("balance switches at their previous values")
                .isEqualTo(balance);
    }

    private RunOptions options(ProgressListener listener) {
        return options(listener, READY);
    }

    private RunOptions options(ProgressListener listener, Duration readyTimeout) {
        return RunOptions.builder()
                .stateDir(rig.stateDir())
                .readyTimeout(readyTimeout)
                .listener(listener)
                .build();
    }

    private Cluster cluster() {
        return rig.cluster(ProgressListener.NONE);
    }

    private void upgrade(ProgressListener listener) {
        upgrade(listener, READY);
    }

    private void upgrade(ProgressListener listener, Duration readyTimeout) {
        RunOptions options = options(listener, readyTimeout);
        Operation plan = cluster().plan(Procedure.upgrade(pkg));
        cluster().run(plan, options);
    }

    /** A listener that injects a fault once {@code node}'s {@code action} step finished. */
    private static ProgressListener after(String node, String action, Consumer<String> fault) {
        return new ProgressListener() {
            @Override
            public void stepFinished(ProgressEvent event) {
                if (event.nodeId().equals(node) && event.action().equals(action)) {
                    fault.accept(node);
                }
            }
        };
    }

    @Test
    @Order(1)
    void aStartThatFailsIsRolledBackAndRunningTheOldVersion() {
        rig.sandbox.faults().failNextStart("be-1");

        assertThatThrownBy(() -> upgrade(ProgressListener.NONE))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-1 (127.0.0.1): upgrade to 2.1.8 failed at await-ready; rolled back to 2.1.7")
                .hasMessageContaining("simulated start failure");
        assertThat(rig.version("be-1")).isEqualTo("2.1.7");
        assertThat(rig.version("be-2")).isEqualTo("2.1.7");
    }

    @Test
    @Order(2)
    void httpFailingAfterTheStartIsTheErrorAndAFailedPutBackIsAttachedToIt() {
        ProgressListener http500 =
                after("be-1", "stop", id -> rig.sandbox.faults().http500(id));

        assertThatThrownBy(() -> upgrade(http500, NEVER_READY))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-1 (127.0.0.1): upgrade to 2.1.8 failed at await-ready")
                .hasMessageContaining("putting it back failed too")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    @Order(3)
    void droppedHeartbeatsAreNoSuccess() {
        ProgressListener silent =
                after("be-1", "stop", id -> rig.sandbox.faults().dropHeartbeats(id));

        assertThatThrownBy(() -> upgrade(silent, NEVER_READY))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("failed at await-ready")
                .hasMessageContaining("alive=false");
    }

    @Test
    @Order(4)
    void aPackageOfTheOtherFlavorIsRefusedBeforeAnythingChanges() {
        Path starrocks = Sandbox.buildPackage(Flavor.STARROCKS, io.dorisops.Version.parse("3.3.5"), dir);
        assertThatThrownBy(() -> cluster().plan(Procedure.upgrade(starrocks)))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining(starrocks.getFileName().toString());
    }

    @Test
    @Order(5)
    void sqlRefusedOnTheMasterMidRunFailsTheRunWithTheStatementsToRestoreAndResumeFinishesIt() {
        ProgressListener refuse = new ProgressListener() {
            @Override
            public void nodeFinished(ProgressEvent event) {
                if (event.nodeId().equals("be-1")) {
                    rig.sandbox.faults().sqlRefuse("fe-1");
                }
            }
        };

        assertThatThrownBy(() -> upgrade(refuse))
                .isInstanceOf(DorisOpsException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(restore -> assertThat(restore.getMessage())
                        .contains("ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"false\");")));
        rig.sandbox.faults().clear("fe-1");
        Await.until(Duration.ofSeconds(90), "fe-1 answers SQL again", () -> {
            try {
                return rig.balance() != null;
            } catch (DorisOpsException e) {
                return false;
            }
        });

        cluster().resume(options(ProgressListener.NONE));

        assertThat(rig.versions())
                .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.8"));
        cluster().run(Procedure.rollback(Optional.empty()), options(ProgressListener.NONE));
        assertThat(rig.versions())
                .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.7"));
    }

    @Test
    @Order(6)
    void aBackendThatCrashesSoonAfterReadyStopsTheRunNamingItAndResumeStartsItAgain() {
        ProgressListener crash =
                after("be-1", "await-ready", id -> rig.sandbox.faults().kill(id));

        assertThatThrownBy(() -> upgrade(crash))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-1 (127.0.0.1): finished earlier in this run but is no longer running");

        cluster().resume(options(ProgressListener.NONE));

        assertThat(rig.versions())
                .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.8"));
        cluster().run(Procedure.rollback(Optional.empty()), options(ProgressListener.NONE));
    }

    @Test
    @Order(7)
    void anotherClustersStateIsRefusedNamingBoth() throws Exception {
        ProgressListener crash =
                after("be-1", "await-ready", id -> rig.sandbox.faults().kill(id));
        assertThatThrownBy(() -> upgrade(crash)).isInstanceOf(NodeFailedException.class);
        Path staging = Files.createDirectories(dir.resolve("staging")).resolve("cluster.yaml");
        Files.writeString(
                staging,
                rig.topology
                        .toYaml()
                        .replace("name: " + rig.topology.name(), "name: cluster")
                        .replace(String.valueOf(rig.sandbox.node("be-2").ports().heartbeatPort()), "19999"));
        Topology other = Topology.load(staging);

        try (Cluster otherCluster =
                Cluster.builder(other).stateDir(rig.stateDir()).build()) {
            assertThatThrownBy(() -> otherCluster.resume(options(ProgressListener.NONE)))
                    .hasMessageContaining("is not of this cluster")
                    .hasMessageContaining(staging.toString())
                    .hasMessageContaining(rig.topology.source());
        }
        cluster().run(Procedure.rollback(Optional.empty()), options(ProgressListener.NONE));
        assertThat(rig.version("be-1")).isEqualTo("2.1.7");
    }
}
