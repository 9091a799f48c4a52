package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletPlacement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tablets under continuous loads for the {@link FakeCluster}, modelled on the real FE (Doris {@code
 * DatabaseTransactionMgr}, {@code Tablet.getHealthStatusWithPriority}, {@code TabletScheduler}): every
 * tick is a load into every tablet; it commits when each tablet has a majority of replicas on running
 * BEs that are version complete, and the partition's visible version moves on; a replica on a stopped BE
 * misses it ({@code LstFailedVersion}); a replica that missed a version stays incomplete until a
 * scheduler clone, which runs only while {@code disable_tablet_scheduler} is false and takes {@link
 * #repairTicks} ticks. One table {@code db1.orders} with one partition.
 */
final class BusyTablets {

    /** One replica: its version and last failed version as {@code SHOW PROC '.../<indexId>'} prints them. */
    private static final class Replica {
        final String nodeId;
        long version;
        long lastFailed = -1;
        int waited;

        Replica(String nodeId, long version) {
            this.nodeId = nodeId;
            this.version = version;
        }
    }

    private final FakeCluster cluster;
    private final List<List<Replica>> tablets = new ArrayList<>();
    private final int replicationNum;
    long visible = 2;
    int committed;
    int failed;
    /** Ticks a clone takes once the scheduler runs. */
    int repairTicks = 3;
    /** The fewest complete replicas on running BEs any tablet had at a load: a majority means every load commits. */
    int fewestComplete = Integer.MAX_VALUE;

    /** Running nodes whose replicas fail every load (as with {@code disable_load} or a broken BE). */
    final java.util.Set<String> failingWrites = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Backends that hold replicas but are not in the topology (always up), in first-seen order. */
    private final List<String> outside = new ArrayList<>();

    /**
     * Tablets with replicas on the nodes named, {@code replicationNum} each; a name that is not a
     * topology node is a BE outside the topology that is always up.
     */
    BusyTablets(FakeCluster cluster, int replicationNum, List<List<String>> placement) {
        this.cluster = cluster;
        this.replicationNum = replicationNum;
        for (List<String> nodes : placement) {
            List<Replica> replicas = new ArrayList<>();
            nodes.forEach(id -> {
                replicas.add(new Replica(id, visible));
                if (cluster.get(id) == null && !outside.contains(id)) {
                    outside.add(id);
                }
            });
            tablets.add(replicas);
        }
    }

    /** {@code tabletCount} tablets with a replica on each of be-1, be-2 and be-3. */
    static BusyTablets onEveryBackend(FakeCluster cluster, int tabletCount) {
        List<List<String>> placement = new ArrayList<>();
        for (int t = 0; t < tabletCount; t++) {
            placement.add(List.of("be-1", "be-2", "be-3"));
        }
        return new BusyTablets(cluster, 3, placement);
    }

    private boolean running(String nodeId) {
        FakeCluster.FakeNode node = cluster.get(nodeId);
        return node == null || node.running;
    }

    private boolean writes(String nodeId) {
        return running(nodeId) && !failingWrites.contains(nodeId);
    }

    private boolean complete(Replica r) {
        return r.lastFailed <= 0 && r.version >= visible;
    }

    /** Loads so far (committed or not). */
    int ticks;
    /** Runs before each load, e.g. to kill a node a few loads into a soak. */
    Runnable beforeTick = () -> {};

    /** Runs {@code action} before the {@code n}-th load from now. */
    synchronized void inLoads(int n, Runnable action) {
        int at = ticks + n;
        beforeTick = () -> {
            if (ticks == at) {
                action.run();
            }
        };
    }

    /** One load into every tablet, then one round of the scheduler. */
    synchronized void tick() {
        ticks++;
        beforeTick.run();
        boolean commits = true;
        for (List<Replica> replicas : tablets) {
            int ok = (int) replicas.stream()
                    .filter(r -> writes(r.nodeId) && complete(r))
                    .count();
            fewestComplete = Math.min(fewestComplete, ok);
            commits &= ok >= replicationNum / 2 + 1;
        }
        if (commits) {
            visible++;
            committed++;
            for (List<Replica> replicas : tablets) {
                for (Replica r : replicas) {
                    if (writes(r.nodeId) && r.lastFailed <= 0 && r.version == visible - 1) {
                        r.version = visible; // published
                    } else if (!writes(r.nodeId) || r.lastFailed <= 0) {
                        r.lastFailed = visible; // missed it, or wrote it over a gap
                    }
                }
            }
        } else {
            failed++;
        }
        if (!"false".equals(cluster.config.get("disable_tablet_scheduler"))) {
            return; // repair only through the scheduler, which is paused
        }
        for (List<Replica> replicas : tablets) {
            for (Replica r : replicas) {
                if (running(r.nodeId) && !complete(r) && ++r.waited >= repairTicks) {
                    r.version = visible;
                    r.lastFailed = -1;
                    r.waited = 0;
                    cluster.log.add("cloned " + r.nodeId);
                }
            }
        }
    }

    /** Tablets with a replica that is not complete on a running BE. */
    synchronized long unhealthy() {
        return tablets.stream()
                .filter(replicas -> replicas.stream().anyMatch(r -> !running(r.nodeId) || !complete(r)))
                .count();
    }

    synchronized int tabletCount() {
        return tablets.size();
    }

    synchronized ReplicaFacts facts() {
        List<ReplicaFacts.Storage> storage = new ArrayList<>();
        for (Node be : cluster.topology.nodes(Role.BE)) {
            storage.add(new ReplicaFacts.Storage(
                    cluster.backendId(be.id()),
                    be.host(),
                    be.ports().heartbeatPort(),
                    Role.BE,
                    running(be.id()),
                    false,
                    ReplicaFacts.DEFAULT_TAG,
                    tablets.size(),
                    0,
                    1L << 30,
                    2L << 30));
        }
        for (int i = 0; i < outside.size(); i++) {
            storage.add(new ReplicaFacts.Storage(
                    cluster.backendId(outside.get(i)),
                    "10.0.9." + (i + 1),
                    9050,
                    Role.BE,
                    true,
                    false,
                    ReplicaFacts.DEFAULT_TAG,
                    tablets.size(),
                    0,
                    1L << 30,
                    2L << 30));
        }
        ReplicaFacts.Partition partition = new ReplicaFacts.Partition(
                11001,
                12001,
                13001,
                "db1.orders",
                "orders",
                replicationNum,
                Map.of(ReplicaFacts.DEFAULT_TAG, replicationNum),
                tablets.size(),
                0,
                visible);
        return new ReplicaFacts(1, storage, List.of(partition), Instant.now());
    }

    synchronized TabletPlacement placement() {
        long[][] ids = new long[tablets.size()][];
        long[][] incomplete = new long[tablets.size()][];
        for (int t = 0; t < tablets.size(); t++) {
            List<Replica> replicas = tablets.get(t);
            ids[t] = replicas.stream()
                    .mapToLong(r -> cluster.backendId(r.nodeId))
                    .toArray();
            incomplete[t] = replicas.stream()
                    .filter(r -> !complete(r))
                    .mapToLong(r -> cluster.backendId(r.nodeId))
                    .toArray();
        }
        return new TabletPlacement(List.of(new TabletPlacement.Tablets(13001, ids, incomplete)), Instant.now());
    }
}
