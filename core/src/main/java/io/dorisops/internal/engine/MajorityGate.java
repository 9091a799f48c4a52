package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Storage;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.TabletPlacement;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.gate.ReplicaGates;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node gate {@code no-unhealthy-tablets} of a rolling run: the next node (with the rest of its
 * batch) may stop when no tablet would fall below a majority of alive, version-complete replicas
 * ({@link ReplicaMajority}), not only when every tablet is healthy, so a cluster that takes loads can be
 * rolled: a restarted backend's replicas may lack versions while the scheduler is paused, as long as
 * the others hold a majority.
 *
 * <ol>
 *   <li>Tablet health first ({@code tabletHealth()}, one statement): a replica in the error state
 *       waits; a frontend or compute node stops no replica and passes; one backend passes at once when
 *       nothing is unhealthy (every tablet keeps all its other replicas). A batch of backends always
 *       reads on: two of them may hold replicas of one tablet.
 *   <li>Otherwise the replica facts and placement with each replica's completeness; when the admin does
 *       not read them, the old rule: wait for zero unhealthy tablets.
 *   <li>Clear: pass, and pause the scheduler again if the {@link RepairWindow} opened it. Short, but only
 *       of replicas lacking versions while every backend is alive: open the window, so the scheduler
 *       clones them, and wait. Short of a dead backend's replicas: wait, naming the tables and the
 *       backends.
 * </ol>
 */
final class MajorityGate {

    private final Engine engine;
    private final RepairWindow repair;

    MajorityGate(Engine engine, RepairWindow repair) {
        this.engine = engine;
        this.repair = repair;
    }

    /** Why {@code next} (with {@code together}) may not stop yet, or empty. */
    Optional<String> check(ClusterAdmin admin, Node next, Collection<Node> together) {
        TabletHealth health = admin.tabletHealth();
        if (health.errorState() > 0) {
            return Optional.of(health.summary());
        }
        List<Node> stopping = new ArrayList<>();
        stopping.add(next);
        together.stream().filter(node -> !node.equals(next)).forEach(stopping::add);
        stopping.removeIf(node -> node.role() != Role.BE);
        // Healthy, one backend leaves every tablet all its other replicas; a batch needs the placement.
        if (stopping.isEmpty() || (health.unhealthy() == 0 && stopping.size() == 1)) {
            repair.close();
            return Optional.empty();
        }
        ReplicaFacts facts;
        TabletPlacement placement;
        try {
            facts = admin.replicaFacts();
            placement = admin.tabletPlacement(facts);
        } catch (UnsupportedOperationException e) {
            // No per-replica facts: every tablet healthy again (a batch was planned on the placement).
            return health.unhealthy() == 0 ? Optional.empty() : Optional.of(health.summary());
        }
        Map<Long, String> names = new HashMap<>();
        for (Node be : engine.topology().nodes(Role.BE)) {
            facts.backend(be).ifPresent(row -> names.put(row.id(), be.id()));
        }
        List<Long> ids = new ArrayList<>();
        for (Node node : stopping) {
            facts.backend(node).map(Storage::id).ifPresent(ids::add);
        }
        ReplicaMajority.Verdict verdict = ReplicaMajority.check(facts, placement, ids, names);
        if (verdict.clear()) {
            repair.close();
            return Optional.empty();
        }
        String problems = (stopping.size() == 1 ? "stopping " : "stopping together ")
                + String.join(", ", stopping.stream().map(Node::id).toList()) + ": "
                + String.join("; ", verdict.problems());
        boolean everyBackendUp =
                facts.backends().stream().filter(be -> be.role() == Role.BE).allMatch(Storage::alive);
        if (verdict.repairable() && everyBackendUp && repair.open(problems)) {
            return Optional.of(
                    "waiting for the tablet scheduler to clone the versions these replicas lack: " + problems);
        }
        repair.close();
        if (!verdict.repairable()) {
            return Optional.of(problems
                    + (!verdict.deadBackend()
                            ? "; these backends hold too many replicas of one tablet to stop together: restart"
                                    + " them one at a time"
                            : "; start the dead backends named, or wait until the tablets are repaired"));
        }
        return Optional.of(problems
                + (everyBackendUp
                        ? "; only the tablet scheduler clones missing versions, and it was off before this run:"
                                + " turn it on ("
                                + ReplicaGates.schedulerKeys(engine.topology().flavor())
                                        .get(0)
                                + ") or repair the tablets by hand"
                        : "; the scheduler is let run only while every backend is up (else it re-creates a"
                                + " stopped one's replicas elsewhere): start the dead backends"));
    }
}
