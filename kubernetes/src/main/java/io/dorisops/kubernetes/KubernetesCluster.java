package io.dorisops.kubernetes;

import static java.util.Objects.requireNonNull;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.ReplicaFacts;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.TabletHealth;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.Version;
import io.dorisops.internal.Durations;
import io.dorisops.internal.gate.ReplicaGates;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.kubernetes.internal.Api;
import io.dorisops.kubernetes.internal.Debug;
import io.dorisops.kubernetes.internal.Discovery;
import io.dorisops.kubernetes.internal.KubernetesPlans;
import io.dorisops.kubernetes.internal.Members;
import io.dorisops.kubernetes.internal.PodComponents;
import io.dorisops.kubernetes.internal.PodNodes;
import io.dorisops.kubernetes.internal.PortForwards;
import io.dorisops.kubernetes.internal.ResourceCredentials;
import io.dorisops.kubernetes.internal.Snapshot;
import io.dorisops.kubernetes.internal.StatusView;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.NodeControl;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code DorisCluster} or {@code StarRocksCluster} bound to the API server and its SQL control plane:
 * the seed 002 procedures (status, upgrade by image, scale, debug mode) done safely. Operations run on
 * the same kernel as on hosts (lock, pre-flight, journal, balance guard, resume); the operator replaces
 * the pods, dorisops decides the order and checks each step.
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();
 *         KubernetesCluster cluster = KubernetesCluster.connect(client, ClusterRef.of("doris", "doriscluster-sample"))) {
 *     log.info("{}", cluster.status().describe());
 *     Operation upgrade = cluster.planUpgrade(Version.parse("2.1.8"));
 *     cluster.execute(upgrade, RunOptions.defaults());
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

    /** An upgrade to {@code target}: each component's image with its tag replaced by the version. */
    public Operation planUpgrade(Version target) {
        return planUpgrade(target, Map.of());
    }

    /**
     * An upgrade to {@code target}, BE and CN first, FE after, the broker last; nothing is changed.
     *
     * @param images images to use instead of the current ones re-tagged, by component ({@code be} to {@code
     *     selectdb/doris.be-ubuntu:2.1.8})
     * @throws IllegalArgumentException naming the component and field when an image has no tag to replace
     */
    public Operation planUpgrade(Version target, Map<String, String> images) {
        requireNonNull(target, "target");
        Snapshot snapshot = discovery.read(ref);
        Map<String, String> chosen = new LinkedHashMap<>();
        Map<String, Version> from = new LinkedHashMap<>();
        for (ComponentState component : snapshot.components()) {
            String image = images.get(component.name());
            if (image == null) {
                image = retag(component, target);
            }
            chosen.put(component.name(), image);
            KubernetesPlans.version(component).ifPresent(v -> from.put(component.name(), v));
        }
        images.keySet().stream()
                .filter(name -> snapshot.component(name).isEmpty())
                .findFirst()
                .ifPresent(name -> {
                    throw new IllegalArgumentException(ref + " has no component " + name + "; it has "
                            + snapshot.components().stream()
                                    .map(ComponentState::name)
                                    .toList());
                });
        return KubernetesPlans.upgrade(snapshot, target, chosen, from);
    }

    private String retag(ComponentState component, Version target) {
        String image = component.image();
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash || image.contains("@")) {
            throw new IllegalArgumentException(ref + ": " + component.specField() + ".image \"" + image
                    + "\" has no tag to replace with " + target.number() + "; name the new image (--image "
                    + component.name() + "=REPOSITORY:TAG)");
        }
        return image.substring(0, colon + 1) + target.number();
    }

    /**
     * A change of a component's replicas; refused (nothing changed) when it would leave FE followers below a
     * majority or BEs too few for the tablets' replicas.
     *
     * @param options the gates to skip ({@link RunOptions#forced()}): a scale-in's gates are {@code
     *     follower-majority}, {@code replicas-fit} and {@code tablets-healthy}, by the same names and force
     *     rules as on hosts
     */
    public Operation planScale(String component, int replicas, RunOptions options) {
        requireNonNull(component, "component");
        Set<String> forced = requireNonNull(options, "options").forced();
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
        }
        Snapshot snapshot = discovery.read(ref);
        ComponentState state = snapshot.component(component)
                .orElseThrow(() -> new IllegalArgumentException(ref + " has no component " + component + "; it has "
                        + snapshot.components().stream()
                                .map(ComponentState::name)
                                .toList()));
        Optional<Version> version = Optional.empty();
        Optional<TabletHealth> tablets = Optional.empty();
        Optional<List<String>> replicasFit = Optional.empty();
        try {
            version = admin.frontends().stream()
                    .filter(Frontend::master)
                    .findFirst()
                    .flatMap(Frontend::version);
            tablets = Optional.of(admin.tabletHealth());
            if (component.equals("be") && replicas < state.replicas() && !forced.contains("replicas-fit")) {
                replicasFit = replicasFit(snapshot, state, replicas);
            }
        } catch (DorisOpsException e) {
            if (replicas < state.replicas() && component.equals("be")) {
                throw new DorisOpsException(
                        ref + ": a BE scale-in needs the master's view to decommission; " + e.getMessage(), e);
            }
        }
        return KubernetesPlans.scale(snapshot, state, replicas, version, tablets, replicasFit, forced);
    }

    /**
     * The partitions that the BEs staying after a scale-in to {@code replicas} cannot hold, per tag ({@link
     * ReplicaGates#replicasFit}); empty when the admin reads no replica facts.
     */
    private Optional<List<String>> replicasFit(Snapshot snapshot, ComponentState state, int replicas) {
        ReplicaFacts facts;
        try {
            facts = admin.replicaFacts();
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        Topology now = members.topology(snapshot, sql, timeouts);
        List<ReplicaFacts.Storage> leaving = new ArrayList<>();
        for (int i = state.replicas() - 1; i >= replicas; i--) {
            now.node(kind.statefulSet(ref.name(), state.name()) + "-" + i)
                    .flatMap(facts::backend)
                    .ifPresent(leaving::add);
        }
        return Optional.of(ReplicaGates.replicasFit(facts, leaving));
    }

    /** Runs an operation planned here on the kernel's runner. */
    public RunResult execute(Operation operation, RunOptions options) {
        return cluster().run(operation, options);
    }

    /** Continues the latest run of this cluster that did not finish, from its journal. */
    public RunResult resume(RunOptions options) {
        return cluster().resume(options);
    }

    /**
     * Enters or leaves the operator's debug run mode for one pod (Doris only; seed 002): on, the pod is
     * annotated with both run-mode keys and the wait lasts until its container runs again in debug mode;
     * off, the annotations are removed and the pod deleted, and the wait lasts until the recreated pod is
     * ready.
     */
    public DebugResult debug(String pod, boolean on, Duration timeout) {
        return new Debug(api, kind, ref, topology.timeouts().poll())
                .apply(pod, on, Durations.positive("timeout", timeout));
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
