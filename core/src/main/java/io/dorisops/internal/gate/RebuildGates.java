package io.dorisops.internal.gate;

import io.dorisops.BalanceGuard;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gate {@code rebuild-replicas} of the rebuild rollback (seeds 000/001: only with 3 complete
 * replicas), each failure with the counts: the node is a BE member of the cluster; every other BE is
 * alive and not decommissioning; the replication number ({@code ReplicaNum / TabletNum} of the
 * master's tablet statistics) is at least 3; no tablet is unhealthy beyond the node's own replicas,
 * none is version-incomplete, unrecoverable or in error state (so every tablet on it has all its other
 * replicas healthy); the tablet scheduler is not paused (it clones the replicas back).
 *
 * <p>The replication check reads the cluster-wide average: with tables of mixed replication numbers it
 * cannot see one table below 3 when others are above (see {@code docs/upgrade-testing.md}).
 */
public final class RebuildGates {

    private RebuildGates() {}

    /** Every reason to refuse rebuilding {@code node}, each starting with the gate's name. */
    public static List<String> preflight(ClusterAdmin admin, Flavor flavor, Node node) {
        List<String> failures = new ArrayList<>();
        List<Backend> backends = admin.backends();
        Optional<Backend> self =
                backends.stream().filter(row -> row.matches(node)).findFirst();
        if (self.isEmpty()) {
            failures.add("rebuild-replicas: " + node.label() + " is not in SHOW BACKENDS; add it with ADD BACKEND");
            return failures;
        }
        List<Backend> others = backends.stream()
                .filter(row -> !row.matches(node) && row.role() == Role.BE)
                .toList();
        others.stream()
                .filter(row -> !row.alive() || row.decommissioning())
                .forEach(row -> failures.add("rebuild-replicas: backend " + row.address() + " is "
                        + (row.alive() ? "decommissioning" : "not alive")
                        + ": its replicas may be the ones the rebuild needs; bring it back first"));
        TabletHealth health = admin.tabletHealth();
        long tablets = health.tablets();
        long replicas = health.replicas();
        if (tablets > 0 && replicas < 3 * tablets) {
            failures.add(String.format(
                    "rebuild-replicas: the replication number is below 3: %d replicas for %d tablets (%.1f per"
                            + " tablet, ReplicaNum and TabletNum of SHOW PROC '/statistic'); dropping %s would leave"
                            + " some tablets with one replica or none",
                    replicas, tablets, (double) replicas / tablets, node.id()));
        }
        if (others.size() < 2) {
            failures.add("rebuild-replicas: only " + others.size() + " other backends; 3 replicas need 3 backends");
        }
        long own = self.get().tabletNum();
        if (health.unhealthy() > own
                || health.versionIncomplete() > 0
                || health.unrecoverable() > 0
                || health.errorState() > 0) {
            failures.add("rebuild-replicas: not every tablet on " + node.id() + " has all its other replicas healthy:"
                    + " " + health.summary() + ", while " + node.id() + " holds " + own + " replicas; wait for the"
                    + " repairs to finish");
        }
        if (BalanceGuard.isPaused(flavor, BalanceGuard.read(admin, flavor))) {
            failures.add("rebuild-replicas: the tablet scheduler is paused (a run left the balance switches off?);"
                    + " the replicas could not be cloned back");
        }
        return failures;
    }
}
