package io.dorisops.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.TabletHealth;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.ComponentState;
import io.dorisops.kubernetes.ResourceKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A Kubernetes scale-in's gates: the scale-in row's, by the names and force rules of hosts. */
class KubernetesPlansTest {

    private static final ComponentState FE =
            new ComponentState("fe", "spec.feSpec", "fe:2.1.8", 3, Optional.of(3), Optional.empty(), List.of());
    private static final ComponentState BE =
            new ComponentState("be", "spec.beSpec", "be:2.1.8", 3, Optional.empty(), Optional.empty(), List.of());
    private static final Snapshot SNAPSHOT = new Snapshot(
            ResourceKind.DORIS_CLUSTER, ClusterRef.of("doris", "dcr"), List.of(FE, BE), Map.of(), "https://k8s", "u1");

    private static Operation scale(
            ComponentState component, int replicas, Optional<TabletHealth> tablets, Set<String> forced) {
        return KubernetesPlans.scale(
                SNAPSHOT, component, replicas, Optional.empty(), tablets, Optional.of(List.of()), forced);
    }

    @Test
    void followersBelowAMajorityAreRefusedAsFollowerMajorityWhichCanBeForcedAsOnHosts() {
        assertThatThrownBy(() -> scale(FE, 1, Optional.empty(), Set.of()))
                .isInstanceOf(PreconditionFailedException.class)
                .extracting(e -> ((PreconditionFailedException) e).failures())
                .isEqualTo(List.of("follower-majority: lowering fe replicas from 3 to 1 leaves 1 of 3 FE followers,"
                        + " below a majority (2); the metadata quorum would be lost. Keep at least 2 followers"));

        assertThat(scale(FE, 1, Optional.empty(), Set.of("follower-majority")).kind())
                .isEqualTo(Operation.Kind.SCALE_IN);
    }

    @Test
    void unhealthyTabletsAreTheirOwnGateNotSkippedByForcingReplicasFit() {
        Optional<TabletHealth> unhealthy = Optional.of(TabletHealth.of("SHOW PROC '/statistic'", 10, 30, 2, 0));

        assertThatThrownBy(() -> scale(BE, 2, unhealthy, Set.of("replicas-fit")))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("tablets-healthy: ");
        assertThat(scale(BE, 2, unhealthy, Set.of("replicas-fit", "tablets-healthy"))
                        .kind())
                .isEqualTo(Operation.Kind.SCALE_IN);
    }
}
