package io.dorisops.testkit.internal.node;

import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.node.FeNode.BeRuntime;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The master FE's tablet scheduler, run on each 100 ms tick, each duty at the sandbox's rate (a
 * budget that grows per tick):
 *
 * <ol>
 *   <li>Decommission drain: replicas move off decommissioned backends to the alive backend of the same
 *       tag holding the fewest; an emptied backend is dropped. Paused by the scheduler switches and the
 *       fault {@code stall-drain}.
 *   <li>Clone repair: a tablet short of replicas gets one; paused by the balance switches.
 *   <li>Catch-up: a returned backend's replicas catch up on missed versions, switches or not.
 * </ol>
 */
final class TabletScheduler {
    private final FeNode fe;
    private double drainBudget;
    private double catchUpBudget;
    private double repairBudget;
    private final Map<Long, Boolean> stuckLogged = new ConcurrentHashMap<>();
    private boolean stallLogged;

    TabletScheduler(FeNode fe) {
        this.fe = fe;
    }

    /** One tick of the master's duties, on a snapshot of the catalog. */
    void tick(Catalog current) {
        drainDecommissioned(current);
        repairMissing(current);
        catchUp();
    }

    /**
     * The tablet scheduler's clone repair: a tablet with fewer replicas than the replication (after a
     * forced drop) gets one on the alive backend holding the fewest, which then catches up on the
     * tablet's versions; paused with the balance switches, at the decommission rate.
     */
    private void repairMissing(Catalog current) {
        if (fe.configs.balancePaused()
                || current.tablets.stream()
                        .noneMatch(t -> t.replicas.size() < fe.ctx.spec().replicationNum())) {
            return;
        }
        repairBudget = Math.min(
                repairBudget + fe.ctx.spec().decommissionRate() / 10.0,
                Math.max(1, fe.ctx.spec().decommissionRate()));
        while (repairBudget >= 1) {
            long[] added = {0, 0};
            boolean changed = fe.mutateIf(c -> {
                for (Catalog.Tablet tablet : c.tablets) {
                    if (tablet.replicas.size() >= fe.ctx.spec().replicationNum()) {
                        continue;
                    }
                    var target = c.backends.stream()
                            .filter(be -> !be.computeNode && !be.decommissioned && !tablet.replicas.contains(be.id))
                            .filter(be -> fe.beRuntime.containsKey(be.id) && fe.beRuntime.get(be.id).alive)
                            .min(Comparator.comparingLong(be -> c.replicasOn(be.id)));
                    if (target.isPresent()) {
                        tablet.replicas.add(target.get().id);
                        added[0] = target.get().id;
                        added[1] = tablet.id;
                        return true;
                    }
                }
                return false;
            });
            if (!changed) {
                return;
            }
            BeRuntime runtime = fe.beRuntime.get(added[0]);
            Set<Long> pending = new LinkedHashSet<>(runtime.catchingUp);
            pending.add(added[1]);
            runtime.catchingUp = pending;
            repairBudget -= 1;
        }
    }

    /** Restarted backends catch up on their missed versions at the sandbox's rate, switches or not. */
    private void catchUp() {
        catchUpBudget += fe.ctx.spec().catchUpRate() / 10.0;
        for (BeRuntime runtime : fe.beRuntime.values()) {
            if (!runtime.alive) {
                continue;
            }
            // Replaced, never changed in place: SQL readers and followers' syncs read it concurrently.
            Set<Long> pending = new LinkedHashSet<>(runtime.catchingUp);
            var next = pending.iterator();
            while (catchUpBudget >= 1 && next.hasNext()) {
                next.next();
                next.remove();
                catchUpBudget -= 1;
            }
            if (pending.size() != runtime.catchingUp.size()) {
                runtime.catchingUp = pending;
            }
        }
        catchUpBudget = Math.min(catchUpBudget, Math.max(1, fe.ctx.spec().catchUpRate()));
    }

    private void drainDecommissioned(Catalog current) {
        double rate = fe.ctx.spec().decommissionRate();
        boolean paused = fe.configs.schedulerPaused();
        if (!paused && fe.ctx.fault(FaultFile.STALL_DRAIN)) {
            paused = true;
            if (!stallLogged) {
                stallLogged = true;
                fe.ctx.log(
                        "WARN",
                        "clone task failed: simulated fault " + FaultFile.STALL_DRAIN
                                + "; decommissioned backends keep their replicas");
            }
        } else {
            stallLogged = false;
        }
        if (!paused) {
            drainBudget += rate / 10.0;
        }
        for (Catalog.Be be : current.backends) {
            if (!be.decommissioned) {
                continue;
            }
            long left = current.replicasOn(be.id);
            if (left == 0) {
                fe.mutate(c -> c.backends.removeIf(b -> b.id == be.id));
                fe.beRuntime.remove(be.id);
                fe.ctx.info("backend " + be.id + " (" + be.address() + ") is dropped after decommission");
                continue;
            }
            if (paused) {
                continue;
            }
            while (drainBudget >= 1) {
                if (!moveOneReplica(be.id)) {
                    if (stuckLogged.putIfAbsent(be.id, true) == null) {
                        fe.ctx.log(
                                "WARN",
                                "backend " + be.id + " lefts " + left
                                        + " replicas to decommission: no other backend can take them");
                    }
                    break;
                }
                drainBudget -= 1;
            }
        }
        drainBudget = Math.min(drainBudget, Math.max(1, rate));
    }

    private boolean moveOneReplica(long from) {
        return fe.mutateIf(c -> {
            for (Catalog.Tablet tablet : c.tablets) {
                if (!tablet.replicas.contains(from)) {
                    continue;
                }
                String tag = c.backends.stream()
                        .filter(be -> be.id == from)
                        .map(be -> be.tag)
                        .findFirst()
                        .orElse("default");
                // A replica stays in its tag: the partition's allocation counts replicas per tag.
                var target = c.backends.stream()
                        .filter(be -> !be.computeNode && !be.decommissioned && !tablet.replicas.contains(be.id))
                        .filter(be -> tag.equals(be.tag))
                        .filter(be -> fe.beRuntime.containsKey(be.id) && fe.beRuntime.get(be.id).alive)
                        .min(Comparator.comparingLong(be -> c.replicasOn(be.id)));
                if (target.isPresent()) {
                    tablet.replicas.set(tablet.replicas.indexOf(from), target.get().id);
                    return true;
                }
            }
            return false;
        });
    }
}
