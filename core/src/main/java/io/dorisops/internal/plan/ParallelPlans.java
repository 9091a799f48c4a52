package io.dorisops.internal.plan;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.ReplicaFacts;
import io.dorisops.TabletPlacement;
import io.dorisops.Topology;
import io.dorisops.internal.PlanNodes;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.run.RunSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the BE and CN phase of an upgrade or rolling restart into replica-aware batches ({@code
 * docs/parallel.md}) when {@link RunSettings#maxParallel()} is above 1.
 *
 * <ol>
 *   <li>Read the replica facts and the tablet placement from the master (one pass each).
 *   <li>Plan the batches ({@link BatchPlanner}) for the nodes of the BE/CN phase: the consecutive steps
 *       placed by {@link Reason#BACKEND_BEFORE_FRONTENDS} (a canary, which is watched alone, stays first).
 *   <li>Reorder that phase batch by batch and attach an {@link Operation.Batch} to each batch of two or
 *       more; a node that restarts alone gets a note saying why (the table that forces it).
 * </ol>
 *
 * With a cap of 1 the operation is returned unchanged: today's one-at-a-time run.
 */
public final class ParallelPlans {

    private ParallelPlans() {}

    /** The operation with its BE/CN phase in batches, from the live cluster's placement. */
    public static Operation apply(Engine engine, Operation operation) {
        int cap = engine.options().maxParallel();
        if (cap <= 1 || !engine.hasAdmin() || phase(operation.steps()).isEmpty()) {
            return operation;
        }
        ReplicaFacts facts = engine.admin().replicaFacts();
        return apply(engine.topology(), operation, cap, facts, engine.admin().tabletPlacement(facts));
    }

    /**
     * The operation with its BE/CN phase in batches of at most {@code cap}, from replica facts and a
     * placement read before (a pure function).
     */
    static Operation apply(
            Topology topology, Operation operation, int cap, ReplicaFacts facts, TabletPlacement placement) {
        if (cap <= 1 || phase(operation.steps()).isEmpty()) {
            return operation;
        }
        List<BatchPlanner.Member> members = new ArrayList<>();
        for (int index : phase(operation.steps())) {
            Node node = PlanNodes.node(topology, operation.steps().get(index).nodeId());
            ReplicaFacts.Storage storage = facts.backend(node).orElse(null);
            members.add(new BatchPlanner.Member(
                    node.id(),
                    node.role(),
                    storage == null ? -1 : storage.id(),
                    storage == null ? ReplicaFacts.DEFAULT_TAG : storage.tag()));
        }
        return apply(operation, BatchPlanner.plan(members, facts.partitions(), placement, cap));
    }

    /** The operation with its BE/CN phase ordered and grouped as {@code batches} (a pure function). */
    static Operation apply(Operation operation, List<BatchPlanner.Batch> batches) {
        List<Integer> phase = phase(operation.steps());
        if (phase.isEmpty()) {
            return operation;
        }
        Map<String, Step> byNode = new HashMap<>();
        phase.forEach(i ->
                byNode.put(operation.steps().get(i).nodeId(), operation.steps().get(i)));
        List<Step> steps = new ArrayList<>(operation.steps().subList(0, phase.get(0)));
        List<Operation.Batch> groups = new ArrayList<>();
        List<String> warnings = new ArrayList<>(operation.warnings());
        for (BatchPlanner.Batch batch : batches) {
            List<Integer> members = new ArrayList<>();
            for (String id : batch.nodeIds()) {
                Step step = byNode.remove(id);
                if (step != null) {
                    members.add(steps.size());
                    steps.add(step);
                }
            }
            if (members.size() > 1) {
                groups.add(new Operation.Batch(members, batch.why()));
            } else if (members.size() == 1 && batch.forced()) {
                warnings.add(batch.nodeIds().get(0) + " " + batch.why());
            }
        }
        for (int index : phase) {
            Step left = operation.steps().get(index);
            if (byNode.remove(left.nodeId()) != null) {
                steps.add(left); // not planned: alone, in its place
            }
        }
        steps.addAll(operation
                .steps()
                .subList(phase.get(phase.size() - 1) + 1, operation.steps().size()));
        return new Operation(
                operation.kind(),
                operation.cluster(),
                operation.flavor(),
                operation.target(),
                operation.pausesBalance(),
                steps,
                operation.skipped(),
                warnings,
                operation.of(),
                operation.createdAt(),
                groups,
                operation.basis(),
                operation.options());
    }

    /** The indexes of the consecutive BE/CN steps of the rolling phase, without a canary's. */
    static List<Integer> phase(List<Step> steps) {
        List<Integer> phase = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean member = !step.onCluster()
                    && step.reason() == Reason.BACKEND_BEFORE_FRONTENDS
                    && step.role().map(r -> r.isBackend()).orElse(false)
                    && step.actions().stream().noneMatch(Action.AwaitSoak.class::isInstance);
            if (member && (phase.isEmpty() || phase.get(phase.size() - 1) == i - 1)) {
                phase.add(i);
            } else if (!phase.isEmpty()) {
                break;
            }
        }
        return phase;
    }
}
