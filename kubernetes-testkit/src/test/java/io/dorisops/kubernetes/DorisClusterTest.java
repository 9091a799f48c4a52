package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.BalanceGuard;
import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.kubernetes.testkit.KubernetesSandbox;
import io.dorisops.kubernetes.testkit.OperatorRig;
import io.dorisops.kubernetes.testkit.SandboxOperator;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DorisCluster on a {@link KubernetesSandbox}, its operator played by its {@link SandboxOperator} over one
 * sandbox (3 FE followers, 3 BEs) shared by the tests in order: upgrade, scale-in, refusals, debug mode,
 * a rollout that never becomes ready.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DorisClusterTest {

    static final ClusterRef REF = ClusterRef.of("doris", "doriscluster-sample");

    @TempDir
    static Path state;

    static OperatorRig rig;
    static KubernetesSandbox kubernetes;
    static Sandbox sandbox;
    static SandboxOperator operator;
    static KubernetesCluster cluster;

    @BeforeAll
    static void start() {
        rig = new OperatorRig(Flavor.DORIS, "2.1.7", ResourceKind.DORIS_CLUSTER, REF);
        kubernetes = rig.kubernetes;
        sandbox = rig.sandbox;
        operator = rig.operator;
        cluster = rig.cluster;
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /** Each test starts from a settled cluster, whatever the one before it left catching up. */
    @BeforeEach
    void settled() {
        rig.awaitSettled();
    }

    static RunOptions options() {
        return RunOptions.builder().stateDir(state).build();
    }

    @Test
    @Order(1)
    void statusShowsPodsAndTheMastersViewSideBySide() {
        KubernetesStatus status = cluster.status();
        assertThat(status.components())
                .extracting(KubernetesStatus.Component::name)
                .containsExactly("be", "fe");
        assertThat(status.members()).hasSize(6);
        assertThat(status.members()).filteredOn(KubernetesStatus.Member::master).hasSize(1);
        assertThat(status.disagreements()).isEmpty();
        assertThat(status.healthy()).isTrue();
        assertThat(cluster.kind()).isEqualTo(ResourceKind.DORIS_CLUSTER);
    }

    @Test
    @Order(2)
    void fromOutsideTheClusterTheFesAreReachedThroughPortForwards() {
        Topology topology = sandbox.topology();
        try (KubernetesCluster outside = KubernetesCluster.builder(kubernetes.client(), REF)
                .addressing(operator.addressing())
                .sql(topology.sql())
                .portForward(true)
                .build()) {
            KubernetesStatus status = outside.status();

            assertThat(status.healthy()).isTrue();
            assertThat(status.members()).hasSize(6);
            String master = status.members().stream()
                    .filter(KubernetesStatus.Member::master)
                    .findFirst()
                    .orElseThrow()
                    .name();
            int queryPort =
                    outside.topology().node(master).orElseThrow().ports().queryPort();
            assertThat(kubernetes.forwarded()).contains(master + ":" + queryPort);
            assertThat(kubernetes.forwarded())
                    .allSatisfy(forward -> assertThat(forward).contains("-fe-"));
        }
    }

    @Test
    @Order(3)
    void upgradeRollsBeFirstThenFeEachFullyBeforeTheNextAndRestoresBalance() {
        Operation plan = cluster.planUpgrade(Version.parse("2.1.8"));
        assertThat(plan.steps()).extracting(s -> s.component().orElseThrow()).containsExactly("be", "fe");
        assertThat(plan.describe()).contains("selectdb/doris.be-ubuntu:2.1.8");

        cluster.execute(plan, options());

        List<String> recreated =
                operator.events().stream().filter(e -> e.startsWith("recreate")).toList();
        assertThat(recreated).hasSize(6);
        // every BE pod was recreated before the first FE pod: the BE rollout was over first
        assertThat(recreated.subList(0, 3)).allMatch(e -> e.startsWith("recreate be"));
        assertThat(recreated.subList(3, 6)).allMatch(e -> e.startsWith("recreate fe"));
        assertThat(recreated.get(0)).startsWith("recreate be 2"); // the StatefulSet goes from the highest ordinal
        KubernetesStatus status = cluster.status();
        assertThat(status.members())
                .allMatch(m -> m.version().orElseThrow().number().equals("2.1.8"));
        assertThat(status.disagreements()).isEmpty();
        assertThat(BalanceGuard.isPaused(Flavor.DORIS, BalanceGuard.read(cluster.admin(), Flavor.DORIS)))
                .isFalse();
    }

    @Test
    @Order(4)
    void feScaleInBelowAMajorityIsRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> cluster.planScale("fe", 1, RunOptions.defaults()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("follower-majority")
                .hasMessageContaining("1 of 3 FE followers");
    }

    @Test
    @Order(5)
    void scaleInOfOneBeDecommissionsTheHighestOrdinalBeforeReplicasChange() {
        Operation plan = cluster.planScale("be", 2, RunOptions.defaults());
        assertThat(plan.describe()).contains("decommission doriscluster-sample-be-2");
        int before = operator.events().size();
        List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
        cluster.execute(
                plan,
                RunOptions.builder()
                        .stateDir(state)
                        .listener(new io.dorisops.ProgressListener() {
                            @Override
                            public void stepFinished(io.dorisops.ProgressEvent event) {
                                actions.add(event.action());
                            }
                        })
                        .build());

        assertThat(actions).containsSubsequence("drain", "patch-replicas", "await-rollout");
        List<String> after = operator.events().subList(before, operator.events().size());
        assertThat(after).containsExactly("delete be 2");
        assertThat(cluster.admin().backends()).hasSize(2);
        assertThat(cluster.admin().backends())
                .noneMatch(
                        be -> be.heartbeatPort() == sandbox.node("be-3").ports().heartbeatPort());
        assertThat(cluster.status().components())
                .filteredOn(c -> c.name().equals("be"))
                .singleElement()
                .satisfies(c -> assertThat(c.ready()).isEqualTo(2));
    }

    @Test
    @Order(6)
    void scaleOutRecreatesThePodAndWaitsUntilItsBackendHasJoinedAtTheClustersVersion() {
        Operation plan = cluster.planScale("be", 3, RunOptions.defaults());
        assertThat(plan.kind()).isEqualTo(Operation.Kind.SCALE_OUT);

        cluster.execute(plan, options());

        assertThat(operator.events()).contains("recreate be 2 selectdb/doris.be-ubuntu:2.1.8", "register be-3");
        assertThat(cluster.admin().backends())
                .hasSize(3)
                .allSatisfy(be -> assertThat(be.alive()).isTrue())
                .anyMatch(
                        be -> be.heartbeatPort() == sandbox.node("be-3").ports().heartbeatPort());
        assertThat(cluster.status().healthy()).isTrue();
    }

    @Test
    @Order(7)
    void debugModeOnAndOff() {
        String pod = "doriscluster-sample-be-1";
        operator.crash(pod);
        io.dorisops.testkit.Await.until(
                Duration.ofSeconds(60),
                pod + " crash looping",
                () -> kubernetes
                        .client()
                        .pods()
                        .inNamespace("doris")
                        .withName(pod)
                        .get(),
                p -> p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null);
        DebugResult on = cluster.debug(pod, true, Duration.ofSeconds(60));
        assertThat(on.pod().annotations())
                .containsEntry("selectdb.com.doris/runmode", "debug")
                .containsEntry("apache.org.doris/runmode", "debug");
        assertThat(on.pod().phase()).isEqualTo("Running");
        assertThat(on.pod().ready()).isFalse();

        DebugResult off = cluster.debug(pod, false, Duration.ofSeconds(90));
        assertThat(off.pod().annotations()).doesNotContainKey("selectdb.com.doris/runmode");
        assertThat(off.pod().serving()).isTrue();
        io.dorisops.testkit.Await.until(Duration.ofSeconds(90), "the cluster healthy again", () -> cluster.status()
                .healthy());
    }

    @Test
    @Order(8)
    void aRolloutThatNeverBecomesReadyFailsNamingThePods() {
        operator.failImage("selectdb/doris.be-ubuntu:2.1.9");
        Operation plan = cluster.planUpgrade(Version.parse("2.1.9"), Map.of());
        assertThatThrownBy(() -> cluster.execute(
                        plan,
                        RunOptions.builder()
                                .stateDir(state)
                                .force("upgrade-path")
                                .build()))
                .hasMessageContaining("doriscluster-sample-be-1")
                .hasMessageContaining("CrashLoopBackOff");
        assertThat(operator.events()).noneMatch(e -> e.startsWith("recreate fe") && e.endsWith("2.1.9"));
        assertThat(BalanceGuard.isPaused(Flavor.DORIS, BalanceGuard.read(cluster.admin(), Flavor.DORIS)))
                .isFalse();
    }
}
