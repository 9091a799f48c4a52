package io.dorisops.internal.plan;

import io.dorisops.Canary;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Skipped;
import io.dorisops.Operation.Step;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.run.RunSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans an upgrade as the {@link Operation} that runs, from what was read of the cluster once ({@link
 * UpgradeSnapshot}); a pure function of the topology, the snapshot and the options. Nothing is read or
 * changed.
 *
 * <ol>
 *   <li>Order the nodes in {@link RollingOrder#rolling rolling order} from the master read; skip each one
 *       already at the target release; collect the upgrade-path rules' warnings.
 *   <li>Stage the package on every node to upgrade first; then per node stop, back up, deploy, start,
 *       await ready at the target (a Doris BE drained before its stop and enabled after, {@link Drains}), undone by restoring the backup and starting the old version; a
 *       StarRocks minor upgrade creates an image before the first FE.
 *   <li>Put the canary first among the BEs ({@link CanaryPlans}) from the tablets read.
 *   <li>With {@link RunSettings#maxParallel()} above 1, group the BE/CN phase into batches ({@link
 *       ParallelPlans}) from the replica facts and placement read.
 *   <li>Record the snapshot's {@link UpgradeSnapshot#basis() basis}, so a run refuses the operation once
 *       the cluster no longer matches it ({@link PlanBasis}).
 * </ol>
 */
public final class UpgradePlanner {

    private UpgradePlanner() {}

    /** One node to upgrade: its version when planned and the rule that places it. */
    public record Planned(Node node, Version from, Reason reason) {}

    /** The upgrade of the cluster read in {@code snapshot}, its backups stamped {@code stamp}. */
    public static Operation plan(Topology topology, UpgradeSnapshot snapshot, RunSettings options, String stamp) {
        Version target = snapshot.pkg().version();
        List<Planned> planned = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (Node node : RollingOrder.rolling(topology.nodes(), snapshot.master())) {
            Version current = snapshot.version(node);
            if (current.sameRelease(target)) {
                skipped.add(new Skipped(node.id(), "already at " + current));
                continue;
            }
            planned.add(new Planned(node, current, RollingOrder.rollingReason(node, snapshot.master())));
            warnings.addAll(topology.flavor()
                    .upgradePath()
                    .check(current, target, options.allowDowngrade())
                    .warnings());
        }
        Operation upgrade = operation(
                topology,
                target,
                snapshot.packageFile(),
                planned,
                skipped,
                List.copyOf(warnings),
                Instant.now(),
                stamp);
        if (options.canary().mode() != Canary.Mode.OFF) {
            upgrade = CanaryPlans.apply(upgrade, options.canary(), snapshot.tablets());
        }
        if (snapshot.replicas().isPresent()) {
            UpgradeSnapshot.Replicas replicas = snapshot.replicas().get();
            upgrade = ParallelPlans.apply(
                    topology, upgrade, options.maxParallel(), replicas.facts(), replicas.placement());
        }
        return upgrade.withBasis(snapshot.basis());
    }

    /**
     * The upgrade of the {@code planned} nodes as the operation that runs it (step 2): every node staged
     * first, then each upgraded with its undo, a create-image step before the first FE when the flavor
     * needs one.
     */
    public static Operation operation(
            Topology topology,
            Version target,
            String packageFile,
            List<Planned> planned,
            List<Skipped> skipped,
            List<String> warnings,
            Instant createdAt,
            String stamp) {
        List<Step> steps = new ArrayList<>();
        for (Planned each : planned) {
            steps.add(Step.on(
                    each.node(),
                    Optional.of(each.from()),
                    Reason.STAGE_BEFORE_RESTARTS,
                    List.of(new Action.Stage(packageFile)),
                    List.of()));
        }
        boolean image = topology.flavor().createsImageBetweenMinors()
                && planned.stream().anyMatch(each -> !each.from().sameSeries(target));
        for (Planned each : planned) {
            if (image && each.node().role().isFrontend()) {
                steps.add(Step.cluster(Reason.IMAGE_BEFORE_FRONTENDS, List.of(new Action.CreateImage())));
                image = false;
            }
            steps.add(Step.on(
                    each.node(),
                    Optional.of(each.from()),
                    each.reason(),
                    Drains.around(
                            Kind.UPGRADE,
                            topology,
                            each.node(),
                            List.of(
                                    new Action.Stop(),
                                    new Action.Backup(stamp),
                                    new Action.Deploy(stamp, target),
                                    new Action.Start(),
                                    Action.AwaitReady.at(target))),
                    List.of(
                            new Action.Stop(),
                            new Action.Restore(stamp),
                            new Action.Start(),
                            Action.AwaitReady.at(each.from()))));
        }
        return new Operation(
                Kind.UPGRADE,
                topology.name(),
                topology.flavor(),
                Optional.of(target),
                !Plans.decoupled(topology),
                steps,
                skipped,
                warnings,
                Optional.empty(),
                createdAt);
    }
}
