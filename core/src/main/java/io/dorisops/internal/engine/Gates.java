package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.PreconditionFailedException;
import io.dorisops.SafetyCheck;
import io.dorisops.TabletHealth;
import io.dorisops.UpgradePath;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.engine.ClusterView.NodeState;
import io.dorisops.internal.gate.ClusterGates;
import io.dorisops.internal.gate.ComponentGates;
import io.dorisops.internal.gate.DrainGates;
import io.dorisops.internal.gate.Gate;
import io.dorisops.internal.gate.GateContext;
import io.dorisops.internal.gate.GateRegistry;
import io.dorisops.internal.gate.MembershipGates;
import io.dorisops.internal.gate.RebuildGates;
import io.dorisops.internal.procedure.ProcedureSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The runner's evaluation of the gate table ({@link GateRegistry}), phase by phase, for the gates its
 * {@link ProcedureSpec} names: pre-flight gates run once before anything changes and report every
 * failure together; node gates ({@link SafetyCheck}s: each per-node gate's own check from its registry
 * entry, then the user's) run before each disruptive step and make the runner wait while one fails; the
 * {@code ACTION} gates run right before the action they guard; the final gates after the balance restore.
 * A name is what the user types after {@code --force}. The per-node and action gates' checks are their
 * registry entries', reading the run through a {@link GateContext} ({@link GatesContext}); the pre-flight
 * and final checks are still evaluated here by name ({@link Gate.InEngine}): those that read the master
 * only are in {@code internal.gate} ({@code ClusterGates}, {@code MembershipGates}, {@code
 * ReplicaGates}, {@code RebuildGates}); those that read the nodes or the package are here or in {@link
 * DeployGates}.
 */
final class Gates {

    private final Engine engine;

    Gates(Engine engine) {
        this.engine = engine;
    }

    /**
     * The pre-flight failures of an operation, each starting with its gate's name; empty when it may run.
     *
     * @param balanceKnown true when the run restores balance values journaled by an earlier run (a
     *     rollback of an unfinished upgrade): the live values may be paused then
     * @param events where a gate's long work (the FE metadata check's package upload) reports its progress
     */
    List<String> preflight(Operation operation, boolean balanceKnown, Events events) {
        ProcedureSpec spec = ProcedureSpec.of(operation.kind());
        if (spec.runs("empty-home")) {
            return new DeployGates(engine).preflight(operation);
        }
        List<String> failures = new ArrayList<>();
        Set<String> forced = engine.options().forced();
        Predicate<String> runs = name -> spec.preflight().contains(name) && !forced.contains(name);
        if (runs.test("package")) {
            packageGate(operation, failures);
        }
        if (runs.test("upgrade-path")) {
            Flavor flavor = engine.topology().flavor();
            for (Step step : operation.steps()) {
                if (step.from().isPresent() && step.reason() != Operation.Reason.STAGE_BEFORE_RESTARTS) {
                    UpgradePath.Verdict verdict = flavor.upgradePath()
                            .check(
                                    step.from().get(),
                                    operation.target().orElseThrow(),
                                    engine.options().allowDowngrade());
                    verdict.problems().forEach(p -> failures.add("upgrade-path: " + step.nodeId() + ": " + p));
                }
            }
        }
        if (runs.test("disk-space")) {
            diskGate(operation, failures);
        }
        if (runs.test("nodes-alive")) {
            for (Node node : engine.topology().nodes()) {
                try {
                    if (spec.runs("members") && engine.hasAdmin() && !isMember(node)) {
                        continue; // left the cluster in an earlier scale-in; the topology may still list it
                    }
                    NodeState state = engine.readiness().observe(node, true);
                    if (!state.health().ready() || !state.alive()) {
                        failures.add("nodes-alive: " + node.label() + " is " + state.describe());
                    }
                } catch (DorisOpsException e) {
                    failures.add("nodes-alive: " + node.label() + ": " + e.getMessage());
                }
            }
        }
        if (runs.test("tablets-healthy") && engine.hasAdmin()) {
            ClusterGates.tabletsHealthy(engine.admin()).ifPresent(failures::add);
        }
        if (spec.runs("members") || spec.runs("drill-followers")) {
            Set<Node> removed = new LinkedHashSet<>();
            operation.steps().stream()
                    .filter(step -> !step.onCluster())
                    .forEach(step -> removed.add(engine.node(step.nodeId())));
            failures.addAll(MembershipGates.preflight(
                    spec, engine.admin(), engine.topology().flavor(), runs, removed, engine::masterNow));
        }
        if (spec.runs("follower-majority") && engine.hasAdmin()) {
            patchedReplicas(operation)
                    .ifPresent(patch -> failures.addAll(ComponentGates.scaleIn(
                            engine.components(),
                            patch.component(),
                            patch.replicas(),
                            engine::node,
                            engine.admin(),
                            runs)));
        }
        if (engine.hasAdmin() && rollsImages(operation)) {
            failures.addAll(ClusterGates.imageGates(engine.admin(), runs));
        } else if (runs.test("single-replica") && engine.hasAdmin()) {
            failures.addAll(DrainGates.singleReplica(engine.admin(), Drains.drained(engine.topology(), operation)));
        }
        if (runs.test("balance-paused") && operation.pausesBalance() && engine.hasAdmin() && !balanceKnown) {
            ClusterGates.balancePaused(engine.admin(), engine.topology().flavor())
                    .ifPresent(failures::add);
        }
        if (spec.runs("rebuild-replicas")) {
            failures.addAll(RebuildGates.preflight(
                    engine.admin(),
                    engine.topology().flavor(),
                    engine.node(operation.steps().get(0).nodeId())));
        }
        if (runs.test("fe-metadata-check") && failures.isEmpty()) {
            FrontendCheck.preflight(engine, operation, events).ifPresent(failures::add);
        }
        return failures;
    }

    /** True when the master lists the node (FE, BE or CN); nodes without SQL membership count as members. */
    private boolean isMember(Node node) {
        if (node.role().isFrontend()) {
            return engine.view().frontend(node).isPresent();
        }
        if (node.role().isBackend()) {
            return engine.view().backend(node).isPresent();
        }
        return true;
    }

    /** The replicas a plan of component steps sets (a scale of a component), if it sets any. */
    private static Optional<Action.PatchReplicas> patchedReplicas(Operation operation) {
        return operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .filter(Action.PatchReplicas.class::isInstance)
                .map(Action.PatchReplicas.class::cast)
                .findFirst();
    }

    private static boolean rollsImages(Operation operation) {
        return operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .anyMatch(Action.PatchImage.class::isInstance);
    }

    private void packageGate(Operation operation, List<String> failures) {
        Optional<String> file = packageFile(operation);
        if (file.isEmpty()) {
            return;
        }
        try {
            PackageInfo pkg = engine.packageInfo(file.get());
            if (!pkg.version().sameRelease(operation.target().orElseThrow())) {
                failures.add("package: " + pkg.file() + " holds " + pkg.version() + ", the plan wants "
                        + operation.target().get());
            }
            operation.steps().stream()
                    .flatMap(step -> step.role().stream())
                    .distinct()
                    .forEach(role -> pkg.missingFor(engine.topology().flavor(), role)
                            .ifPresent(why -> failures.add("package: " + why)));
        } catch (DorisOpsException e) {
            failures.add("package: " + e.getMessage());
        }
    }

    private void diskGate(Operation operation, List<String> failures) {
        Optional<String> file = packageFile(operation);
        if (file.isEmpty()) {
            return;
        }
        long packageKb = Path.of(file.get()).toFile().length() / 1024 + 1;
        long need = packageKb * 4 + 64 * 1024;
        for (Step step : operation.steps()) {
            if (step.reason() != Operation.Reason.STAGE_BEFORE_RESTARTS) {
                continue;
            }
            Node node = engine.node(step.nodeId());
            try {
                long free = engine.binaries().freeKilobytes(node);
                if (free < need) {
                    failures.add("disk-space: " + node.label() + " has " + free / 1024 + " MB free under " + node.home()
                            + ", needs " + need / 1024 + " MB to stage the package");
                }
            } catch (DorisOpsException e) {
                failures.add("disk-space: " + e.getMessage());
            }
        }
    }

    static Optional<String> packageFile(Operation operation) {
        return operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .filter(Action.Stage.class::isInstance)
                .map(action -> ((Action.Stage) action).packageFile())
                .findFirst();
    }

    /**
     * The node gates before a disruptive step of a rolling operation (none for start and stop): for each
     * per-node gate of the registry its procedure runs, its check on this run ({@link GatesContext}), then
     * the user's checks, with or without SQL; forced ones left out.
     *
     * @param previous the node step finished last in this run, if any
     * @param together the nodes that stop with the next one (the other nodes of its batch), or none
     * @param repair lets the tablet scheduler clone missing versions while the majority gate waits on them
     */
    List<SafetyCheck> nodeChecks(
            Operation operation, Optional<Step> previous, Collection<Node> together, RepairWindow repair) {
        ProcedureSpec spec = ProcedureSpec.of(operation.kind());
        if (!spec.rolling()) {
            return List.of(); // start, stop, scale-in, drill: their gates are pre-flight
        }
        GateContext run = new GatesContext(
                engine, operation.target(), previous.filter(step -> !step.onCluster()), together, repair);
        List<SafetyCheck> checks = new ArrayList<>();
        for (Gate gate : GateRegistry.all()) {
            if (gate.check() instanceof Gate.NodeCheck check && spec.perNode().contains(gate.name())) {
                checks.add(SafetyCheck.of(gate.name(), (admin, next) -> check.check(run, next)));
            }
        }
        checks.addAll(engine.options().checks()); // the user's: per-node gates too, with or without SQL
        checks.removeIf(check -> engine.options().forced().contains(check.name()));
        return checks;
    }

    /**
     * The gates of phase {@code ACTION} before {@code action} on {@code node}: each such gate's check from
     * the registry (whatever the procedure: a gate of this phase applies by its action), on the cluster
     * as it is now.
     *
     * @throws PreconditionFailedException naming every reason, nothing sent
     */
    void beforeAction(Action action, Node node) {
        GateContext run =
                new GatesContext(engine, Optional.empty(), Optional.empty(), List.of(), RepairWindow.none(engine));
        for (Gate gate : GateRegistry.all()) {
            if (gate.check() instanceof Gate.ActionCheck check
                    && !engine.options().forced().contains(gate.name())) {
                check.check(run, action, node);
            }
        }
    }

    /** The version the step's last await expects, if any. */
    static Optional<Version> awaited(Step step) {
        return step.actions().stream()
                .filter(Action.AwaitReady.class::isInstance)
                .map(action -> ((Action.AwaitReady) action).version())
                .reduce((first, second) -> second)
                .flatMap(v -> v);
    }

    /**
     * The final gate of an operation, run after the balance switches are restored: an upgrade ends with
     * every node ready at the target, an upgrade or restart with tablets healthy, which the scheduler,
     * running again, repairs (the replicas a node missed while it was down under loads).
     */
    void finalGate(Operation operation) {
        ProcedureSpec spec = ProcedureSpec.of(operation.kind());
        boolean upgrade = spec.finalGates().contains("ready-at-target")
                && operation.target().isPresent();
        boolean tablets = spec.finalGates().contains("tablets-repaired")
                && (upgrade || engine.hasAdmin())
                && !engine.options().forced().contains("tablets-healthy")
                && !engine.options().forced().contains("no-unhealthy-tablets");
        if (!upgrade && !tablets) {
            return;
        }
        Optional<Version> target = upgrade ? operation.target() : Optional.empty();
        engine.waiter(message -> {})
                .await(
                        engine.topology().name(),
                        "ready: "
                                + target.map(v -> "every node at " + v.number() + " and ")
                                        .orElse("") + "tablets healthy",
                        () -> {
                            List<String> problems = new ArrayList<>();
                            if (target.isPresent()) {
                                for (Node node : engine.topology().nodes()) {
                                    NodeState state = engine.readiness().observe(node, true);
                                    if (!state.readyAt(target.get())) {
                                        problems.add(node.id() + " is " + state.describe());
                                    }
                                }
                            }
                            if (tablets) {
                                TabletHealth health = engine.admin().tabletHealth();
                                if (!health.healthy()) {
                                    problems.add(health.summary());
                                }
                            }
                            return problems;
                        },
                        List::isEmpty,
                        problems -> String.join("; ", problems),
                        engine.readyTimeout(),
                        "The " + operation.kind().key() + " is not reported as a success (balance is restored, the"
                                + " tablet scheduler repairs on); check what is named, then run resume.");
    }

    /** Done means still done: a node this run finished that no longer runs stops the run, naming it. */
    void requireStillRunning(List<Step> finished) {
        for (Step step : finished) {
            Node node = engine.node(step.nodeId());
            if (stillRequiredRunning(step) && !engine.processes().running(node)) {
                throw new io.dorisops.NodeFailedException(
                        node.id(),
                        "still-running",
                        node.label() + ": finished earlier in this run but is no longer running. "
                                + "Read its logs, then run: dorisops resume --topology "
                                + engine.topology().source()
                                + " (resume starts it again)\n"
                                + engine.processes().logTail(node));
            }
        }
    }

    static boolean stillRequiredRunning(Step step) {
        return step.actions().stream().anyMatch(Action.AwaitReady.class::isInstance);
    }
}
