package io.dorisops.internal.plan;

import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Topology;
import io.dorisops.internal.context.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Refuses an operation planned from a cluster that has changed since ("what was approved is what runs"):
 *
 * <ol>
 *   <li>An operation with no {@link Operation#basis() basis} is not checked; one planned for another
 *       cluster (by name) is a change.
 *   <li>An upgrade's basis names its package: inspect it; one that can no longer be read or verified is
 *       a change.
 *   <li>Read the same facts again: an upgrade's with {@link UpgradeSnapshot#read} (without the replica
 *       placement), any other procedure's from the topology ({@link #ofTopology}); compare each with the
 *       planned value: a fact whose value differs, one that is new (a node or member
 *       added) and one that is gone (removed) are each named with both values. A version no longer read
 *       is not a change: its node is down, which the pre-flight gate {@code nodes-alive} reports.
 *   <li>Any change refuses the run before anything is locked, journaled or changed.
 * </ol>
 */
public final class PlanBasis {

    private PlanBasis() {}

    /**
     * Checks the cluster still matches what {@code operation} was planned from.
     *
     * @throws PreconditionFailedException naming every fact that changed
     */
    public static void check(Engine engine, Operation operation) {
        Map<String, String> planned = operation.basis();
        if (planned.isEmpty()) {
            return;
        }
        List<String> changes = new ArrayList<>();
        if (!operation.cluster().equals(engine.topology().name())) {
            changes.add("cluster: planned for " + operation.cluster() + ", the topology "
                    + engine.topology().source() + " is " + engine.topology().name());
        }
        Map<String, String> now = ofTopology(engine.topology());
        String packageFile = planned.get("package");
        if (packageFile != null) {
            try {
                engine.packageInfo(packageFile);
            } catch (DorisOpsException e) {
                changes.add("package " + packageFile + ": " + e.getMessage());
                throw refused(operation, changes);
            }
            now = UpgradeSnapshot.read(engine, packageFile, false).basis();
        }
        TreeSet<String> facts = new TreeSet<>(planned.keySet());
        facts.addAll(now.keySet());
        for (String fact : facts) {
            String was = planned.get(fact);
            String is = now.get(fact);
            if (was == null) {
                changes.add(fact + ": not in the plan, now " + is);
            } else if (is == null && fact.startsWith("version ")) {
                continue; // a node that reports no version now is down: pre-flight (nodes-alive) says so
            } else if (is == null) {
                changes.add(fact + ": planned with " + was + ", now gone");
            } else if (!was.equals(is)) {
                changes.add(fact + ": planned with " + was + ", now " + is);
            }
        }
        if (!changes.isEmpty()) {
            throw refused(operation, changes);
        }
    }

    /**
     * The basis of a procedure planned from the topology alone (all but an upgrade, which reads the
     * cluster: {@link UpgradeSnapshot#basis()}): {@code node <id>} to its role and host, for every node of
     * the topology, so a plan is refused once a node was added, removed or moved; the cluster's live state
     * is what the run's pre-flight gates check.
     */
    public static Map<String, String> ofTopology(Topology topology) {
        Map<String, String> basis = new TreeMap<>();
        topology.nodes()
                .forEach(node -> basis.put("node " + node.id(), node.role().key() + " on " + node.host()));
        return basis;
    }

    private static PreconditionFailedException refused(Operation operation, List<String> changes) {
        return new PreconditionFailedException(
                "the " + operation.kind().key() + " of " + operation.cluster() + " planned at "
                        + operation.createdAt() + " no longer matches the cluster, so it is not run; nothing was"
                        + " changed. Plan again (dorisops plan) and approve the new plan. What changed:",
                changes);
    }
}
