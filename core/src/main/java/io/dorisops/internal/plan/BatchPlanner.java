package io.dorisops.internal.plan;

import static java.util.Objects.requireNonNull;

import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletPlacement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the replica-aware batches of a parallel restart from the cluster's real placement: which BEs
 * may restart at once because no two of them hold a replica of the same tablet. A pure function of its
 * inputs (the facts, the placement, the cap), so it is tested and benchmarked on in-memory facts.
 *
 * <ol>
 *   <li>A BE the master does not list, or that holds a tablet of a partition with fewer than three
 *       replicas (or a tablet listing fewer than three), restarts alone, and the reason names the table:
 *       with two replicas or one, a second replica down (or the only one) loses the majority a load
 *       needs.
 *   <li>When a partition's placement was not read, every BE restarts alone: sharing is unknown.
 *   <li>Two BEs conflict when some tablet has a replica on each (a bit matrix, one pass over the tablets).
 *   <li>Tag shortcut: when every partition's allocation is one replica per location tag ({@code
 *       tag.location.zone1: 1, ...}) and no two BEs of one tag conflict, one batch per tag.
 *   <li>Otherwise greedy colouring, BEs in decreasing number of conflicts: each BE joins the first batch
 *       holding none it conflicts with and fewer than the cap, else opens a new one.
 *   <li>Every batch is cut to the cap ({@code maxParallel}); its members keep the rolling order; the
 *       BEs that restart alone follow the batches.
 *   <li>CNs hold no replicas: batches of up to the cap, in rolling order.
 * </ol>
 */
final class BatchPlanner {

    private BatchPlanner() {}

    /**
     * A node to batch.
     *
     * @param nodeId the topology node
     * @param role BE or CN
     * @param backendId its {@code BackendId}, or -1 when the master does not list it
     * @param tag its location tag
     */
    record Member(String nodeId, Role role, long backendId, String tag) {
        Member {
            requireNonNull(nodeId, "nodeId");
            requireNonNull(role, "role");
            requireNonNull(tag, "tag");
        }
    }

    /**
     * Nodes that restart together (one node: alone).
     *
     * @param nodeIds in rolling order
     * @param why the rule, a sentence
     * @param forced true for a BE the rules make restart alone (the plan notes why)
     */
    record Batch(List<String> nodeIds, String why, boolean forced) {
        Batch(List<String> nodeIds, String why) {
            this(nodeIds, why, false);
        }

        Batch {
            nodeIds = List.copyOf(nodeIds);
            requireNonNull(why, "why");
        }
    }

    /**
     * The batches of {@code members} (in rolling order), each at most {@code maxParallel} nodes.
     *
     * @param partitions every partition, as {@link ReplicaFacts#partitions()}
     * @param placement the replicas of their tablets
     */
    static List<Batch> plan(
            List<Member> members, List<ReplicaFacts.Partition> partitions, TabletPlacement placement, int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be 1 or more, was " + maxParallel);
        }
        List<Member> backends =
                members.stream().filter(m -> m.role() == Role.BE).toList();
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < backends.size(); i++) {
            if (backends.get(i).backendId() >= 0) {
                index.put(backends.get(i).backendId(), i);
            }
        }
        String[] alone = new String[backends.size()];
        for (int i = 0; i < backends.size(); i++) {
            if (backends.get(i).backendId() < 0) {
                alone[i] = "the master does not list it in SHOW BACKENDS, so its replicas are unknown";
            }
        }
        Map<Long, ReplicaFacts.Partition> byId = new HashMap<>();
        partitions.forEach(p -> byId.put(p.partitionId(), p));
        Map<Long, TabletPlacement.Tablets> read = new HashMap<>();
        placement.partitions().forEach(t -> read.put(t.partitionId(), t));
        for (ReplicaFacts.Partition partition : partitions) {
            if (!read.containsKey(partition.partitionId()) && partition.buckets() > 0) {
                String why = "the placement of " + partition.describe() + " was not read";
                java.util.Arrays.fill(alone, why);
                break;
            }
        }
        int words = (backends.size() + 63) / 64;
        long[][] conflicts = new long[backends.size()][words];
        int[] at = new int[8];
        for (TabletPlacement.Tablets tablets : placement.partitions()) {
            ReplicaFacts.Partition partition = byId.get(tablets.partitionId());
            int replication = partition == null ? Integer.MAX_VALUE : partition.replicationNum();
            for (long[] replicas : tablets.replicas()) {
                if (at.length < replicas.length) {
                    at = new int[replicas.length];
                }
                int n = 0;
                for (long backend : replicas) {
                    Integer i = index.get(backend);
                    if (i != null) {
                        at[n++] = i;
                    }
                }
                int copies = Math.min(replication, replicas.length);
                if (copies < 3) {
                    String why = "restarts alone: "
                            + (partition == null ? "a tablet" : partition.describe()) + " has " + copies
                            + (copies == 1 ? " replica" : " replicas") + "; a second one down loses the majority";
                    for (int k = 0; k < n; k++) {
                        if (alone[at[k]] == null) {
                            alone[at[k]] = why;
                        }
                    }
                }
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        conflicts[at[a]][at[b] >>> 6] |= 1L << at[b];
                        conflicts[at[b]][at[a] >>> 6] |= 1L << at[a];
                    }
                }
            }
        }
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            if (alone[i] == null) {
                free.add(i);
            }
        }
        List<Batch> batches = new ArrayList<>();
        List<List<Integer>> groups = byTag(backends, free, partitions, conflicts);
        String why;
        if (groups != null) {
            why = "one replica of every tablet per location tag: tag.location.";
            for (List<Integer> group : groups) {
                cut(
                        batches,
                        names(backends, group),
                        maxParallel,
                        why + backends.get(group.get(0)).tag());
            }
        } else {
            why = "no two of these BEs hold a replica of the same tablet";
            for (List<Integer> group : colour(free, conflicts, maxParallel)) {
                batches.add(new Batch(names(backends, group), why));
            }
        }
        for (int i = 0; i < backends.size(); i++) {
            if (alone[i] != null) {
                batches.add(new Batch(List.of(backends.get(i).nodeId()), alone[i], true));
            }
        }
        List<String> computeNodes = members.stream()
                .filter(m -> m.role() == Role.CN)
                .map(Member::nodeId)
                .toList();
        cut(batches, computeNodes, maxParallel, "CNs hold no replicas");
        return batches;
    }

    /** One group per tag in first-seen order, or null when the tag shortcut does not hold. */
    private static List<List<Integer>> byTag(
            List<Member> backends, List<Integer> free, List<ReplicaFacts.Partition> partitions, long[][] conflicts) {
        if (partitions.isEmpty()
                || !partitions.stream()
                        .allMatch(p -> p.allocation().size() >= 3
                                && p.allocation().values().stream().allMatch(n -> n == 1))) {
            return null;
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : free) {
            groups.computeIfAbsent(backends.get(i).tag(), tag -> new ArrayList<>())
                    .add(i);
        }
        for (List<Integer> group : groups.values()) {
            for (int a : group) {
                for (int b : group) {
                    if ((conflicts[a][b >>> 6] & (1L << b)) != 0) {
                        return null; // a tablet with two replicas in one tag: colour instead
                    }
                }
            }
        }
        return new ArrayList<>(groups.values());
    }

    /** Greedy colouring, most conflicted first; each class in rolling order. */
    private static List<List<Integer>> colour(List<Integer> free, long[][] conflicts, int cap) {
        List<Integer> order = new ArrayList<>(free);
        int[] degree = new int[conflicts.length];
        for (int i : free) {
            for (long word : conflicts[i]) {
                degree[i] += Long.bitCount(word);
            }
        }
        order.sort(Comparator.comparingInt((Integer i) -> -degree[i]).thenComparingInt(i -> i));
        List<List<Integer>> classes = new ArrayList<>();
        List<long[]> masks = new ArrayList<>();
        for (int i : order) {
            int chosen = -1;
            for (int c = 0; c < classes.size() && chosen < 0; c++) {
                if (classes.get(c).size() < cap && disjoint(conflicts[i], masks.get(c))) {
                    chosen = c;
                }
            }
            if (chosen < 0) {
                classes.add(new ArrayList<>());
                masks.add(new long[conflicts[i].length]);
                chosen = classes.size() - 1;
            }
            classes.get(chosen).add(i);
            masks.get(chosen)[i >>> 6] |= 1L << i;
        }
        classes.forEach(java.util.Collections::sort);
        classes.sort(Comparator.comparingInt(c -> c.get(0)));
        return classes;
    }

    private static boolean disjoint(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            if ((a[w] & b[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void cut(List<Batch> batches, List<String> nodes, int cap, String why) {
        for (int from = 0; from < nodes.size(); from += cap) {
            batches.add(new Batch(nodes.subList(from, (int) Math.min(nodes.size(), (long) from + cap)), why));
        }
    }

    private static List<String> names(List<Member> backends, List<Integer> indexes) {
        return indexes.stream().map(i -> backends.get(i).nodeId()).toList();
    }
}
