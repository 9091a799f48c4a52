package io.dorisops.internal.plan;

import io.dorisops.Canary;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Puts the BE canary into an upgrade plan (the runbooks' "upgrade one BE first and watch be.INFO"):
 *
 * <ol>
 *   <li>When the {@link Canary} applies (by default a change of minor or major version on a BE), pick the
 *       canary: the named BE, else the BE with the fewest tablets in the master's view (ties in topology
 *       order).
 *   <li>Move its step to the place of the first BE step, so it goes before every other BE (after the
 *       MetaService and Recycler), with the reason {@link Reason#CANARY_FIRST}.
 *   <li>Append {@link Action.AwaitSoak} after its {@code await-ready}; its undo (restore the old bin/lib,
 *       start, await at the old version) is the upgrade step's own.
 * </ol>
 */
final class CanaryPlans {

    private CanaryPlans() {}

    /**
     * The upgrade with its canary, or unchanged when none applies.
     *
     * @param tablets the replicas each BE holds, by node id (the canary is the BE with the fewest)
     * @throws DorisOpsException when the canary names a node the upgrade does not change as a BE
     */
    static Operation apply(Operation upgrade, Canary canary, Map<String, Long> tablets) {
        Version target = upgrade.target().orElseThrow();
        List<Step> steps = upgrade.steps();
        List<Integer> backends = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.role().orElse(null) == Role.BE && step.reason() != Reason.STAGE_BEFORE_RESTARTS) {
                backends.add(i);
            }
        }
        boolean applies = backends.stream().map(steps::get).anyMatch(step -> step.from()
                .map(from -> canary.appliesTo(from, target))
                .orElse(false));
        if (canary.node().isPresent()) {
            String id = canary.node().get();
            if (backends.stream().noneMatch(i -> steps.get(i).nodeId().equals(id))) {
                throw new DorisOpsException("the canary " + id + " is not a BE this upgrade changes; choose one of "
                        + backends.stream().map(i -> steps.get(i).nodeId()).toList());
            }
            applies = applies || canary.mode() != Canary.Mode.OFF;
        }
        if (!applies || backends.isEmpty()) {
            return upgrade;
        }
        int chosen = canary.node()
                .map(id -> backends.stream()
                        .filter(i -> steps.get(i).nodeId().equals(id))
                        .findFirst()
                        .orElseThrow())
                .orElseGet(() -> backends.stream()
                        .min(Comparator.comparingLong(
                                i -> tablets.getOrDefault(steps.get(i).nodeId(), 0L)))
                        .orElseThrow());
        Step canaryStep = steps.get(chosen);
        List<Action> actions = new ArrayList<>(canaryStep.actions());
        actions.add(new Action.AwaitSoak(target, canary.soak()));
        Step soaked = new Step(
                canaryStep.nodeId(),
                canaryStep.role(),
                canaryStep.host(),
                canaryStep.from(),
                Reason.CANARY_FIRST,
                actions,
                canaryStep.undo());
        List<Step> reordered = new ArrayList<>(steps);
        reordered.remove(chosen);
        reordered.add(backends.get(0), soaked);
        List<String> warnings = new ArrayList<>(upgrade.warnings());
        warnings.add("canary: " + canaryStep.nodeId()
                + (canary.node().isPresent()
                        ? " (chosen)"
                        : " (fewest tablets: " + tablets.getOrDefault(canaryStep.nodeId(), 0L) + ")")
                + " is upgraded first and watched for " + canary.soak().toSeconds()
                + "s; a failure puts it back on the old version and stops the run");
        return new Operation(
                upgrade.kind(),
                upgrade.cluster(),
                upgrade.flavor(),
                upgrade.target(),
                upgrade.pausesBalance(),
                reordered,
                upgrade.skipped(),
                warnings,
                upgrade.of(),
                upgrade.createdAt(),
                List.of(), // planned before batches: the steps moved
                upgrade.basis(),
                upgrade.options());
    }
}
