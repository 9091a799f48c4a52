package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.RunOptions;
import io.dorisops.Version;
import io.dorisops.kubernetes.testkit.OperatorRig;
import io.dorisops.kubernetes.testkit.SandboxOperator;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** A StarRocksCluster on the mock API server over one StarRocks sandbox: upgrade BE→FE, scale-in, refusals. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StarRocksClusterTest {

    static final ClusterRef REF = ClusterRef.of("starrocks", "kube-starrocks");

    @TempDir
    static Path state;

    static OperatorRig rig;
    static Sandbox sandbox;
    static SandboxOperator operator;
    static KubernetesCluster cluster;

    @BeforeAll
    static void start() {
        rig = new OperatorRig(Flavor.STARROCKS, "3.3.5", ResourceKind.STARROCKS_CLUSTER, REF);
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

    @Test
    @Order(1)
    void upgradeRollsBeFirstThenFeAndRestoresBalance() {
        assertThat(cluster.kind()).isEqualTo(ResourceKind.STARROCKS_CLUSTER);
        assertThat(cluster.status().healthy()).isTrue();
        Operation plan = cluster.planUpgrade(Version.parse("3.3.6"));
        assertThat(plan.describe()).contains("starrocks/be-ubuntu:3.3.6").contains("starrocks/fe-ubuntu:3.3.6");

        cluster.execute(plan, RunOptions.builder().stateDir(state).build());

        List<String> recreated =
                operator.events().stream().filter(e -> e.startsWith("recreate")).toList();
        assertThat(recreated.subList(0, 3)).allMatch(e -> e.startsWith("recreate be"));
        assertThat(recreated.subList(3, 6)).allMatch(e -> e.startsWith("recreate fe"));
        assertThat(cluster.status().members())
                .allMatch(m -> m.version().orElseThrow().number().equals("3.3.6"));
        assertThat(BalanceGuard.isPaused(Flavor.STARROCKS, BalanceGuard.read(cluster.admin(), Flavor.STARROCKS)))
                .isFalse();
    }

    @Test
    @Order(2)
    void scaleInDrainsTheHighestOrdinalFirstAndRefusesAnFeMinority() {
        assertThatThrownBy(() -> cluster.planScale("fe", 1, RunOptions.defaults()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("follower-majority");
        assertThatThrownBy(() -> cluster.planScale("be", 1, RunOptions.defaults()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("replicas-fit");
        cluster.execute(
                cluster.planScale("be", 2, RunOptions.defaults()),
                RunOptions.builder().stateDir(state).build());
        assertThat(operator.events()).contains("delete be 2");
        assertThat(cluster.admin().backends()).hasSize(2);
    }

    @Test
    @Order(3)
    void debugModeIsDorisOnly() {
        assertThatThrownBy(() -> cluster.debug("kube-starrocks-be-0", true, Duration.ofSeconds(1)))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("has no debug run mode");
    }
}
