package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.ProgressListener;
import io.dorisops.Role;
import io.dorisops.RunRecord;
import io.dorisops.RunResult;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.Version;
import io.dorisops.Wait;
import io.dorisops.internal.Durations;
import io.dorisops.internal.Stamps;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.ClusterIdentity;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.fecheck.FrontendCheck;
import io.dorisops.internal.gate.DeployGates;
import io.dorisops.internal.host.HostNodeControl;
import io.dorisops.internal.journal.RunHistory;
import io.dorisops.internal.journal.RunJournal;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.internal.plan.BackupPlans;
import io.dorisops.internal.plan.ComponentPlans;
import io.dorisops.internal.plan.DeployPlans;
import io.dorisops.internal.plan.Drains;
import io.dorisops.internal.plan.ParallelPlans;
import io.dorisops.internal.plan.PlanBasis;
import io.dorisops.internal.plan.Plans;
import io.dorisops.internal.plan.RebuildPlans;
import io.dorisops.internal.plan.ScaleInPlans;
import io.dorisops.internal.plan.UpgradePlanner;
import io.dorisops.internal.plan.UpgradeSnapshot;
import io.dorisops.internal.procedure.PlannedOptions;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.internal.report.RunReport;
import io.dorisops.internal.run.RunSettings;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Component;
import io.dorisops.spi.ComponentControl;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.NodeControl.Capability;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The procedures {@code Cluster} offers, each a plan builder plus the one {@link Runner}: plan and run
 * an upgrade, a rolling restart, a start or a stop; resume, plan a roll back, list the history.
 */
public final class Procedures {

    private final Engine engine;
    private final Runner runner;

    public Procedures(Engine engine) {
        this.engine = engine;
        this.runner = new Runner(engine);
    }

    /**
     * The procedures of a cluster operated over its hosts ({@link HostNodeControl} on {@code transports})
     * or through the node control given, with {@code options} completed by the cluster's defaults: its listener alongside the options' own,
     * its state directory unless the options name one.
     */
    public static Procedures onHosts(
            Topology topology,
            Transports transports,
            Optional<NodeControl> nodeControl,
            HealthProbe probe,
            Optional<ClusterAdmin> sql,
            RunSettings options,
            ProgressListener listener,
            Optional<Path> stateDir) {
        RunSettings.Builder builder = options.toBuilder();
        if (listener != ProgressListener.NONE) {
            builder.listener(Listeners.both(listener, options.listener()));
        }
        if (options.stateDir().isEmpty() && stateDir.isPresent()) {
            builder.stateDir(stateDir.get());
        }
        NodeControl control = nodeControl.orElseGet(() -> HostNodeControl.of(
                topology.flavor(),
                transports::forNode,
                topology.timeouts().command(),
                !topology.nodes(Role.RECYCLER).isEmpty()));
        return new Procedures(new Engine(topology, control, probe, sql, builder.build(), transports::forHost));
    }

    /**
     * These procedures on other time and durability: every wait of their runs (readiness, gates, drains,
     * the final gate) measures with {@code clock} and sleeps through {@code sleeper}, e.g. a test's virtual
     * time; with {@code journalSync} false their journal entries are not forced to disk (tests on fakes).
     */
    public Procedures on(Clock clock, Wait.Sleeper sleeper, boolean journalSync) {
        return new Procedures(engine.withTime(clock, sleeper).withJournalSync(journalSync));
    }

    /**
     * The upgrade to a package as the operation that will run: staging, the canary, batches, image steps.
     * The cluster is read once ({@link UpgradeSnapshot}); the operation records what it read, so a run
     * refuses it once the cluster changed ({@link PlanBasis}), and the upgrade's own options it runs with
     * ({@link PlannedOptions}).
     */
    public Operation planUpgrade(Path packageFile) {
        engine.admin();
        boolean batches = engine.options().maxParallel() > 1;
        UpgradeSnapshot snapshot =
                UpgradeSnapshot.read(engine, packageFile.toAbsolutePath().toString(), batches);
        return capable(UpgradePlanner.plan(engine.topology(), snapshot, engine.options(), Stamps.newStamp())
                .withOptions(PlannedOptions.upgrade(engine.options())));
    }

    /** {@code operation} without its drain actions ({@code Procedure.noDrain()}, {@code --no-drain}). */
    public Operation withoutDrain(Operation operation) {
        return Drains.without(operation);
    }

    /** The rolling restart of some nodes; with {@code maxParallel} above 1, BEs and CNs in batches. */
    public Operation planRestart(Collection<Node> nodes) {
        return capable(ParallelPlans.apply(engine, Plans.restart(engine.topology(), nodes, engine.masterNow())));
    }

    public Operation planStart(Collection<Node> nodes) {
        return capable(Plans.start(engine.topology(), nodes, lastMaster()));
    }

    public Operation planStop(Collection<Node> nodes) {
        return capable(Plans.stop(engine.topology(), nodes, lastMaster()));
    }

    /** The scale-in of some nodes ({@link ScaleInPlans}); a drain without progress for {@code stuckAfter} is stuck. */
    public Operation planScaleIn(Collection<Node> nodes, java.time.Duration stuckAfter) {
        Durations.positive("stuckAfter", stuckAfter);
        engine.admin();
        return capable(ScaleInPlans.scaleIn(engine.topology(), nodes, engine.masterNow(), stuckAfter));
    }

    /** Cancels the decommission of BEs a scale-in left draining. */
    public Operation planCancelScaleIn(Collection<Node> nodes) {
        engine.admin();
        return capable(ScaleInPlans.cancel(engine.topology(), nodes));
    }

    /**
     * The failover drill of the master now.
     *
     * @throws io.dorisops.DorisOpsException when no FE of the topology is master
     */
    public Operation planFailoverDrill() {
        engine.admin();
        Node master = engine.masterNow()
                .orElseThrow(() ->
                        new io.dorisops.DorisOpsException(engine.topology().name()
                                + ": no FE of the topology is master now, so there is no master to stop; fix the cluster"
                                + " first (dorisops status)"));
        return capable(ScaleInPlans.failoverDrill(engine.topology(), master));
    }

    /**
     * The backup of a database to a repository ({@link BackupPlans}): checked against the cluster (the
     * repository, the database, its tables, no job running) before anything is locked or journaled.
     */
    public Operation planBackup(
            String database,
            List<String> tables,
            String repository,
            Optional<String> label,
            Duration stallAfter,
            Map<String, Duration> stallAfterByState) {
        return capable(BackupPlans.backup(
                engine.topology(),
                engine.admin(),
                database,
                tables,
                repository,
                label,
                stallAfter,
                stallAfterByState,
                engine.clock().instant()));
    }

    /**
     * The upgrade by image of a cluster a Kubernetes operator runs ({@link ComponentPlans#upgrade}), from
     * the components its component control reports; refused on a node control without one.
     */
    public Operation planImageUpgrade(Version target, Map<String, String> images) {
        ComponentControl control = components(Operation.Kind.UPGRADE);
        return capable(
                ComponentPlans.upgrade(engine.topology(), control.resource(), control.components(), target, images));
    }

    /**
     * The scale of a component to {@code replicas} ({@link ComponentPlans#scale}); a scale-out waits for
     * the new members at the master's version (any, when SQL does not answer).
     */
    public Operation planComponentScale(String component, int replicas) {
        ComponentControl control = components(Operation.Kind.SCALE_IN);
        List<Component> components = control.components();
        boolean out =
                components.stream().filter(c -> c.name().equals(component)).anyMatch(c -> replicas >= c.replicas());
        Optional<Version> version = Optional.empty();
        if (out && engine.hasAdmin()) {
            try {
                version = engine.admin().frontends().stream()
                        .filter(Frontend::master)
                        .findFirst()
                        .flatMap(Frontend::version);
            } catch (DorisOpsException e) {
                version = Optional.empty();
            }
        }
        return capable(
                ComponentPlans.scale(engine.topology(), control.resource(), components, component, replicas, version));
    }

    private ComponentControl components(Operation.Kind kind) {
        ActionHandlers.requireCapability(
                kind, engine.topology().name(), Capability.COMPONENT_CONTROL, engine.control());
        return engine.components();
    }

    /**
     * Runs an operation, once the cluster still matches what it was planned from ({@link PlanBasis}); an
     * upgrade keeps the stamp its backups were planned with.
     */
    public RunResult execute(Operation operation) {
        PlanBasis.check(engine, operation);
        if (ProcedureSpec.of(operation.kind()).undoesRun()) {
            engine.admin();
            return runner.rollback(operation);
        }
        String stamp = operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .filter(Action.Backup.class::isInstance)
                .map(action -> ((Action.Backup) action).stamp())
                .findFirst()
                .orElseGet(Stamps::newStamp);
        return runner.run(operation, stamp);
    }

    /** Every pre-flight check the run of {@code operation} makes, changing nothing ({@link Runner#preflight}). */
    public void preflight(Operation operation) {
        PlanBasis.check(engine, operation);
        runner.preflight(operation);
    }

    /** The FE metadata compatibility check of a package ({@link FrontendCheck}). */
    public io.dorisops.FrontendCheckResult checkFrontendUpgrade(
            Path packageFile, io.dorisops.FrontendCheckOptions options) {
        engine.admin();
        Events events = new Events(FrontendCheck.EVENT_NODE + "-" + Stamps.newStamp(), options.listener());
        return new FrontendCheck(engine, engine::host, events).run(packageFile, options);
    }

    /** The rebuild rollback of one BE as an operation ({@link RebuildPlans}); nothing is changed. */
    public Operation planRebuildBackend(Node node, Optional<String> restoreStamp) {
        engine.admin();
        return capable(RebuildPlans.rebuild(engine.topology(), node, Stamps.newStamp(), restoreStamp));
    }

    /** The deploy of every node of the topology from a package; refused when the package is not the flavor's. */
    public Operation planDeploy(Path packageFile) {
        return capable(DeployPlans.deploy(
                engine.topology(),
                packageFile.toString(),
                inspect(packageFile, "deploy").version()));
    }

    /**
     * The scale-out of nodes of the topology: installed from the package when given, joined through the
     * helper FE (a topology node id) or else the master now, at the package's or else the cluster's version.
     */
    public Operation planScaleOut(Collection<Node> nodes, Optional<Path> packageFile, Optional<String> helper) {
        io.dorisops.spi.ClusterAdmin admin = engine.admin();
        io.dorisops.Version version = packageFile.isPresent()
                ? inspect(packageFile.get(), "scale-out").version()
                : DeployGates.clusterVersion(admin, engine.topology().flavor())
                        .orElseThrow(
                                () -> new io.dorisops.DorisOpsException(
                                        engine.topology().name()
                                                + ": no member reports a version to scale out at; pass the package with --package"));
        String through;
        if (helper.isPresent()) {
            Node fe = engine.node(helper.get());
            if (!fe.role().isFrontend()) {
                throw new io.dorisops.DorisOpsException("the helper " + fe.label() + " is a "
                        + fe.role().key() + "; name an FE of the cluster with --helper");
            }
            through = fe.membershipAddress();
        } else {
            through = admin.master().address();
        }
        return capable(
                DeployPlans.scaleOut(engine.topology(), nodes, packageFile.map(Path::toString), version, through));
    }

    private PackageInfo inspect(Path packageFile, String kind) {
        try {
            return engine.packageInfo(packageFile.toString());
        } catch (io.dorisops.DorisOpsException e) {
            throw new io.dorisops.PreconditionFailedException(
                    "pre-flight refused the " + kind + " of "
                            + engine.topology().name() + "; nothing was changed. Fix these:",
                    List.of("package: " + e.getMessage()));
        }
    }

    /** The operation {@link #resume} continues, with the procedure options it was planned with. */
    public Operation toResume(Optional<String> runId) {
        return runner.toResume(runId);
    }

    public RunResult resume(Optional<String> runId) {
        return runner.resume(runId);
    }

    /** The rollback of the newest upgrade (or the one named) as an operation; nothing is changed. */
    public Operation planRollback(Optional<String> runId) {
        engine.admin();
        return runner.planRollback(runId).withBasis(PlanBasis.ofTopology(engine.topology()));
    }

    public List<RunRecord> history() {
        return runner.history();
    }

    /**
     * The HTML report of the run named, or of the newest run of this cluster; reads only the journal,
     * so it works while the cluster is down.
     *
     * @param stateDir the state directory, or empty for the topology's default
     * @throws DorisOpsException when no run (or none of that id) is journaled, naming the runs there are
     */
    public static String report(Topology topology, Optional<Path> stateDir, Optional<String> runId) {
        RunHistory history =
                new RunHistory(stateDir.orElseGet(() -> ClusterIdentity.defaultStateDir(topology)), topology);
        List<RunJournal.State> states = history.states();
        RunJournal.State state = history.find(runId, candidate -> true)
                .orElseThrow(() -> new DorisOpsException(
                        states.isEmpty()
                                ? "no run of " + topology.name() + " is journaled in " + history.runs()
                                        + "; a report needs a run (upgrade, restart, start, stop, rollback), or the"
                                        + " --state-dir it was made with"
                                : "no run " + runId.orElse("") + " of " + topology.name() + " in " + history.runs()
                                        + "; the runs are "
                                        + states.stream()
                                                .map(s -> s.header().runId())
                                                .toList()
                                        + " (dorisops history lists them)"));
        return RunReport.html(state.header().operation(), state.entries(), state.damaged(), state.file());
    }

    /**
     * The plan, once the cluster's node control has every capability it needs; refused at plan time,
     * naming the procedure and the capability ({@link ActionHandlers#requireCapable}).
     */
    /**
     * A plan once the node control can do its actions, with what it was planned from: an upgrade's read
     * basis, any other's the topology's nodes ({@link PlanBasis#ofTopology}).
     */
    private Operation capable(Operation plan) {
        ActionHandlers.ALL.requireCapable(plan, engine.control());
        return plan.basis().isEmpty() ? plan.withBasis(PlanBasis.ofTopology(engine.topology())) : plan;
    }

    /** The master now when SQL answers, else the topology's first follower (the cluster is down). */
    private Optional<Node> lastMaster() {
        return engine.masterNow()
                .or(() -> engine.topology().nodes(Role.FE_FOLLOWER).stream().findFirst());
    }
}
