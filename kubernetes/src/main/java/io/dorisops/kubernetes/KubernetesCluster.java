package io.dorisops.kubernetes;

import static java.util.Objects.requireNonNull;

import io.dorisops.Beta;
import io.dorisops.Cluster;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.RunRecord;
import io.dorisops.RunResult;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.Wait;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.kubernetes.internal.Api;
import io.dorisops.kubernetes.internal.Debug;
import io.dorisops.kubernetes.internal.Discovery;
import io.dorisops.kubernetes.internal.Members;
import io.dorisops.kubernetes.internal.PodComponents;
import io.dorisops.kubernetes.internal.PodNodes;
import io.dorisops.kubernetes.internal.PortForwards;
import io.dorisops.kubernetes.internal.ResourceCredentials;
import io.dorisops.kubernetes.internal.Snapshot;
import io.dorisops.kubernetes.internal.StatusView;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.NodeControl;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@code DorisCluster} or {@code StarRocksCluster} bound to the API server and its SQL control plane:
 * the seed 002 procedures (status, upgrade by image, scale, debug mode) done safely. It is a binding of
 * the SDK's {@link Cluster}: the procedures are core's ({@link Procedure#upgradeImage}, {@link
 * Procedure#scale}), planned from what the operator's resource reports and run with the same plan, run,
 * resume, history and report, on the same kernel as on hosts (gates, lock, journal, balance guard); the
 * operator replaces the pods, dorisops decides the order and checks each step.
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();
 *         KubernetesCluster cluster = KubernetesCluster.connect(client, ClusterRef.of("doris", "doriscluster-sample"))) {
 *     log.info("{}", cluster.status().describe());
 *     Operation upgrade = cluster.plan(Procedure.upgradeImage(Version.parse("2.1.8"), Map.of()));
 *     log.info("{}", upgrade.describe()); // BE first, FE after: nothing changed yet
 *     cluster.run(upgrade, RunOptions.defaults());
 * }
 * }</pre>
 */
public final class KubernetesCluster implements AutoCloseable {

    private final Api api;
    private final Discovery discovery;
    private final Members members;
    private final ClusterRef ref;
    private final ResourceKind kind;
    private final Topology.Sql sql;
    private final Topology.Timeouts timeouts;
    private final String context;
    private final Topology topology;
    private final ClusterAdmin admin;
    private final boolean ownsAdmin;
    private final Optional<PortForwards> forwards;

    private KubernetesCluster(Builder builder) {
        this.api = new Api(builder.client);
        this.discovery = new Discovery(api);
        this.members = new Members(builder.addressing);
        Snapshot snapshot = discovery.read(builder.ref);
        this.ref = snapshot.ref();
        this.kind = snapshot.kind();
        if (snapshot.component("fe").isEmpty()) {
            throw new KubernetesAccessException(
                    ref.toString(),
                    ref + " has no FE (spec." + kind.specField("fe").orElseThrow() + "): nothing to operate");
        }
        this.sql = builder.sqlGiven ? builder.sql : ResourceCredentials.of(api, kind, ref, builder.sql);
        this.timeouts = builder.timeouts;
        this.context = builder.context;
        this.topology = members.topology(snapshot, sql, timeouts);
        this.ownsAdmin = builder.admin == null;
        this.forwards =
                builder.portForward && ownsAdmin ? Optional.of(new PortForwards(api, ref, topology)) : Optional.empty();
        this.admin = builder.admin != null
                ? builder.admin
                : JdbcClusterAdmin.builder(topology)
                        .route(forwards.map(io.dorisops.jdbc.Route.class::cast).orElse(io.dorisops.jdbc.Route.direct()))
                        .build();
    }

    /** A cluster with the defaults: pods reached by their FQDNs, SQL as root without a password. */
    public static KubernetesCluster connect(KubernetesClient client, ClusterRef ref) {
        return builder(client, ref).build();
    }

    public static Builder builder(KubernetesClient client, ClusterRef ref) {
        return new Builder(client, ref);
    }

    /** The resource, with its kind. */
    public ClusterRef ref() {
        return ref;
    }

    public ResourceKind kind() {
        return kind;
    }

    /** The members as the SDK's topology (node ids are pod names), as they are now. */
    public Topology topology() {
        return members.topology(discovery.read(ref), sql, timeouts);
    }

    /** The SQL control plane. */
    public ClusterAdmin admin() {
        return admin;
    }

    /** Components, pods and the master's view side by side, with every disagreement; never throws for an unhealthy cluster. */
    public KubernetesStatus status() {
        return new StatusView(members).status(discovery.read(ref), admin);
    }

    /**
     * The operation {@code procedure} will run on this cluster, read from it once; nothing is changed. An
     * upgrade by image ({@link Procedure#upgradeImage}) and a scale ({@link Procedure#scale}) are what a
     * cluster run by an operator can do; a procedure that needs process control, a binary store or an
     * installer (a restart, a deploy, an upgrade by package) is refused here, naming the capability.
     *
     * @throws IllegalArgumentException naming the component and field when the procedure does not fit the
     *     resource (a component it lacks, an image with no tag to replace)
     */
    @Beta
    public Operation plan(Procedure procedure) {
        return cluster().plan(procedure);
    }

    /**
     * Runs exactly a planned operation on the kernel's runner: pre-flight (a scale-in's gates {@code
     * follower-majority}, {@code replicas-fit}, {@code tablets-healthy} among them, by the names and force
     * rules of hosts'), the claim, the journal, each step, the balance restore.
     *
     * @throws PreconditionFailedException when pre-flight refuses (nothing changed)
     */
    @Beta
    public RunResult run(Operation operation, RunOptions options) {
        return cluster().run(operation, options);
    }

    /** Plans {@code procedure} and runs the operation: {@code run(plan(procedure), options)}. */
    @Beta
    public RunResult run(Procedure procedure, RunOptions options) {
        return cluster().run(procedure, options);
    }

    /** Continues the latest run of this cluster that did not finish, from its journal. */
    @Beta
    public RunResult resume(RunOptions options) {
        return cluster().resume(options);
    }

    /** The runs journaled for this cluster, newest first (the state directory of {@code options}). */
    @Beta
    public List<RunRecord> history(RunOptions options) {
        return cluster().history(options);
    }

    /**
     * A run's report as one self-contained HTML page; reads only the run's journal.
     *
     * @param runId the run, as {@link #history} lists it; empty for the newest run of any kind
     */
    @Beta
    public String report(Optional<String> runId, RunOptions options) {
        return cluster().report(runId, options);
    }

    /**
     * Enters or leaves the operator's debug run mode for one pod (Doris only; seed 002): on, the pod is
     * annotated with both run-mode keys and the wait lasts until its container runs again in debug mode;
     * off, the annotations are removed and the pod deleted, and the wait lasts until the recreated pod is
     * ready.
     */
    public DebugResult debug(String pod, boolean on, Duration timeout) {
        return new Debug(api, kind, ref, topology.timeouts().poll()).apply(pod, on, checked(timeout));
    }

    /** The timeout when a wait takes it (longer than zero, at most 30 days); refused naming it before anything changes. */
    private static Duration checked(Duration timeout) {
        Wait.until("debug", "checked", () -> true).timeout(timeout);
        return timeout;
    }

    /**
     * The SDK's {@link Cluster} over the members as they are now (a scale changes them), bound to the pods:
     * its node control is the pods' run marker and the operator's component control, so a procedure that
     * needs process control, a binary store or an installer is refused when planned. It reaches no host
     * (no transport providers) and opens nothing: the admin is this cluster's, closed by {@link #close}.
     */
    private Cluster cluster() {
        Topology now = members.topology(discovery.read(ref), sql, timeouts);
        PodNodes pods = new PodNodes(api, kind, ref);
        NodeControl control = NodeControl.builder()
                .runMarker(pods)
                .componentControl(new PodComponents(
                        api, members, ref, Optional.of(admin), now.timeouts().poll()))
                .build();
        return Cluster.builder(now)
                .transports(Transports.of(now, List.of()))
                .nodeControl(control)
                .probe(pods)
                .admin(admin)
                .build();
    }

    @Override
    public void close() {
        if (ownsAdmin) {
            admin.close();
        }
        forwards.ifPresent(PortForwards::close);
    }

    /** Options of a {@link KubernetesCluster}. */
    public static final class Builder {
        private final KubernetesClient client;
        private final ClusterRef ref;
        private Addressing addressing = Addressing.inCluster();
        private Topology.Sql sql = Topology.Sql.defaults();
        private boolean sqlGiven;
        private Topology.Timeouts timeouts = Topology.Timeouts.defaults();
        private ClusterAdmin admin;
        private String context = "";
        private boolean portForward;

        private Builder(KubernetesClient client, ClusterRef ref) {
            this.client = requireNonNull(client, "client");
            this.ref = requireNonNull(ref, "ref");
        }

        /** How pods are reached and named by the FEs (default: {@link Addressing#inCluster()}). */
        public Builder addressing(Addressing addressing) {
            this.addressing = requireNonNull(addressing, "addressing");
            return this;
        }

        /**
         * The SQL user and password. Default: the ones the operator manages the cluster with — a DorisCluster's
         * {@code spec.authSecret} Secret ({@code username}, {@code password}; needs get on secrets), else its
         * {@code spec.adminUser} — else root without a password.
         */
        public Builder sql(Topology.Sql sql) {
            this.sql = requireNonNull(sql, "sql");
            this.sqlGiven = true;
            return this;
        }

        /** Ready timeout and poll interval of every wait. */
        public Builder timeouts(Topology.Timeouts timeouts) {
            this.timeouts = requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** An admin to use instead of a {@link JdbcClusterAdmin} over the FE pods; not closed by the cluster. */
        public Builder admin(ClusterAdmin admin) {
            this.admin = requireNonNull(admin, "admin");
            return this;
        }

        /**
         * Reach the FEs' MySQL ports through port-forwards of the API server ({@code pods/portforward},
         * as {@code kubectl port-forward}), for a caller outside the cluster; default off: the FEs are
         * connected to by the {@link Addressing}'s hosts. Ignored with {@link #admin}.
         */
        public Builder portForward(boolean portForward) {
            this.portForward = portForward;
            return this;
        }

        /** The kubeconfig context's name; not part of the cluster's identity, which names the API server itself. */
        public Builder context(String context) {
            this.context = requireNonNull(context, "context");
            return this;
        }

        /**
         * Reads the resource and its pods.
         *
         * @throws KubernetesAccessException naming the resource and the permission or field when it cannot
         */
        public KubernetesCluster build() {
            return new KubernetesCluster(this);
        }
    }
}
