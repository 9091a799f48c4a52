package io.dorisops.internal.gate;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The cluster gates read on the master alone: {@code tablets-healthy}, {@code balance-paused}, and the
 * image gates {@code single-follower} and {@code single-replica}; each failure starts with its gate's
 * name. ({@code nodes-alive} reads every node's health too and is evaluated by the runner's gates.)
 */
public final class ClusterGates {

    private ClusterGates() {}

    /** {@code tablets-healthy}: why not, or empty when no tablet is unhealthy. */
    public static Optional<String> tabletsHealthy(ClusterAdmin admin) {
        try {
            TabletHealth tablets = admin.tabletHealth();
            return tablets.healthy()
                    ? Optional.empty()
                    : Optional.of("tablets-healthy: " + tablets.summary() + "; wait for them to repair");
        } catch (DorisOpsException e) {
            return Optional.of("tablets-healthy: " + e.getMessage());
        }
    }

    /** {@code balance-paused}: why not, or empty when tablet balancing runs. */
    public static Optional<String> balancePaused(ClusterAdmin admin, Flavor flavor) {
        try {
            Map<String, String> now = BalanceGuard.read(admin, flavor);
            return BalanceGuard.isPaused(flavor, now)
                    ? Optional.of("balance-paused: tablet balancing is already paused (" + now + "); if a run left it"
                            + " so, resume or roll back that run; if you paused it on purpose, force balance-paused")
                    : Optional.empty();
        } catch (DorisOpsException e) {
            return Optional.of("balance-paused: " + e.getMessage());
        }
    }

    /**
     * The gates of an upgrade by image (seed 002): compatibility cannot be checked before the operator
     * recreates a pod, so a lone FE follower or data with a single replica is refused unless forced.
     */
    public static List<String> imageGates(ClusterAdmin admin, Predicate<String> runs) {
        List<String> failures = new ArrayList<>();
        if (runs.test("single-follower")) {
            try {
                long followers = admin.frontends().stream()
                        .filter(fe -> fe.role() == Role.FE_FOLLOWER)
                        .count();
                if (followers < 2) {
                    failures.add("single-follower: the cluster has " + followers + " FE follower; an upgrade that"
                            + " breaks its metadata has no other copy. Add followers first, or force single-follower");
                }
            } catch (DorisOpsException e) {
                failures.add("single-follower: " + e.getMessage());
            }
        }
        if (runs.test("single-replica")) {
            try {
                ReplicaGates.singleReplica(admin.replicaFacts())
                        .ifPresent(why -> failures.add("single-replica: " + why));
            } catch (UnsupportedOperationException e) {
                TabletHealth tablets = admin.tabletHealth(); // totals only: fewer replicas than twice the tablets
                if (tablets.tablets() > 0 && tablets.replicas() < 2 * tablets.tablets()) {
                    failures.add("single-replica: " + tablets.replicas() + " replicas for " + tablets.tablets()
                            + " tablets, so some tablet has one replica; a BE that does not come back loses it."
                            + " Raise replication_num first, or force single-replica");
                }
            } catch (DorisOpsException e) {
                failures.add("single-replica: " + e.getMessage());
            }
        }
        return failures;
    }
}
