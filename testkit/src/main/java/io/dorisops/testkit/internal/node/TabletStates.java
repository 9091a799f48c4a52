package io.dorisops.testkit.internal.node;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The health of each tablet as the master classifies it, after Doris {@code
 * Tablet.getHealthStatusWithPriority} (the order of the checks is the real one; tags, hosts, colocation
 * and compaction are not simulated). A replica is alive when its backend is alive, version-complete
 * when it failed no version and has its partition's visible version ({@link Catalog.Tablet#versionComplete}),
 * stable when also on a backend that is not decommissioning.
 */
final class TabletStates {

    /** The statuses the sandbox can reach, named as the FE names them. */
    enum Status {
        HEALTHY,
        /** No alive, version-complete replica left. */
        UNRECOVERABLE,
        /** A replica is down and every alive backend already holds one: the FE would drop the dead one. */
        FORCE_REDUNDANT,
        /** Fewer alive replicas than the replication: a backend is down. */
        REPLICA_MISSING,
        /** Alive, but some replica lacks versions: its backend missed a load; only a clone repairs it. */
        VERSION_INCOMPLETE,
        /** More replicas than the replication. */
        REDUNDANT,
        /** A replica is on a decommissioning backend and is moving away. */
        REPLICA_RELOCATING
    }

    private TabletStates() {}

    /**
     * The status of every tablet of the catalog, in the catalog's order.
     *
     * @param replicationNum the replication of a tablet whose partition the catalog does not know (an
     *     older catalog file)
     */
    static List<Status> of(Catalog catalog, Map<Long, FeNode.BeRuntime> runtimes, int replicationNum) {
        Set<Long> aliveBackends = catalog.backends.stream()
                .filter(be -> !be.computeNode && alive(runtimes, be.id))
                .map(be -> be.id)
                .collect(Collectors.toSet());
        Set<Long> available = catalog.backends.stream()
                .filter(be -> aliveBackends.contains(be.id) && !be.decommissioned)
                .map(be -> be.id)
                .collect(Collectors.toSet());
        Map<Long, Catalog.Partition> partitions = new java.util.HashMap<>();
        catalog.tables.forEach(table -> table.partitions.forEach(p -> partitions.put(p.id, p)));
        return catalog.tablets.stream()
                .map(tablet -> {
                    Catalog.Partition partition = partitions.get(tablet.partitionId);
                    return status(
                            tablet,
                            partition == null ? replicationNum : partition.replicationNum(),
                            partition == null ? 1 : partition.visibleVersion,
                            aliveBackends,
                            available);
                })
                .toList();
    }

    /** How many tablets have each status (only the statuses present). */
    static Map<Status, Long> count(List<Status> statuses) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        statuses.forEach(status -> counts.merge(status, 1L, Long::sum));
        return counts;
    }

    private static Status status(
            Catalog.Tablet tablet,
            int replicationNum,
            long visibleVersion,
            Set<Long> aliveBackends,
            Set<Long> available) {
        int alive = 0;
        int complete = 0;
        int stable = 0;
        for (long backend : tablet.replicas) {
            if (!aliveBackends.contains(backend)) {
                continue;
            }
            alive++;
            if (tablet.versionComplete(backend, visibleVersion)) {
                complete++;
                if (available.contains(backend)) {
                    stable++;
                }
            }
        }
        int replicas = tablet.replicas.size();
        if (complete == 0) {
            return Status.UNRECOVERABLE;
        }
        if (alive < replicationNum
                && replicas >= aliveBackends.size()
                && aliveBackends.size() >= replicationNum
                && replicationNum > 1) {
            return Status.FORCE_REDUNDANT;
        }
        if (alive < replicationNum) {
            return Status.REPLICA_MISSING;
        }
        if (complete < replicationNum) {
            return Status.VERSION_INCOMPLETE;
        }
        if (complete > replicationNum) {
            return Status.REDUNDANT;
        }
        if (stable < replicationNum) {
            boolean nowhereToGo =
                    tablet.replicas.containsAll(available) && available.size() >= replicationNum && replicationNum > 1;
            return nowhereToGo ? Status.FORCE_REDUNDANT : Status.REPLICA_RELOCATING;
        }
        return replicas > replicationNum ? Status.REDUNDANT : Status.HEALTHY;
    }

    private static boolean alive(Map<Long, FeNode.BeRuntime> runtimes, long backend) {
        FeNode.BeRuntime runtime = runtimes.get(backend);
        return runtime != null && runtime.alive;
    }
}
