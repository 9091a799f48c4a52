package io.dorisops.internal.context;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.Wait;
import io.dorisops.internal.PlanNodes;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.internal.run.RunSettings;
import io.dorisops.spi.BinaryStore;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ComponentControl;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.Installer;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.NodeControl.Capability;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.ProcessControl;
import io.dorisops.spi.RunMarker;
import io.dorisops.spi.Transport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every operation of one call runs with: the topology, the node control, the probe, the
 * SQL control plane when there is one, the options, the views built on them, and the run's time (the
 * clock and sleeper of every action's wait: the system's, or a test's virtual time).
 */
public final class Engine {

    private final Topology topology;
    private final NodeControl control;
    private final HealthProbe probe;
    private final Optional<ClusterAdmin> admin;
    private final RunSettings options;
    private final Optional<ClusterView> view;
    private final Readiness readiness;
    private final Path stateDir;
    private final Map<String, PackageInfo> packages = new ConcurrentHashMap<>();
    private final Function<String, Transport> hosts;
    private final Clock clock;
    private final Wait.Sleeper sleeper;
    private final boolean journalSync;

    public Engine(
            Topology topology,
            NodeControl control,
            HealthProbe probe,
            Optional<ClusterAdmin> admin,
            RunSettings options) {
        this(topology, control, probe, admin, options, noHosts(topology));
    }

    /** @param hosts the transport of any host by name (the FE metadata check runs on a host of the user's choice) */
    public Engine(
            Topology topology,
            NodeControl control,
            HealthProbe probe,
            Optional<ClusterAdmin> admin,
            RunSettings options,
            Function<String, Transport> hosts) {
        this(topology, control, probe, admin, options, hosts, Clock.systemUTC(), Wait.Sleeper.SYSTEM, true);
    }

    private static Function<String, Transport> noHosts(Topology topology) {
        return host -> {
            throw new DorisOpsException(topology.name() + ": this engine reaches no host " + host
                    + " outside its nodes; run the check through Cluster");
        };
    }

    private Engine(
            Topology topology,
            NodeControl control,
            HealthProbe probe,
            Optional<ClusterAdmin> admin,
            RunSettings options,
            Function<String, Transport> hosts,
            Clock clock,
            Wait.Sleeper sleeper,
            boolean journalSync) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.journalSync = journalSync;
        this.hosts = hosts;
        this.control = control;
        this.topology = topology;
        this.probe = probe;
        this.admin = admin;
        this.options = options;
        this.view = admin.map(a -> new ClusterView(topology, a, probe));
        this.readiness = new Readiness(control, probe, view, readyTimeout());
        this.stateDir = options.stateDir().orElse(ClusterIdentity.defaultStateDir(topology));
    }

    public Topology topology() {
        return topology;
    }

    public RunSettings options() {
        return options;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The transport of a host by name. */
    public Transport host(String name) {
        return hosts.apply(name);
    }

    /** The node control, whose capabilities {@link Capabilities} checks before a plan or a run. */
    public NodeControl control() {
        return control;
    }

    public ProcessControl processes() {
        return control.processes().orElseThrow(() -> lacks(Capability.PROCESS_CONTROL));
    }

    public BinaryStore binaries() {
        return control.binaries().orElseThrow(() -> lacks(Capability.BINARY_STORE));
    }

    public Installer installer() {
        return control.installer().orElseThrow(() -> lacks(Capability.INSTALLER));
    }

    public RunMarker runMarker() {
        return control.runMarker().orElseThrow(() -> lacks(Capability.RUN_MARKER));
    }

    public ComponentControl components() {
        return control.components().orElseThrow(() -> lacks(Capability.COMPONENT_CONTROL));
    }

    /** A capability {@link Capabilities#require} did not refuse up front: a bug, named as such. */
    private IllegalStateException lacks(Capability capability) {
        return new IllegalStateException(topology.name() + ": the node control has no " + capability.description()
                + ", and the plan was not refused for it");
    }

    HealthProbe probe() {
        return probe;
    }

    public boolean hasAdmin() {
        return admin.isPresent();
    }

    /** The SQL control plane. @throws DorisOpsException when there is none */
    public ClusterAdmin admin() {
        return admin.orElseThrow(() -> new DorisOpsException(topology.name() + ": this operation needs the SQL"
                + " control plane to read versions, tablets and the balance switches; add dorisops-jdbc-probe to"
                + " the class path"));
    }

    public ClusterView view() {
        return view.orElseThrow(() -> new DorisOpsException(topology.name() + ": no SQL control plane"));
    }

    public Readiness readiness() {
        return readiness;
    }

    public Duration readyTimeout() {
        return options.readyTimeout().orElse(topology.timeouts().ready());
    }

    Duration pollInterval() {
        return options.pollInterval().orElse(topology.timeouts().poll());
    }

    /** This engine on other time: tests run drains, soaks and elections on a virtual clock. */
    public Engine withTime(Clock time, Wait.Sleeper sleep) {
        return new Engine(topology, control, probe, admin, options, hosts, time, sleep, journalSync);
    }

    /** This engine forcing each journal entry to disk ({@code sync}, the default) or not (tests on fakes). */
    public Engine withJournalSync(boolean sync) {
        return new Engine(topology, control, probe, admin, options, hosts, clock, sleeper, sync);
    }

    /** Whether each journal entry is forced to disk before the run goes on. */
    public boolean journalSync() {
        return journalSync;
    }

    /** The run's clock, which the actions' waits measure with. */
    public Clock clock() {
        return clock;
    }

    /** A waiter at the run's poll interval on the run's clock and sleeper, telling each new state. */
    public Waiter waiter(Consumer<String> onNewState) {
        return new Waiter(pollInterval(), clock, sleeper, onNewState);
    }

    /** The master now, or empty when no FE answers or there is no SQL control plane. */
    public Optional<Node> masterNow() {
        if (view.isEmpty()) {
            return Optional.empty();
        }
        // With no follower up no master can answer: do not wait a failover timeout for one (a start of a
        // stopped cluster plans from the topology's first follower instead).
        if (topology.nodes(io.dorisops.Role.FE_FOLLOWER).stream()
                .noneMatch(fe -> probe.probe(fe).ready())) {
            return Optional.empty();
        }
        try {
            return view.get().master();
        } catch (DorisOpsException e) {
            return Optional.empty();
        }
    }

    /** The package of a stage or install action, read and verified once per file. */
    public PackageFile packageFile(String file) {
        return packageInfo(file).verified();
    }

    public PackageInfo packageInfo(String file) {
        return packages.computeIfAbsent(
                file, f -> PackageInfo.inspect(Path.of(f), topology.flavor(), options.packageSha512()));
    }

    public Node node(String id) {
        return PlanNodes.node(topology, id);
    }
}
