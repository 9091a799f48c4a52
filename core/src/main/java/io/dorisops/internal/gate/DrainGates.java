package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Partition;
import io.dorisops.ReplicaFacts.Storage;
import io.dorisops.TabletHealth;
import io.dorisops.TabletPlacement;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The drain's pre-flight gate {@code single-replica} ({@code docs/drain.md}): a BE that a rolling run
 * drains and stops must not hold the only readable, version-complete replica of a tablet, or every query
 * reading that tablet fails while it is down however well it was drained (single-replica tables, or
 * tablets whose other replicas lack versions). Decided on the tablet placement ({@link
 * TabletPlacement}: per tablet its replicas and the incomplete ones); an admin that does not read it
 * falls back to the partitions with one replica ({@link ReplicaFacts}), then to the totals ({@link
 * TabletHealth}: fewer replicas than twice the tablets).
 */
public final class DrainGates {

    /** At most this many tables named per BE. */
    private static final int NAMED = 5;

    private DrainGates() {}

    /** The failures of {@code single-replica} for the BEs {@code drained}, each naming the BE and the tables. */
    public static List<String> singleReplica(ClusterAdmin admin, Collection<Node> drained) {
        if (drained.isEmpty()) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        try {
            ReplicaFacts facts = admin.replicaFacts();
            TabletPlacement placement;
            try {
                placement = admin.tabletPlacement(facts);
            } catch (UnsupportedOperationException e) {
                ReplicaGates.singleReplica(facts).ifPresent(why -> failures.add("single-replica: " + why));
                return failures;
            }
            for (Node node : drained) {
                facts.backends().stream()
                        .filter(be -> be.matches(node))
                        .findFirst()
                        .flatMap(be -> onlyReplicas(facts, placement, be))
                        .ifPresent(tables -> failures.add("single-replica: " + node.label()
                                + " holds the only readable, version-complete replica of tablets of " + tables
                                + "; queries reading them fail while it is stopped, drained or not. Raise"
                                + " replication_num (or let the scheduler repair the other replicas) first, or"
                                + " force single-replica"));
            }
        } catch (UnsupportedOperationException e) {
            TabletHealth tablets = admin.tabletHealth();
            if (tablets.tablets() > 0 && tablets.replicas() < 2 * tablets.tablets()) {
                failures.add("single-replica: " + tablets.replicas() + " replicas for " + tablets.tablets()
                        + " tablets, so some tablet has one replica and a drained BE may hold it. Raise"
                        + " replication_num first, or force single-replica");
            }
        } catch (DorisOpsException e) {
            failures.add("single-replica: " + e.getMessage());
        }
        return failures;
    }

    /** The tables (with their tablet counts) whose only complete replica is on {@code be}; empty when none. */
    private static Optional<String> onlyReplicas(ReplicaFacts facts, TabletPlacement placement, Storage be) {
        Map<Long, Partition> partitions =
                facts.partitions().stream().collect(Collectors.toMap(Partition::partitionId, Function.identity()));
        Map<String, Integer> byTable = new LinkedHashMap<>();
        for (TabletPlacement.Tablets tablets : placement.partitions()) {
            for (int t = 0; t < tablets.replicas().length; t++) {
                long[] incomplete = tablets.incomplete()[t];
                long[] complete = Arrays.stream(tablets.replicas()[t])
                        .filter(id -> Arrays.stream(incomplete).noneMatch(bad -> bad == id))
                        .toArray();
                if (complete.length == 1 && complete[0] == be.id()) {
                    Partition partition = partitions.get(tablets.partitionId());
                    byTable.merge(
                            partition == null ? "partition " + tablets.partitionId() : partition.table(),
                            1,
                            Integer::sum);
                }
            }
        }
        if (byTable.isEmpty()) {
            return Optional.empty();
        }
        List<String> named = byTable.entrySet().stream()
                .limit(NAMED)
                .map(e -> e.getKey() + " (" + e.getValue() + " tablet" + (e.getValue() == 1 ? "" : "s") + ")")
                .toList();
        return Optional.of(String.join(", ", named)
                + (byTable.size() > NAMED ? " and " + (byTable.size() - NAMED) + " more tables" : ""));
    }
}
