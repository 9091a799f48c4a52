package io.dorisops.internal.engine;

import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Partition;
import io.dorisops.ReplicaFacts.Storage;
import io.dorisops.TabletPlacement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The majority rule of a rolling run, decided per tablet on the real replica facts: stopping the next
 * backends must leave every tablet they hold a replica of with a majority of its replicas alive and
 * version complete, because a load commits only on a majority of such replicas (Doris {@code
 * DatabaseTransactionMgr}: {@code successReplicaNum < loadRequiredReplicaNum} fails the commit, and
 * only a replica with {@code getLastFailedVersion() < 0} succeeds; {@code OlapTable.getLoadRequiredReplicaNum}
 * is {@code totalReplicaNum / 2 + 1}).
 *
 * <ol>
 *   <li>A replica counts when its backend is alive, is not one of those stopping, and the replica is
 *       not in {@link TabletPlacement.Tablets#incomplete()}.
 *   <li>A tablet needs {@code min(replicationNum / 2 + 1, its replicas - 1)}: a tablet with one or two
 *       replicas cannot keep a majority through the restart of one of its backends whatever the run
 *       does, so it needs every other replica complete instead; two of its backends stopping at once (a
 *       batch) always falls short.
 *   <li>A tablet short of that is <em>repairable</em> when its incomplete replicas on alive backends
 *       that keep running would make up the difference: a scheduler clone completes them. Otherwise a
 *       backend is missing, and only bringing it back helps.
 * </ol>
 *
 * A pure function of its inputs; one pass over the tablets.
 */
final class ReplicaMajority {

    /** At most this many partition names per table in a message. */
    private static final int NAMED_PARTITIONS = 3;

    private ReplicaMajority() {}

    /**
     * What stopping {@code stopping} would do.
     *
     * @param problems one sentence per table that would fall short, naming it; empty when it may stop
     * @param repairable true when every shortfall is replicas that lack versions on alive backends, so
     *     letting the tablet scheduler clone them clears it
     * @param deadBackend true when some shortfall has a replica on a backend that is dead (or that SHOW
     *     BACKENDS does not list)
     */
    record Verdict(List<String> problems, boolean repairable, boolean deadBackend) {
        Verdict {
            problems = List.copyOf(problems);
        }

        boolean clear() {
            return problems.isEmpty();
        }
    }

    /** Per table, what falls short: the numbers of the worst tablet and the backends to blame. */
    private static final class Shortfall {
        final Set<String> partitions = new LinkedHashSet<>();
        final Set<String> lagging = new LinkedHashSet<>();
        final Set<String> down = new LinkedHashSet<>();
        long tablets;
        int kept = Integer.MAX_VALUE;
        int needed;
        int replicationNum;
    }

    /**
     * The verdict for stopping the backends {@code stopping} (by {@code BackendId}) now.
     *
     * @param names how to name each backend in messages, by id (e.g. the topology node id)
     */
    static Verdict check(
            ReplicaFacts facts, TabletPlacement placement, Collection<Long> stopping, Map<Long, String> names) {
        Set<Long> leaving = Set.copyOf(stopping);
        Map<Long, Storage> backends = new HashMap<>();
        facts.backends().forEach(be -> backends.put(be.id(), be));
        Map<Long, Partition> partitions = new HashMap<>();
        facts.partitions().forEach(p -> partitions.put(p.partitionId(), p));
        Map<String, Shortfall> byTable = new LinkedHashMap<>();
        boolean repairable = true;
        for (TabletPlacement.Tablets tablets : placement.partitions()) {
            Partition partition = partitions.get(tablets.partitionId());
            if (partition == null) {
                continue; // dropped between the two reads
            }
            for (int t = 0; t < tablets.replicas().length; t++) {
                long[] replicas = tablets.replicas()[t];
                if (!touches(replicas, leaving)) {
                    continue; // stopping the backends takes nothing from this tablet
                }
                long[] incomplete = tablets.incomplete()[t];
                int complete = 0;
                int catchingUp = 0;
                for (long id : replicas) {
                    if (leaving.contains(id)) {
                        continue;
                    }
                    Storage be = backends.get(id);
                    if (be == null || !be.alive()) {
                        continue;
                    }
                    if (contains(incomplete, id)) {
                        catchingUp++;
                    } else {
                        complete++;
                    }
                }
                int needed = Math.min(partition.quorum(), replicas.length - 1);
                if (complete >= needed) {
                    continue;
                }
                repairable &= complete + catchingUp >= needed;
                Shortfall shortfall = byTable.computeIfAbsent(partition.table(), k -> new Shortfall());
                shortfall.partitions.add(partition.partition());
                shortfall.tablets++;
                if (complete < shortfall.kept) {
                    shortfall.kept = complete;
                    shortfall.needed = needed;
                    shortfall.replicationNum = partition.replicationNum();
                }
                for (long id : replicas) {
                    Storage be = backends.get(id);
                    if (leaving.contains(id)) {
                        continue;
                    }
                    if (be == null || !be.alive()) {
                        shortfall.down.add(name(id, names, be));
                    } else if (contains(incomplete, id)) {
                        shortfall.lagging.add(name(id, names, be));
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        byTable.forEach((table, s) -> problems.add(describe(table, s)));
        boolean dead = byTable.values().stream().anyMatch(shortfall -> !shortfall.down.isEmpty());
        return new Verdict(problems, repairable && !problems.isEmpty(), dead);
    }

    private static String describe(String table, Shortfall s) {
        List<String> names = new ArrayList<>(s.partitions);
        String shown = String.join(", ", names.subList(0, Math.min(NAMED_PARTITIONS, names.size())))
                + (names.size() > NAMED_PARTITIONS ? " and " + (names.size() - NAMED_PARTITIONS) + " more" : "");
        StringBuilder text = new StringBuilder()
                .append(table)
                .append(names.size() == 1 ? " partition " : " partitions ")
                .append(shown)
                .append(": ")
                .append(s.tablets)
                .append(s.tablets == 1 ? " tablet" : " tablets")
                .append(" would keep ")
                .append(s.kept)
                .append(" of ")
                .append(s.replicationNum)
                .append(" replicas alive and version complete, ")
                .append(s.needed)
                .append(" needed for loads to commit");
        if (!s.lagging.isEmpty()) {
            text.append("; lacking versions on ").append(String.join(", ", s.lagging));
        }
        if (!s.down.isEmpty()) {
            text.append("; on a dead backend ").append(String.join(", ", s.down));
        }
        return text.toString();
    }

    private static String name(long id, Map<Long, String> names, Storage be) {
        String name = names.get(id);
        if (name != null) {
            return name;
        }
        return be == null ? "backend " + id : be.address();
    }

    private static boolean touches(long[] replicas, Set<Long> leaving) {
        for (long id : replicas) {
            if (leaving.contains(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(long[] ids, long id) {
        for (long each : ids) {
            if (each == id) {
                return true;
            }
        }
        return false;
    }
}
