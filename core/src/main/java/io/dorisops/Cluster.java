package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.config.ConfigDriftReader;
import io.dorisops.internal.engine.DrillTimes;
import io.dorisops.internal.engine.Procedures;
import io.dorisops.internal.engine.StatusReader;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.internal.run.RunSettings;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ClusterAdminProvider;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.NodeControl;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topology bound to what operates it: the {@link Transports} that reach its hosts, a {@link
 * HealthProbe} and, when a {@link ClusterAdminProvider} is on the class path (module jdbc-probe), a
 * {@link ClusterAdmin} for the SQL control plane. The entry point of the SDK: {@link #plan} shows what a
 * {@link Procedure} will do, {@link #run} does it, {@link #resume}, {@link #history} and {@link #report}
 * read and continue the runs.
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
    private final Clock clock;
    private final Wait.Sleeper sleeper;
    private final boolean journalSync;
    private ClusterAdmin admin;
    private boolean closed;

    private Cluster(Builder builder) {
        this.topology = builder.topology;
        this.transports = builder.transports != null ? builder.transports : Transports.of(topology);
        this.probe = builder.probe != null ? builder.probe : HttpHealthProbe.of(topology);
        this.listener = builder.listener;
        this.stateDir = builder.stateDir;
        this.nodeControl = Optional.ofNullable(builder.nodeControl);
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
        this.journalSync = builder.journalSync;
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
     * Where the configuration has drifted: for every FE, BE and CN, the value the topology declares, the
     * value in its conf files and the value it runs, each disagreement with the value its next start
     * brings ({@link ConfigDrift}, {@code docs/config.md}). Read-only: no lock, no journal, no change.
     * Nodes that cannot be read are listed in {@link ConfigDrift#unread()}.
     *
     * <pre>{@code
     * ConfigDrift drift = cluster.configDrift();
     * drift.differences().forEach(d -> log.warn("{} {}: {} ({})", d.node(), d.key(), d.kind().sentence(), d.note()));
     * }</pre>
     */
    @Beta
    public ConfigDrift configDrift() {
        checkOpen();
        return ConfigDriftReader.read(topology, transports, this::admin);
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
        RunSettings options = RunOptions.defaults().forProcedure(procedure);
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
        RunSettings merged = options.forProcedure(procedure);
        Operation operation = ProcedureKinds.plan(
                procedure, procedures(merged, ProcedureSpec.of(procedure.kind()).needsSql()));
        return run(operation, merged);
    }

    private RunResult run(Operation operation, RunSettings settings) {
        requireNonNull(operation, "operation");
        if (!DrillTimes.timed(operation)) {
            return procedures(settings, needsSql(operation)).execute(operation);
        }
        DrillTimes times = new DrillTimes();
        RunResult run =
                procedures(times.listening(settings), needsSql(operation)).execute(operation);
        return run.withFailoverDrill(times.result(run, operation));
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

    /**
     * Continues the latest run that did not succeed, from its journal and the live cluster, with the
     * procedure options it was planned with ({@link Operation#options()}) beside {@code options}.
     */
    @Beta
    public RunResult resume(RunOptions options) {
        Operation unfinished = procedures(options.forRuns(), false).toResume(Optional.empty());
        return procedures(options.forOperation(unfinished), false).resume(Optional.empty());
    }

    /** The runs journaled for this cluster, newest first (the state directory of {@code options}). */
    @Beta
    public List<RunRecord> history(RunOptions options) {
        return procedures(options.forRuns(), false).history();
    }

    /**
     * A run's report as one self-contained HTML page (no script or style from elsewhere): a timeline with
     * a row per node and its downtime from stop to ready as a bar, the master changes and batches marked;
     * the plan, every journal entry, forced checks, the balance switches before and after, the outcome,
     * and who ran it where and when. Reads only the run's journal, so it works while the cluster is down.
     *
     * <pre>{@code
     * String html = cluster.report(Optional.empty(), RunOptions.defaults()); // the newest run
     * Files.writeString(Path.of("report.html"), html);
     * }</pre>
     *
     * @param runId the run, as {@link #history} lists it; empty for the newest run of any kind
     * @param options where the journals are ({@link RunOptions#stateDir()}); the rest is not used
     * @throws DorisOpsException when no run (or none of that id) is journaled, naming the runs there are
     */
    @Beta
    public String report(Optional<String> runId, RunOptions options) {
        requireNonNull(runId, "runId");
        requireNonNull(options, "options");
        checkOpen();
        return Procedures.report(topology, options.stateDir().or(() -> Optional.ofNullable(stateDir)), runId);
    }

    private static boolean needsSql(Operation operation) {
        return ProcedureSpec.of(operation.kind()).needsSql();
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
        return procedures(RunSettings.defaults(), true).checkFrontendUpgrade(packageFile, options);
    }

    private Procedures procedures(RunSettings options, boolean needsSql) {
        checkOpen();
        Optional<ClusterAdmin> sql = admin();
        if (needsSql && sql.isEmpty()) {
            throw new DorisOpsException("an upgrade of " + topology.name() + " needs the SQL control plane to read"
                    + " versions and pause balancing; add dorisops-jdbc-probe to the class path");
        }
        return Procedures.onHosts(
                        topology, transports, nodeControl, probe, sql, options, listener, Optional.ofNullable(stateDir))
                .on(clock, sleeper, journalSync);
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
        private Clock clock = Clock.systemUTC();
        private Wait.Sleeper sleeper = Wait.Sleeper.SYSTEM;
        private boolean journalSync = true;

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

        /**
         * The time every wait of a run measures with and sleeps through (readiness, gates, drains, the final
         * gate); default the system's clock and {@link Wait.Sleeper#SYSTEM}. A test passes virtual time
         * (the testkit's {@code VirtualTime}) so a run's waits take no real time.
         */
        @Beta
        public Builder time(Clock clock, Wait.Sleeper sleeper) {
            this.clock = requireNonNull(clock, "clock");
            this.sleeper = requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Whether each journal entry of a run is forced to disk before the run goes on; default true, so a
         * crash or power loss loses no record and {@link Cluster#resume} knows what was done. False only for
         * tests on a fake cluster (as ZooKeeper's {@code forceSync=no}): a run then costs no fsync per entry.
         */
        @Beta
        public Builder journalSync(boolean sync) {
            this.journalSync = sync;
            return this;
        }

        /** The cluster. */
        public Cluster build() {
            return new Cluster(this);
        }
    }
}
