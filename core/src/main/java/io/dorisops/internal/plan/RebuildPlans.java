package io.dorisops.internal.plan;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.gate.RebuildGates;
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
 *   <li>Pre-flight: the gate {@code rebuild-replicas} ({@link RebuildGates}), refused with the counts
 *       unless the node's every tablet has its other replicas healthy, on 3 or more replicas.
 *   <li>Stop it (when it runs), {@code DROPP BACKEND} ({@code DROP ... FORCE} on StarRocks).
 *   <li>Move each {@code storage_root_path} aside as {@code <path>_aside_<stamp>} (never deleted) and
 *       recreate it empty.
 *   <li>Put a backup of bin/lib back when one is named (the previous version); else the bin/lib in place.
 *   <li>Start it, {@code ADD BACKEND}, wait until it is alive, then until no tablet is unhealthy.
 * </ol>
 */
public final class RebuildPlans {

    private RebuildPlans() {}

    /** The rebuild of one BE as an operation; {@code restore} names the backup stamp to start from, if any. */
    public static Operation rebuild(Topology topology, Node node, String stamp, Optional<String> restore) {
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
}
