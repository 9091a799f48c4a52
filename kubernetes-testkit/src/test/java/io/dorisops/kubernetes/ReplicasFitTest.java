package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.kubernetes.testkit.OperatorRig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BE scale-in guard decides per partition and tag on the replica facts (as the kernel's scale-in and
 * Doris since apache/doris#32748 do), not on the average replicas per tablet, and names the table.
 */
class ReplicasFitTest {

    @Test
    void aScaleInThatLeavesATableFewerBesThanItsReplicasIsRefusedNamingIt(@TempDir Path state) {
        ClusterRef ref = ClusterRef.of("doris", "mixed");
        try (OperatorRig rig = new OperatorRig(
                Flavor.DORIS, "2.1.7", ResourceKind.DORIS_CLUSTER, ref, sandbox -> sandbox.table("demo.three", 3))) {
            int events = rig.operator.events().size();

            assertThatThrownBy(() -> rig.cluster.run(
                            Procedure.scale("be", 2),
                            RunOptions.builder().stateDir(state).build()))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("replicas-fit")
                    .hasMessageContaining("demo.three")
                    .hasMessageContaining("nothing was changed");

            // The gate is the run's pre-flight, not the plan's: the plan shows what a run forcing it would do.
            assertThat(rig.cluster.plan(Procedure.scale("be", 2)).describe()).contains("decommission mixed-be-2");
            assertThat(rig.operator
                            .events()
                            .subList(events, rig.operator.events().size()))
                    .noneMatch(e -> e.startsWith("delete") || e.startsWith("recreate"));
            assertThat(rig.cluster.admin().backends()).hasSize(3);
        }
    }
}
