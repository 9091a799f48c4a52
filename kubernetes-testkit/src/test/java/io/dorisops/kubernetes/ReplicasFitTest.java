package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.PreconditionFailedException;
import io.dorisops.RunOptions;
import io.dorisops.kubernetes.testkit.OperatorRig;
import org.junit.jupiter.api.Test;

/**
 * The BE scale-in guard decides per partition and tag on the replica facts (as the kernel's scale-in and
 * Doris since apache/doris#32748 do), not on the average replicas per tablet, and names the table.
 */
class ReplicasFitTest {

    @Test
    void aScaleInThatLeavesATableFewerBesThanItsReplicasIsRefusedNamingIt() {
        ClusterRef ref = ClusterRef.of("doris", "mixed");
        try (OperatorRig rig = new OperatorRig(
                Flavor.DORIS, "2.1.7", ResourceKind.DORIS_CLUSTER, ref, sandbox -> sandbox.table("demo.three", 3))) {
            int events = rig.operator.events().size();

            assertThatThrownBy(() -> rig.cluster.planScale("be", 2, RunOptions.defaults()))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("replicas-fit")
                    .hasMessageContaining("demo.three")
                    .hasMessageContaining("nothing was changed");

            assertThat(rig.cluster
                            .planScale(
                                    "be",
                                    2,
                                    RunOptions.builder().force("replicas-fit").build())
                            .describe())
                    .contains("decommission mixed-be-2");
            assertThat(rig.operator
                            .events()
                            .subList(events, rig.operator.events().size()))
                    .noneMatch(e -> e.startsWith("delete") || e.startsWith("recreate"));
            assertThat(rig.cluster.admin().backends()).hasSize(3);
        }
    }
}
