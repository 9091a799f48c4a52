package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import io.dorisops.internal.engine.DrillTimes;
import io.dorisops.internal.engine.Procedures;
import io.dorisops.internal.engine.StatusReader;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ClusterAdminProvider;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.NodeControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topology bound to what operates it: the {@link Transports} that reach its hosts, a {@link
 * HealthProbe} and, when a {@link ClusterAdminProvider} is on the class path (module jdbc-probe), a
 * {@link ClusterAdmin} for the SQL control plane. The entry point of the SDK.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.of(Topology.load(Path.of("prod.yaml")))) {
 *     ClusterStatus status = cluster.status();
 *     status.notReady().forEach(s -> log.warn("{}: {} ({})", s.node().label(), s.health().status(), s.health().evidence()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes the transports and the admin, injected ones included.
 */
public final class Cluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    private final Topology topology;
    private final Transports transports;
    private final HealthProbe probe;
    private final ProgressListener listener;
    private final Optional<ClusterAdminProvider> adminProvider;
    private final Path stateDir;
    private final Optional<NodeControl> nodeControl;
    private ClusterAdmin admin;
    private boolean closed;

    private Cluster(Builder builder) {
        this.topology = builder.topology;
        this.transports = builder.transports != null ? builder.transports : Transports.of(topology);
        this.probe = builder.probe != null ? builder.probe : HttpHealthProbe.of(topology);
        this.listener = builder.listener;
        this.stateDir = builder.stateDir;
        this.nodeControl = Optional.ofNullable(builder.nodeControl);
        this.admin = builder.admin;
        this.adminProvider = builder.admin != null ? Optional.empty() : firstAdminProvider();
    }

    /** A cluster with the default parts: transports by host, {@link HttpHealthProbe}, an admin from the class path. */
    public static Cluster of(Topology topology) {
        return builder(topology).build();
    }

    /** A builder to inject the probe, transports, admin or listener. */
    public static Builder builder(Topology topology) {
        return new Builder(topology);
    }

    /** The topology this cluster operates. */
    public Topology topology() {
        return topology;
    }

    /** The transports of the topology's hosts. */
    public Transports transports() {
        return transports;
    }

    /** The probe that judges nodes. */
    public HealthProbe probe() {
        return probe;
    }

    /** Told of the progress of operations on this cluster. */
    public ProgressListener listener() {
        return listener;
    }

    /**
     * The SQL control plane: the injected admin, else one opened on first call from the first {@link
     * ClusterAdminProvider} on the class path; empty when there is none.
     */
    public synchronized Optional<ClusterAdmin> admin() {
        checkOpen();
        if (admin == null && adminProvider.isPresent()) {
            admin = adminProvider.get().open(topology);
        }
        return Optional.ofNullable(admin);
    }

    /**
     * Probes every node concurrently (at most 32 at a time), reads the master's view ({@code SHOW
     * FRONTENDS}, {@code SHOW BACKENDS}) when there is an admin, and returns what was seen, in topology
     * order. A probe that throws makes its node {@link Health.Status#UNKNOWN}; a SQL view that cannot be
     * read (wrong password, no FE answering) is reported in {@link ClusterStatus#sqlView()} with the
     * reason. This method does not throw for unhealthy nodes; {@link ClusterStatus#problems()} lists them.
     */
    public ClusterStatus status() {
        checkOpen();
        return StatusReader.read(topology, probe, this::admin);
    }

    /**
     * The operation {@code procedure} will run, as {@link #run(Operation, RunOptions)} runs it: planning
     * reads the cluster once (versions, master, membership and, for batches and the canary, the tablets)
     * and records what it read ({@link Operation#basis()}), so a run refuses it once the cluster changed.
     * Nothing is changed. Print it with {@link Operation#describe()}, store it with {@link
     * Operation#toJson()}.
     *
     * <pre>{@code
     * Operation restart = cluster.plan(Procedure.restart(cluster.topology().nodes(Role.BE), 3));
     * log.info("{}", restart.describe()); // batch 1 (steps 1-3): be-1, be-4, be-7 at once: ...
     * }</pre>
     *
     * @throws PreconditionFailedException when the procedure's input is refused (a package of another flavor)
     */
    @Beta
    public Operation plan(Procedure procedure) {
        requireNonNull(procedure, "procedure");
        UpgradeOptions options = RunOptions.defaults().forProcedure(procedure);
        return ProcedureKinds.plan(
                procedure,
                procedures(options, ProcedureSpec.of(procedure.kind()).needsSql()));
    }

    /**
     * Runs exactly a planned operation (from {@link #plan} or read back with {@link Operation#fromJson}):
     * refused before anything is done when the cluster no longer matches what it was planned from ({@link
     * Operation#basis()}); then pre-flight (all failures at once), lock, journal, each step with its gates
     * and the final gate. The procedure's own options are those it was planned with ({@link
     * Operation#options()}: an upgrade's package SHA-512, FE metadata check, downgrade...), beside {@code
     * options}.
     *
     * @throws PreconditionFailedException when the plan is stale or pre-flight refuses (nothing changed)
     * @throws NodeFailedException when a node fails; {@link #resume} continues after the fix
     */
    @Beta
    public RunResult run(Operation operation, RunOptions options) {
        requireNonNull(operation, "operation");
        requireNonNull(options, "options");
        return run(operation, options.forOperation(operation));
    }

    /**
     * Plans {@code procedure} and runs the operation: {@code run(plan(procedure), options)} with the
     * procedure's own options.
     *
     * <pre>{@code
     * RunResult drill = cluster.run(Procedure.failoverDrill(), RunOptions.defaults());
     * log.info("{}", drill.failoverDrill().orElseThrow().describe()); // fe-1 stopped in 0.210 s; ...
     * }</pre>
     */
    @Beta
    public RunResult run(Procedure procedure, RunOptions options) {
        requireNonNull(procedure, "procedure");
        requireNonNull(options, "options");
        UpgradeOptions merged = options.forProcedure(procedure);
        Operation operation = ProcedureKinds.plan(
                procedure, procedures(merged, ProcedureSpec.of(procedure.kind()).needsSql()));
        return run(operation, merged);
    }

    private RunResult run(Operation operation, UpgradeOptions options) {
        requireNonNull(operation, "operation");
        if (!DrillTimes.timed(operation)) {
            return RunResult.of(execute(operation, options), Optional.empty());
        }
        DrillTimes times = new DrillTimes();
        UpgradeResult run = execute(operation, times.listening(options));
        return RunResult.of(run, Optional.of(times.result(run, operation)));
    }

    /**
     * A dry run of {@link #run(Operation, RunOptions)}: every pre-flight check the run would make before
     * its first change (the {@code unfinished-run} gate and the operation's gates, e.g. {@code empty-home}
     * and {@code ports-free} of a deploy), each failure reported; nothing is locked, journaled or changed.
     *
     * @throws PreconditionFailedException listing every failing gate, as the run would
     */
    @Beta
    public void preflight(Operation operation, RunOptions options) {
        requireNonNull(operation, "operation");
        requireNonNull(options, "options");
        procedures(options.forOperation(operation), needsSql(operation)).preflight(operation);
    }

    /** Continues the latest run that did not succeed, from its journal and the live cluster. */
    @Beta
    public RunResult resume(RunOptions options) {
        return RunResult.of(resume(options.forRuns()), Optional.empty());
    }

    /** The runs journaled for this cluster, newest first (the state directory of {@code options}). */
    @Beta
    public List<RunRecord> history(RunOptions options) {
        return history(options.forRuns());
    }

    /**
     * A run's report as one self-contained HTML page ({@link #report(Optional, UpgradeOptions)}); reads
     * only the run's journal in the state directory of {@code options}.
     *
     * @param runId the run, as {@link #history} lists it; empty for the newest run of any kind
     */
    @Beta
    public String report(Optional<String> runId, RunOptions options) {
        return report(runId, options.forRuns());
    }

    /**
     * Starts every node in the runbooks' order: MetaService, Recycler, FE followers with the master
     * (the FE that was master last) last, observers, BEs and CNs, brokers; each verified before the
     * next. Running nodes are left alone.
     *
     * @return the ids of the nodes started
     * @throws NodeFailedException at the first node that fails to start, with its log's last lines
     */
    public List<String> start() {
        return start(topology.nodes());
    }

    /** Starts some nodes (a role: {@code topology().nodes(Role.BE)}, or one node) in the runbooks' order. */
    public List<String> start(Collection<Node> nodes) {
        Procedures procedures = procedures(UpgradeOptions.defaults(), false);
        return procedures.execute(procedures.planStart(nodes)).upgraded();
    }

    /** Stops every node in the reverse of the start order. Stopped nodes are left alone. */
    public List<String> stop() {
        return stop(topology.nodes());
    }

    /** Stops some nodes in the reverse of the start order; returns the ids of the nodes stopped. */
    public List<String> stop(Collection<Node> nodes) {
        Procedures procedures = procedures(UpgradeOptions.defaults(), false);
        return procedures.execute(procedures.planStop(nodes)).upgraded();
    }

    /** Restarts every node one at a time in upgrade order (BEs first, the master last), each awaited ready. */
    public List<String> restart() {
        return restart(topology.nodes());
    }

    /** Restarts some nodes one at a time in upgrade order, each awaited ready before the next. */
    public List<String> restart(Collection<Node> nodes) {
        return restart(nodes, UpgradeOptions.defaults()).upgraded();
    }

    /**
     * A rolling restart as a resumable run: lock, journal, the same safety checks and hooks as an
     * upgrade, balancing paused while BEs restart; {@link #resume} continues it after a crash.
     */
    public UpgradeResult restart(Collection<Node> nodes, UpgradeOptions options) {
        Procedures procedures = procedures(options, false);
        return procedures.execute(procedures.planRestart(nodes));
    }

    /** The rolling restart of some nodes as an {@link Operation}, to print or run with {@link #execute}. */
    public Operation planRestart(Collection<Node> nodes) {
        return procedures(UpgradeOptions.defaults(), false).planRestart(nodes);
    }

    /**
     * The rolling restart of some nodes as planned with {@code options}: with {@link
     * UpgradeOptions#maxParallel()} above 1 its BEs and CNs are in replica-aware batches, each printed with
     * why ({@code docs/parallel.md}).
     *
     * <pre>{@code
     * UpgradeOptions options = UpgradeOptions.builder().parallelAuto().build();
     * Operation restart = cluster.planRestart(cluster.topology().nodes(Role.BE), options);
     * log.info("{}", restart.describe()); // batch 1 (steps 1-3): be-1, be-4, be-7 at once: ...
     * cluster.execute(restart, options);
     * }</pre>
     */
    public Operation planRestart(Collection<Node> nodes, UpgradeOptions options) {
        return procedures(options, false).planRestart(nodes);
    }

    /**
     * Runs an operation planned by this cluster (or read back with {@link Operation#fromJson}); one with a
     * {@link Operation#basis()} is refused when the cluster no longer matches it.
     */
    public UpgradeResult execute(Operation operation, UpgradeOptions options) {
        return procedures(options, needsSql(operation)).execute(operation);
    }

    /**
     * A dry run of {@link #execute}: every pre-flight check the run would make before its first change
     * (the {@code unfinished-run} gate and the operation's gates, e.g. {@code empty-home} and {@code
     * ports-free} of a deploy), with these options, each failure reported; nothing is locked, journaled
     * or changed.
     *
     * @throws PreconditionFailedException listing every failing gate, as {@link #execute} would
     */
    public void preflight(Operation operation, UpgradeOptions options) {
        procedures(options, needsSql(operation)).preflight(requireNonNull(operation, "operation"));
    }

    private static boolean needsSql(Operation operation) {
        return ProcedureSpec.of(operation.kind()).needsSql();
    }

    /**
     * Plans a rolling upgrade to a release package as the operation that will run: reads the package,
     * the live versions, the master and, for the canary and batches, the tablets and their placement,
     * once; orders the nodes as the upgrade docs require, stages the package first, puts the canary first
     * among the BEs and, with {@link UpgradeOptions#maxParallel()} above 1, groups BEs into batches.
     * Nothing is changed. Print it with {@link Operation#describe()}, store it with {@link
     * Operation#toJson()}, run it with {@link #upgrade(Operation, UpgradeOptions)}.
     *
     * @param packageFile the release tarball, e.g. {@code apache-doris-2.1.8-bin-x64.tar.gz}
     */
    public Operation planUpgrade(Path packageFile, UpgradeOptions options) {
        return procedures(options, true).planUpgrade(requireNonNull(packageFile, "packageFile"));
    }

    /**
     * Runs exactly a planned upgrade: refused before anything is done when the cluster no longer matches
     * what it was planned from ({@link Operation#basis()}: membership, versions, master, the package's
     * SHA-512); then pre-flight (all failures at once), staging, balance pause, each node in order with
     * its safety checks, final gate; see {@code docs/upgrade.md}.
     *
     * @throws PreconditionFailedException when the plan is stale or pre-flight refuses (nothing changed)
     * @throws NodeFailedException when a node does not become ready (it is rolled back unless disabled)
     */
    public UpgradeResult upgrade(Operation upgrade, UpgradeOptions options) {
        return procedures(options, true).upgrade(requireNonNull(upgrade, "upgrade"));
    }

    /**
     * Removes nodes from the cluster (seeds 002 and 004): BEs by {@code ALTER SYSTEM DECOMMISSION BACKEND},
     * waited on until their replicas live elsewhere, then stopped; CNs dropped; observers dropped; followers
     * dropped keeping a majority; the master stopped so another is elected, then dropped. Pre-flight refuses
     * (nothing changed) when a partition would keep fewer BEs in its tag than its replicas, when the
     * remaining BEs cannot hold the moved data, when the tablet scheduler is off, or when too few
     * followers stay. A drain whose tablet count does not fall for {@code stuckAfter} fails as stuck. Removed
     * nodes are stopped; their files stay. See {@code docs/scaling.md}.
     *
     * <pre>{@code
     * UpgradeResult run = cluster.scaleIn(List.of(topology.node("be-3").orElseThrow()),
     *         Duration.ofMinutes(10), UpgradeOptions.defaults());
     * }</pre>
     *
     * @throws PreconditionFailedException when pre-flight refuses, naming the table, partition and numbers
     * @throws NodeFailedException when a drain is stuck or a removal fails
     */
    public UpgradeResult scaleIn(Collection<Node> nodes, Duration stuckAfter, UpgradeOptions options) {
        Durations.positive("stuckAfter", stuckAfter);
        Procedures procedures = procedures(options, true);
        return procedures.execute(procedures.planScaleIn(nodes, stuckAfter));
    }

    /** {@link #scaleIn(Collection, Duration, UpgradeOptions)} with a drain reported stuck after 10 minutes. */
    public UpgradeResult scaleIn(Collection<Node> nodes, UpgradeOptions options) {
        return scaleIn(nodes, Duration.ofMinutes(10), options);
    }

    /** The scale-in of some nodes as an {@link Operation}, to print or run with {@link #execute}. */
    public Operation planScaleIn(Collection<Node> nodes, Duration stuckAfter) {
        Durations.positive("stuckAfter", stuckAfter);
        return procedures(UpgradeOptions.defaults(), true).planScaleIn(nodes, stuckAfter);
    }

    /**
     * {@code CANCEL DECOMMISSION BACKEND} for BEs a scale-in left draining (a stuck drain, or a change of
     * mind): they keep the replicas still on them and take new ones again.
     */
    public UpgradeResult cancelScaleIn(Collection<Node> nodes, UpgradeOptions options) {
        Procedures procedures = procedures(options, true);
        return procedures.execute(procedures.planCancelScaleIn(nodes));
    }

    /**
     * The failover drill: stops the master FE, measures until another follower is master and serves SQL,
     * starts the old master again and waits until it is alive as a follower. Refused with fewer than 3
     * alive followers. The times are also reported as events of the run.
     *
     * <pre>{@code
     * FailoverDrillResult drill = cluster.failoverDrill(UpgradeOptions.defaults());
     * log.info("{}", drill.describe()); // fe-1 stopped in 0.210 s; fe-2 served SQL as master 1.320 s later; ...
     * }</pre>
     */
    public FailoverDrillResult failoverDrill(UpgradeOptions options) {
        return DrillTimes.drill(options, timed -> procedures(timed, true));
    }

    /**
     * The FE metadata compatibility check of the upgrade runbooks: on a host of the options' choice
     * (default this machine), a test FE of the package's version is installed into a scratch home and
     * started alone on a read-only copy of the master's meta dir, with ports that no live node on that
     * host uses and nothing listens on, the test cluster id {@code 123456} in fe.conf and the copy's
     * {@code image/VERSION}, and the recovery switch in the form that version takes; its {@code fe.log}
     * and {@code /api/bootstrap} decide whether it loaded the image and replayed the journal. The test FE
     * is stopped and its scratch home removed after a pass. The live cluster is never written: other
     * ports, another cluster id, no helper. See {@code docs/upgrade-testing.md}.
     *
     * <pre>{@code
     * FrontendCheckResult check = cluster.checkFrontendUpgrade(
     *         Path.of("apache-doris-3.0.3-bin-x64.tar.gz"), FrontendCheckOptions.defaults());
     * if (!check.passed()) {
     *     throw new IllegalStateException(check.summary()); // names the fe.log error lines
     * }
     * }</pre>
     *
     * @return the verdict with its evidence; a failed check is a result, not an exception
     * @throws PreconditionFailedException when the input is refused before anything runs: a package of
     *     another flavor or without {@code fe/}, a missing or unreadable meta dir, a scratch directory in
     *     a live home or not empty, no free ports
     */
    public FrontendCheckResult checkFrontendUpgrade(Path packageFile, FrontendCheckOptions options) {
        requireNonNull(packageFile, "packageFile");
        requireNonNull(options, "options");
        return procedures(UpgradeOptions.defaults(), true).checkFrontendUpgrade(packageFile, options);
    }

    /**
     * The rebuild rollback of a BE that starts on no version, as an operation to print and then run with
     * {@link #execute}: stop, {@code DROPP BACKEND} (StarRocks {@code DROP ... FORCE}), move each storage
     * root aside as {@code <path>_aside_<stamp>} (never deleted), start the previous version (the bin/lib in
     * place, or the backup of {@code restoreStamp}), {@code ADD BACKEND}, wait until no tablet is unhealthy.
     * Running it is refused before anything changes unless every tablet on the BE has its other replicas
     * healthy and the replication number is at least 3 (gate {@code rebuild-replicas}, never forced).
     *
     * <pre>{@code
     * Operation rebuild = cluster.planRebuildBackend(cluster.topology().node("be-2").orElseThrow(), Optional.empty());
     * log.info("{}", rebuild.describe());       // exactly what will be done
     * cluster.execute(rebuild, UpgradeOptions.defaults());
     * }</pre>
     */
    public Operation planRebuildBackend(Node node, Optional<String> restoreStamp) {
        requireNonNull(node, "node");
        requireNonNull(restoreStamp, "restoreStamp");
        return procedures(UpgradeOptions.defaults(), true).planRebuildBackend(node, restoreStamp);
    }

    /**
     * Plans the deploy of the whole topology into empty homes from a release package (seed 004): every
     * node installed and configured, the first follower started as master, each other follower added and
     * started with {@code --helper}, then observers, then BEs and CNs. Nothing is changed.
     *
     * @throws PreconditionFailedException when the package is not a release of the topology's flavor
     */
    public Operation planDeploy(Path packageFile) {
        return procedures(UpgradeOptions.defaults(), false).planDeploy(requireNonNull(packageFile, "packageFile"));
    }

    /**
     * Deploys the topology from a release package as a journaled, resumable run; see {@link #planDeploy}
     * and {@code docs/scaling.md}. Pre-flight refuses, before anything changes, a home whose meta dir or
     * storage root holds a file, a port something already listens on, a package of another flavor.
     *
     * <pre>{@code
     * try (Cluster cluster = Cluster.of(Topology.load(Path.of("ha.yaml")))) {
     *     cluster.deploy(Path.of("apache-doris-2.1.7-bin-x64.tar.gz"), UpgradeOptions.defaults());
     * }
     * }</pre>
     *
     * @throws PreconditionFailedException when pre-flight refuses (nothing changed)
     * @throws NodeFailedException when a node does not come up; {@link #resume} continues after the fix
     */
    public UpgradeResult deploy(Path packageFile, UpgradeOptions options) {
        return execute(planDeploy(packageFile), options);
    }

    /**
     * Plans adding nodes of the topology to the running cluster: each installed from the package when
     * given (else its home is taken as installed), added with {@code ALTER SYSTEM ADD} and started, FEs
     * with {@code --helper} the master now or the FE named by {@code helper}. Nothing is changed.
     */
    public Operation planScaleOut(Collection<Node> nodes, Optional<Path> packageFile, Optional<String> helper) {
        return procedures(UpgradeOptions.defaults(), true).planScaleOut(nodes, packageFile, helper);
    }

    /**
     * Adds nodes of the topology to the running cluster as a resumable run, joining FEs through the
     * master. Pre-flight refuses a node whose {@code host:port} is a member already, a home holding data,
     * an unreachable helper, and (unless {@code same-version} is forced) a node whose version differs
     * from the cluster's.
     *
     * <pre>{@code
     * cluster.scaleOut(List.of(topology.node("be-4").orElseThrow()), Optional.empty(), UpgradeOptions.defaults());
     * }</pre>
     */
    public UpgradeResult scaleOut(Collection<Node> nodes, Optional<Path> packageFile, UpgradeOptions options) {
        return scaleOut(nodes, packageFile, Optional.empty(), options);
    }

    /** {@link #scaleOut(Collection, Optional, UpgradeOptions)} with new FEs joining through the FE {@code helper}. */
    public UpgradeResult scaleOut(
            Collection<Node> nodes, Optional<Path> packageFile, Optional<String> helper, UpgradeOptions options) {
        return execute(planScaleOut(nodes, packageFile, helper), options);
    }

    /** Continues the latest upgrade or restart that did not succeed, from its journal and the live cluster. */
    public UpgradeResult resume(UpgradeOptions options) {
        return procedures(options, false).resume(Optional.empty());
    }

    /** Returns the nodes the latest upgrade changed to their backups, FEs before BEs. */
    public UpgradeResult rollback(UpgradeOptions options) {
        return procedures(options, true).rollback(Optional.empty());
    }

    /** The runs journaled for this cluster, newest first (the state directory of {@code options}). */
    public List<RunRecord> history(UpgradeOptions options) {
        return procedures(options, false).history();
    }

    /**
     * A run's report as one self-contained HTML page (no script or style from elsewhere): a timeline with
     * a row per node and its downtime from stop to ready as a bar, the master changes and batches marked;
     * the plan, every journal entry, forced checks, the balance switches before and after, the outcome,
     * and who ran it where and when. Reads only the run's journal, so it works while the cluster is down.
     *
     * <pre>{@code
     * String html = cluster.report(Optional.empty(), UpgradeOptions.defaults()); // the newest run
     * Files.writeString(Path.of("report.html"), html);
     * }</pre>
     *
     * @param runId the run, as {@link #history} lists it; empty for the newest run of any kind
     * @param options where the journals are ({@link UpgradeOptions#stateDir()}); the rest is not used
     * @throws DorisOpsException when no run (or none of that id) is journaled, naming the runs there are
     */
    public String report(Optional<String> runId, UpgradeOptions options) {
        requireNonNull(runId, "runId");
        requireNonNull(options, "options");
        checkOpen();
        return Procedures.report(topology, options.stateDir().or(() -> Optional.ofNullable(stateDir)), runId);
    }

    private Procedures procedures(UpgradeOptions options, boolean needsSql) {
        checkOpen();
        Optional<ClusterAdmin> sql = admin();
        if (needsSql && sql.isEmpty()) {
            throw new DorisOpsException("an upgrade of " + topology.name() + " needs the SQL control plane to read"
                    + " versions and pause balancing; add dorisops-jdbc-probe to the class path");
        }
        return Procedures.onHosts(
                topology, transports, nodeControl, probe, sql, options, listener, Optional.ofNullable(stateDir));
    }

    /** Closes the admin (if opened) and the transports. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            try {
                admin.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing the cluster admin failed", topology.name(), e);
            }
        }
        transports.close();
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("cluster " + topology.name() + " is closed; create a new Cluster");
        }
    }

    private static Optional<ClusterAdminProvider> firstAdminProvider() {
        Iterator<ClusterAdminProvider> providers =
                ServiceLoader.load(ClusterAdminProvider.class).iterator();
        return providers.hasNext() ? Optional.of(providers.next()) : Optional.empty();
    }

    /** Builds a {@link Cluster}; every part not set gets its default. */
    public static final class Builder {
        private final Topology topology;
        private Transports transports;
        private HealthProbe probe;
        private ClusterAdmin admin;
        private ProgressListener listener = ProgressListener.NONE;
        private Path stateDir;
        private NodeControl nodeControl;

        private Builder(Topology topology) {
            this.topology = requireNonNull(topology, "topology");
        }

        /** The transports; default {@link Transports#of(Topology)}. */
        public Builder transports(Transports transports) {
            this.transports = requireNonNull(transports, "transports");
            return this;
        }

        /** The probe; default {@link HttpHealthProbe#of(Topology)}. */
        public Builder probe(HealthProbe probe) {
            this.probe = requireNonNull(probe, "probe");
            return this;
        }

        /** The admin; default: opened from the first {@link ClusterAdminProvider} on the class path. */
        public Builder admin(ClusterAdmin admin) {
            this.admin = requireNonNull(admin, "admin");
            return this;
        }

        /** The progress listener; default {@link ProgressListener#NONE}. */
        public Builder listener(ProgressListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Where runs keep their lock and journals unless an operation's options say otherwise; default
         * {@code ~/.dorisops/<cluster>-<members digest>}.
         */
        public Builder stateDir(Path dir) {
            this.stateDir = requireNonNull(dir, "stateDir");
            return this;
        }

        /**
         * How procedures act on the nodes; default: on hosts, through the {@link #transports}. A procedure
         * needing a capability it lacks is refused when planned or run, naming the capability.
         */
        public Builder nodeControl(NodeControl nodeControl) {
            this.nodeControl = requireNonNull(nodeControl, "nodeControl");
            return this;
        }

        /** The cluster. */
        public Cluster build() {
            return new Cluster(this);
        }
    }
}
