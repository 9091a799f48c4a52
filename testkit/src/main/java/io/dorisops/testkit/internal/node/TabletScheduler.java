package io.dorisops.testkit.internal.node;

import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.node.FeNode.BeRuntime;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The master FE's tablet scheduler, run on each 100 ms tick, each duty at the sandbox's rate (a
 * budget that grows per tick):
 *
 * <ol>
 *   <li>Decommission drain: replicas move off decommissioned backends to the alive backend of the same
 *       tag holding the fewest; an emptied backend is dropped. Paused by the scheduler switch and the
 *       fault {@code stall-drain}.
 *   <li>Clone repair, at the clone rate: a tablet short of replicas (after a forced drop) gets one, and a
 *       version-incomplete replica on an alive backend is cloned up to its partition's visible version
 *       from a complete one (Doris {@code TabletScheduler}: {@code case REPLICA_MISSING} and {@code case
 *       VERSION_INCOMPLETE: ... handleReplicaVersionIncomplete}). Nothing else repairs a replica.
 * </ol>
 *
 * <p>Every duty stops while the scheduler is paused (Doris {@code disable_tablet_scheduler = true}:
 * {@code schedulePendingTablets} throws "tablet scheduler is disabled"; StarRocks {@code
 * tablet_sched_max_scheduling_tablets <= 0}); {@code disable_balance} stops only balancing, which the
 * sandbox does not simulate.
 */
final class TabletScheduler {
    private final FeNode fe;
    private double drainBudget;
    private double cloneBudget;
    private final Map<Long, Boolean> stuckLogged = new ConcurrentHashMap<>();
    private boolean stallLogged;

    TabletScheduler(FeNode fe) {
        this.fe = fe;
    }

    /** One tick of the master's duties, on a snapshot of the catalog. */
    void tick(Catalog current) {
        drainDecommissioned(current);
        if (fe.configs.schedulerPaused()) {
            return;
        }
        double rate = fe.ctx.spec().cloneRate();
        cloneBudget = Math.min(cloneBudget + rate / 10.0, Math.max(1, rate));
        while (cloneBudget >= 1 && (addMissingReplica() || cloneMissingVersions())) {
            cloneBudget -= 1;
        }
    }

    /**
     * A tablet with fewer replicas than its partition's replication gets one on the alive backend of the
     * same tag holding the fewest, cloned at the partition's visible version.
     */
    private boolean addMissingReplica() {
        return fe.mutateIf(c -> {
            for (Catalog.Tablet tablet : c.tablets) {
                Catalog.Partition partition = c.partition(tablet.partitionId).orElse(null);
                int replication = partition == null ? fe.ctx.spec().replicationNum() : partition.replicationNum();
                if (tablet.replicas.size() >= replication || !hasSource(tablet, partition)) {
                    continue;
                }
                var target = c.backends.stream()
                        .filter(be -> !be.computeNode && !be.decommissioned && !tablet.replicas.contains(be.id))
                        .filter(be -> partition == null || partition.allocation.containsKey(be.tag))
                        .filter(be -> alive(be.id))
                        .min(Comparator.comparingLong(be -> c.replicasOn(be.id)));
                if (target.isPresent()) {
                    tablet.replicas.add(target.get().id);
                    tablet.versions.remove(target.get().id);
                    fe.ctx.info("clone task finished: tablet " + tablet.id + " has a new replica on backend "
                            + target.get().id);
                    return true;
                }
            }
            return false;
        });
    }

    /** One version-incomplete replica on an alive backend is cloned up to its partition's visible version. */
    private boolean cloneMissingVersions() {
        return fe.mutateIf(c -> {
            for (Catalog.Tablet tablet : c.tablets) {
                Catalog.Partition partition = c.partition(tablet.partitionId).orElse(null);
                if (partition == null || !hasSource(tablet, partition)) {
                    continue;
                }
                for (long backend : tablet.replicas) {
                    if (alive(backend) && !tablet.versionComplete(backend, partition.visibleVersion)) {
                        // A clone copies the source's rowsets: the replica then has every version.
                        tablet.versions.put(backend, Catalog.Versions.complete(partition.visibleVersion));
                        fe.ctx.info("clone task finished: tablet " + tablet.id + " on backend " + backend
                                + " is at version " + partition.visibleVersion);
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /** A clone needs a source: a version-complete replica on an alive backend. */
    private boolean hasSource(Catalog.Tablet tablet, Catalog.Partition partition) {
        long visible = partition == null ? 1 : partition.visibleVersion;
        return tablet.replicas.stream().anyMatch(be -> alive(be) && tablet.versionComplete(be, visible));
    }

    private boolean alive(long backend) {
        BeRuntime runtime = fe.beRuntime.get(backend);
        return runtime != null && runtime.alive;
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
                    // The moved replica is a clone of a complete one.
                    tablet.versions.remove(from);
                    tablet.versions.remove(target.get().id);
                    return true;
                }
            }
            return false;
        });
    }
}
