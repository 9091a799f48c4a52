package io.dorisops.internal.engine;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.Topology;
import io.dorisops.internal.action.Action;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rebuild rollback of the runbooks (seeds 000/001: "DROP BACKEND 删除该 BE、清理数据后，使用上一个版本的
 * doris_be 重新启动 BE。然后重新 ADD BACKEND", only with 3 complete replicas) for a BE that starts on no
 * version:
 *
 * <ol>
 *   <li>Pre-flight ({@link #preflight}), refused with the counts: the node is a BE member of the cluster;
 *       every other BE is alive and not decommissioning; the replication number ({@code ReplicaNum /
 *       TabletNum} of the master's tablet statistics) is at least 3; no tablet is unhealthy beyond the
 *       node's own replicas, none is version-incomplete, unrecoverable or in error state (so every tablet
 *       on it has all its other replicas healthy); the tablet scheduler is not paused (it clones the
 *       replicas back).
 *   <li>Stop it (when it runs), {@code DROPP BACKEND} ({@code DROP ... FORCE} on StarRocks).
 *   <li>Move each {@code storage_root_path} aside as {@code <path>_aside_<stamp>} (never deleted) and
 *       recreate it empty.
 *   <li>Put a backup of bin/lib back when one is named (the previous version); else the bin/lib in place.
 *   <li>Start it, {@code ADD BACKEND}, wait until it is alive, then until no tablet is unhealthy.
 * </ol>
 *
 * <p>The replication check reads the cluster-wide average: with tables of mixed replication numbers it
 * cannot see one table below 3 when others are above (see {@code docs/upgrade-testing.md}).
 */
final class RebuildPlans {

    private RebuildPlans() {}

    /** The rebuild of one BE as an operation; {@code restore} names the backup stamp to start from, if any. */
    static Operation rebuild(Topology topology, Node node, String stamp, Optional<String> restore) {
        if (node.role() != Role.BE) {
            throw new DorisOpsException(node.label() + " is a " + node.role().key()
                    + "; only a BE (with replicas) is rebuilt from the other replicas");
        }
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.Stop());
        actions.add(new Action.DropBackend(true));
        actions.add(new Action.SetAsideStorage(stamp));
        restore.ifPresent(backup -> actions.add(new Action.Restore(backup)));
        actions.add(new Action.Start());
        actions.add(new Action.AddMember());
        actions.add(new Action.AwaitReady(Optional.empty(), true));
        actions.add(new Action.AwaitTabletsHealthy());
        return new Operation(
                Kind.REBUILD,
                topology.name(),
                topology.flavor(),
                Optional.empty(),
                false,
                List.of(Step.on(node, Optional.empty(), Reason.REBUILD_FROM_REPLICAS, actions, List.of())),
                List.of(),
                List.of("one replica of every tablet on " + node.id() + " is discarded and cloned back from the"
                        + " other replicas; the old storage stays beside the new one as *_aside_" + stamp),
                Optional.empty(),
                Instant.now());
    }

    /** Step 1: every reason to refuse, with the counts. */
    static List<String> preflight(Engine engine, Operation operation) {
        List<String> failures = new ArrayList<>();
        Node node = engine.node(operation.steps().get(0).nodeId());
        ClusterAdmin admin = engine.admin();
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
        if (BalanceGuard.isPaused(
                engine.topology().flavor(),
                BalanceGuard.read(admin, engine.topology().flavor()))) {
            failures.add("rebuild-replicas: the tablet scheduler is paused (a run left the balance switches off?);"
                    + " the replicas could not be cloned back");
        }
        return failures;
    }
}
