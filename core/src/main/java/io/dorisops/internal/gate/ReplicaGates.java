package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Partition;
import io.dorisops.ReplicaFacts.Storage;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.internal.HostMatch;
import io.dorisops.internal.action.Action;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The replica gates ({@code replicas-fit}, {@code capacity-fits}, {@code tablet-scheduler}, {@code
 * drop-replicas}, {@code single-replica}): the replica policy of scale-in and of dropping a backend, decided on the cluster's real replica facts
 * ({@link ReplicaFacts}: per partition its replicas per location tag, per backend its tag, tablets and
 * capacity), not on totals. The mechanics stay in {@code ClusterAdmin}; these rules only read.
 *
 * <p>The rules, each a sentence naming the table, partition, tag and numbers:
 *
 * <ol>
 *   <li><b>replicas-fit</b> (decommission): every partition keeps, in each tag of its allocation, at
 *       least as many BEs that take replicas (alive, not decommissioning, not leaving) as it has
 *       replicas there. This is the check Doris runs since apache/doris#32748 ({@code After decommission,
 *       partition ... > available backend num ... on tag ...}) and StarRocks as {@code It will cause
 *       insufficient BE number ...}; older Doris decommissions anyway and the drain never ends.
 *   <li><b>capacity-fits</b> (decommission): per tag, the data on the leaving BEs ({@code
 *       DataUsedCapacity}) fits in the free space of the remaining ones ({@code AvailCapacity}) while each
 *       stays below {@value #FULL_PERCENT}% of its {@code TotalCapacity} (the clone target limit, Doris
 *       {@code storage_flood_stage_usage_percent}); StarRocks refuses the same case as {@code insufficient
 *       disk space}.
 *   <li><b>tablet-scheduler</b> (decommission): the tablet scheduler moves the replicas, so a drain makes
 *       no progress while Doris {@code disable_tablet_scheduler = true} or StarRocks {@code
 *       tablet_sched_max_scheduling_tablets <= 0}. {@code disable_balance} does not stop it: Doris cancels
 *       only balance tasks then, and a decommission is a repair (TabletScheduler).
 *   <li><b>drop</b> (dropping a backend without decommission): refused while it is alive; while it holds
 *       replicas and some tablets are unhealthy (one may have its last healthy replica there), or some
 *       partition of its tag has a single replica, or too few other BEs of its tag remain to re-create
 *       its replicas.
 *   <li><b>single-replica</b> (an upgrade by image): no partition may have a single replica.
 * </ol>
 */
public final class ReplicaGates {

    /** A clone target stays below this share of its capacity. */
    static final int FULL_PERCENT = 90;

    /** At most this many partition names per table in a message. */
    private static final int NAMED_PARTITIONS = 5;

    private ReplicaGates() {}

    /** The config keys {@link #schedulerPaused} reads for a flavor. */
    public static List<String> schedulerKeys(Flavor flavor) {
        return flavor == Flavor.DORIS
                ? List.of("disable_tablet_scheduler")
                : List.of("tablet_sched_max_scheduling_tablets");
    }

    /** Why a drain cannot make progress under these config values, or empty. */
    public static Optional<String> schedulerPaused(Flavor flavor, Map<String, String> config) {
        if (flavor == Flavor.DORIS) {
            String value = config.getOrDefault("disable_tablet_scheduler", "false");
            return value.trim().equalsIgnoreCase("true")
                    ? Optional.of("disable_tablet_scheduler is true: the tablet scheduler moves a decommissioned BE's"
                            + " replicas and does nothing while it is off; set it back with ADMIN SET FRONTEND CONFIG"
                            + " (\"disable_tablet_scheduler\" = \"false\") (if a run paused it, resume or roll back"
                            + " that run)")
                    : Optional.empty();
        }
        String value = config.getOrDefault("tablet_sched_max_scheduling_tablets", "10000");
        try {
            return Long.parseLong(value.trim()) <= 0
                    ? Optional.of("tablet_sched_max_scheduling_tablets is " + value.trim() + ": the tablet scheduler"
                            + " takes no tablet, so a decommissioned BE's replicas do not move; set it back with ADMIN"
                            + " SET FRONTEND CONFIG (\"tablet_sched_max_scheduling_tablets\" = \"10000\")")
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Rule 1: every partition that would keep fewer takers in a tag than its replicas there. */
    public static List<String> replicasFit(ReplicaFacts facts, Collection<Storage> leaving) {
        Set<Long> gone = ids(leaving);
        Map<String, Long> leavingPerTag = leaving.stream()
                .filter(be -> be.role() == Role.BE)
                .collect(Collectors.groupingBy(Storage::tag, LinkedHashMap::new, Collectors.counting()));
        Map<String, List<Storage>> remaining = facts.backends().stream()
                .filter(Storage::takesReplicas)
                .filter(be -> !gone.contains(be.id()))
                .collect(Collectors.groupingBy(Storage::tag, LinkedHashMap::new, Collectors.toList()));
        // table + tag -> partitions short of BEs, with the numbers of the first
        Map<String, List<Partition>> lacking = new LinkedHashMap<>();
        Map<String, Integer> needed = new LinkedHashMap<>();
        for (Partition partition : facts.partitions()) {
            for (Map.Entry<String, Integer> tag : partition.allocation().entrySet()) {
                if (!leavingPerTag.containsKey(tag.getKey())) {
                    continue; // the removal takes nothing from this tag
                }
                int left = remaining.getOrDefault(tag.getKey(), List.of()).size();
                if (left < tag.getValue()) {
                    String key = partition.table() + "\u0000" + tag.getKey();
                    lacking.computeIfAbsent(key, k -> new ArrayList<>()).add(partition);
                    needed.merge(key, tag.getValue(), Math::max);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        lacking.forEach((key, partitions) -> {
            String tag = key.substring(key.indexOf('\u0000') + 1);
            Partition first = partitions.get(0);
            int left = remaining.getOrDefault(tag, List.of()).size();
            problems.add(first.table() + " " + partitionNames(partitions) + " needs " + needed.get(key)
                    + " replicas on tag " + tag + " (" + first.allocationText() + "), but only " + left + " BE"
                    + (left == 1 ? "" : "s") + " of tag " + tag + " would remain to hold them; add a BE with tag "
                    + tag + " first, or lower the table's replication (ALTER TABLE " + quoted(first.table())
                    + " MODIFY PARTITION ...)");
        });
        return problems;
    }

    /** Rule 2: per tag, the leaving data against the room the remaining BEs have. */
    public static List<String> capacityFits(ReplicaFacts facts, Collection<Storage> leaving) {
        Set<Long> gone = ids(leaving);
        Map<String, Long> moved = new LinkedHashMap<>();
        leaving.stream()
                .filter(be -> be.role() == Role.BE)
                .forEach(be -> moved.merge(be.tag(), be.dataUsedBytes(), Long::sum));
        List<String> problems = new ArrayList<>();
        moved.forEach((tag, bytes) -> {
            List<Storage> takers = facts.backends().stream()
                    .filter(Storage::takesReplicas)
                    .filter(be -> !gone.contains(be.id()) && be.tag().equals(tag))
                    .toList();
            long room = takers.stream().mapToLong(ReplicaGates::room).sum();
            if (bytes > room) {
                problems.add("tag " + tag + ": the leaving BEs hold " + size(bytes) + ", but the " + takers.size()
                        + " remaining BE" + (takers.size() == 1 ? "" : "s") + " of that tag can take only " + size(room)
                        + " before " + FULL_PERCENT + "% full (AvailCapacity less " + (100 - FULL_PERCENT)
                        + "% of TotalCapacity); add disks or BEs with tag " + tag + " first");
            }
        });
        return problems;
    }

    /** Rule 4: why dropping {@code target} without a decommission could lose data; empty when safe. */
    public static List<String> drop(Storage target, ReplicaFacts facts, TabletHealth health) {
        List<String> problems = new ArrayList<>();
        String name = "backend " + target.address() + " (id " + target.id() + ")";
        if (target.alive()) {
            problems.add(name + " is alive; decommission it and wait until it leaves, or stop it first");
        }
        if (target.tabletNum() == 0) {
            return problems;
        }
        String holds = name + " holds " + target.tabletNum() + " replicas";
        if (health.unhealthy() > 0) {
            problems.add(holds + " and " + health.summary() + ": one of them may have its last healthy replica there");
        }
        List<Partition> single = facts.partitions().stream()
                .filter(p -> p.allocation().getOrDefault(target.tag(), 0) == 1 && p.replicationNum() == 1)
                .toList();
        if (!single.isEmpty()) {
            problems.add(
                    holds + " and single-replica partitions may have their only copy there: " + describeTables(single));
        }
        Storage gone = new Storage(
                target.id(),
                target.host(),
                target.heartbeatPort(),
                target.role(),
                false,
                true,
                target.tag(),
                target.tabletNum(),
                target.dataUsedBytes(),
                target.availBytes(),
                target.totalBytes());
        for (String problem : replicasFit(facts, List.of(gone))) {
            problems.add(holds + ": its replicas cannot be re-created elsewhere: " + problem);
        }
        return problems;
    }

    /**
     * The gate {@code drop-replicas} (rule 4) on the master's view now, before a backend is dropped by
     * the flavor's forced statement: passes when the backend is no member (the drop itself says so).
     *
     * @param cluster the cluster's name, first in the message
     * @throws PreconditionFailedException naming every reason, with nothing sent
     */
    public static void requireDroppable(
            ClusterAdmin admin, String cluster, Flavor flavor, String host, int heartbeatPort) {
        Optional<Backend> target = admin.backends().stream()
                .filter(be -> be.heartbeatPort() == heartbeatPort && HostMatch.same(be.host(), host))
                .findFirst();
        if (target.isEmpty()) {
            return;
        }
        String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + heartbeatPort;
        ReplicaFacts facts = admin.replicaFacts();
        Storage storage = facts.backends().stream()
                .filter(be -> be.id() == target.get().id())
                .findFirst()
                .orElseThrow(() -> new DorisOpsException(
                        cluster + ": backend " + address + " left SHOW BACKENDS while it was read"));
        List<String> problems = drop(storage, facts, admin.tabletHealth());
        if (!problems.isEmpty()) {
            String statement = flavor == Flavor.DORIS
                    ? "ALTER SYSTEM DROPP BACKEND \"" + address + "\""
                    : "ALTER SYSTEM DROP BACKEND \"" + address + "\" FORCE";
            throw new PreconditionFailedException(
                    cluster + ": refused to drop backend " + address + "; nothing was sent. "
                            + "Decommission it and wait until it leaves, or drop it with force to discard"
                            + " its replicas (" + statement + "):",
                    problems);
        }
    }

    /**
     * The gate {@code drop-replicas}' check before an action: before an unforced drop of a BE that still
     * holds replicas (a drained BE holds none, and the master may not have seen its stop yet), {@link
     * #requireDroppable}; any other action passes.
     */
    static void beforeDrop(GateContext run, Action action, Node node) {
        if (action instanceof Action.DropBackend drop && !drop.force() && node.role() == Role.BE) {
            ClusterAdmin admin = run.admin();
            boolean holds = admin.backends().stream().anyMatch(be -> be.matches(node) && be.tabletNum() > 0);
            if (holds) {
                requireDroppable(
                        admin,
                        run.cluster(),
                        run.flavor(),
                        node.host(),
                        node.ports().heartbeatPort());
            }
        }
    }

    /** What a BE can still take: its free space less the reserve below {@value #FULL_PERCENT}%. */
    static long room(Storage be) {
        long reserve = be.totalBytes() / 100 * (100 - FULL_PERCENT);
        return Math.max(0, be.availBytes() - reserve);
    }

    /** Bytes as the FE prints them: {@code 1.875 GB}. */
    public static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.3f %s", value, units[unit]);
    }

    /**
     * <b>single-replica</b> (an upgrade by image, where compatibility cannot be tried first): the
     * partitions holding a single replica, named; empty when every partition has two or more.
     */
    public static Optional<String> singleReplica(ReplicaFacts facts) {
        List<Partition> single =
                facts.partitions().stream().filter(p -> p.replicationNum() < 2).toList();
        if (single.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(describeTables(single) + (single.size() == 1 ? " has" : " have")
                + " a single replica; a BE that does not come back loses it. Raise its replication_num first"
                + " (ALTER TABLE ... MODIFY PARTITION ... SET (\"replication_num\" = \"3\")), or force single-replica");
    }

    /**
     * {@code db.tbl} back-quoted for suggested SQL: {@code `db`.`tbl`} (a backquote in a name doubled), so
     * a name that is not a plain identifier (a Doris 2.0 {@code default_cluster:db}, a hyphen) stays
     * valid SQL to paste.
     */
    static String quoted(String table) {
        int dot = table.indexOf('.');
        String db = dot < 0 ? "" : table.substring(0, dot);
        String name = table.substring(dot + 1);
        return (db.isEmpty() ? "" : "`" + db.replace("`", "``") + "`.") + "`" + name.replace("`", "``") + "`";
    }

    private static Set<Long> ids(Collection<Storage> backends) {
        return backends.stream().map(Storage::id).collect(Collectors.toSet());
    }

    private static String partitionNames(List<Partition> partitions) {
        List<String> names = partitions.stream().map(Partition::partition).toList();
        String shown = String.join(", ", names.subList(0, Math.min(NAMED_PARTITIONS, names.size())));
        String more = names.size() > NAMED_PARTITIONS ? " and " + (names.size() - NAMED_PARTITIONS) + " more" : "";
        return (names.size() == 1 ? "partition " : "partitions ") + shown + more;
    }

    private static String describeTables(List<Partition> partitions) {
        Map<String, List<Partition>> byTable = partitions.stream()
                .collect(Collectors.groupingBy(Partition::table, LinkedHashMap::new, Collectors.toList()));
        List<String> parts = new ArrayList<>();
        byTable.forEach((table, list) -> parts.add(table + " " + partitionNames(list)));
        return String.join("; ", parts);
    }
}
