package io.dorisops.jdbc;

import static java.util.Objects.requireNonNull;

import io.dorisops.BackupRepository;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.TabletPlacement;
import io.dorisops.Topology;
import io.dorisops.internal.Durations;
import io.dorisops.jdbc.internal.Backups;
import io.dorisops.jdbc.internal.FeEndpoint;
import io.dorisops.jdbc.internal.FrontendConfigTable;
import io.dorisops.jdbc.internal.FrontendConfigs;
import io.dorisops.jdbc.internal.MasterSession;
import io.dorisops.jdbc.internal.Membership;
import io.dorisops.jdbc.internal.PlacementReader;
import io.dorisops.jdbc.internal.ReplicaReader;
import io.dorisops.jdbc.internal.RunningQueries;
import io.dorisops.jdbc.internal.Statement;
import io.dorisops.jdbc.internal.TabletHealthReader;
import io.dorisops.spi.Backend;
import io.dorisops.spi.BackupJob;
import io.dorisops.spi.BackupSnapshot;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ConfigItem;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.RepositoryInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@link ClusterAdmin} over the MySQL protocol with mysql-connector-j: one connection to the master FE,
 * found from {@code SHOW FRONTENDS} (Doris {@code IsMaster=true}, StarRocks {@code Role=LEADER}),
 * reused, and found again when it breaks or the master moves.
 *
 * <pre>{@code
 * Topology topology = Topology.load(Path.of("cluster.yaml"));
 * try (JdbcClusterAdmin admin = JdbcClusterAdmin.of(topology)) {
 *     for (Backend be : admin.backends()) {
 *         log.info("{} alive={} tablets={}", be.address(), be.alive(), be.tabletNum());
 *     }
 *     try (BalanceGuard pause = BalanceGuard.pause(admin, topology.flavor())) {
 *         // upgrade the backends; after an FE master change call pause.reapply()
 *     }
 * }
 * }</pre>
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Connections use the topology's {@code sql} settings: user, password (read from its secret at
 *       connect time, never logged or put in a URL or message), connect and socket timeouts, TLS
 *       ({@code sslMode=REQUIRED}) when asked. Nothing connects before the first call.
 *   <li>Every call runs on the master. When the connection breaks or an FE answers that it is not the
 *       master, the call finds the master again and retries, until {@link Builder#failoverTimeout}.
 *       Changes are retried safely: a retry first checks whether the change already happened.
 *   <li>Columns are read by name, so Doris 1.2 to 3.x and StarRocks 2.5 to 4.x map alike; a missing
 *       column fails naming the FE, its version and the column.
 *   <li>Every host and port is validated before it reaches a statement; an invalid one throws {@link
 *       IllegalArgumentException} and nothing is sent.
 *   <li>Failures throw {@link DorisOpsException} naming the FE: a wrong password (naming the user), no
 *       FE reachable (listing every FE tried and why), a refused statement (the statement, secrets
 *       masked, and the server's message).
 * </ul>
 *
 * <p>Thread-safe: calls are serialized on the one connection.
 */
public final class JdbcClusterAdmin implements ClusterAdmin {

    private final Topology topology;
    private final Flavor flavor;
    private final MasterSession session;
    private final Membership membership;
    private final RunningQueries runningQueries;
    private final FrontendConfigs configs;
    private final FrontendConfigTable configTable;
    private final Backups backups;

    private JdbcClusterAdmin(Builder builder) {
        this.topology = builder.topology;
        this.flavor = topology.flavor();
        List<FeEndpoint> seeds = new ArrayList<>();
        for (Node fe : topology.frontends()) {
            seeds.add(FeEndpoint.of(fe.id(), fe.host(), fe.ports().queryPort(), builder.route));
        }
        this.session = new MasterSession(
                topology.name(), topology.sql(), seeds, builder.route, builder.failoverTimeout, builder.pollInterval);
        this.membership = new Membership(topology.name(), flavor, session);
        this.runningQueries = new RunningQueries(flavor, session);
        this.configs = new FrontendConfigs(topology.name(), session);
        this.configTable = new FrontendConfigTable(topology.sql(), builder.route);
        this.backups = new Backups(flavor, session);
    }

    /** An admin for the topology's FEs with the default options; it connects at the first call. */
    public static JdbcClusterAdmin of(Topology topology) {
        return builder(topology).build();
    }

    /** A builder for the topology's FEs. */
    public static Builder builder(Topology topology) {
        return new Builder(topology);
    }

    /** Options of a {@link JdbcClusterAdmin}. */
    public static final class Builder {
        private final Topology topology;
        private Duration failoverTimeout = Duration.ofSeconds(60);
        private Duration pollInterval;
        private Route route = Route.direct();

        private Builder(Topology topology) {
            this.topology = requireNonNull(topology, "topology");
            this.pollInterval = topology.timeouts().poll();
        }

        /** How long a call waits for a master after a failover (default 60 s). */
        public Builder failoverTimeout(Duration failoverTimeout) {
            this.failoverTimeout = positive(failoverTimeout, "failoverTimeout");
            return this;
        }

        /** How often a call looks for the master while there is none (default: the topology's poll). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * How an FE is reached (default {@link Route#direct()}): a tunnel, such as a Kubernetes
         * port-forward, maps the address the FEs know each other by to a local one.
         */
        public Builder route(Route route) {
            this.route = requireNonNull(route, "route");
            return this;
        }

        /**
         * Builds the admin; no connection is made yet.
         *
         * @throws IllegalArgumentException when the topology has no FE or an FE's host or query port is
         *     invalid
         */
        public JdbcClusterAdmin build() {
            return new JdbcClusterAdmin(this);
        }

        private static Duration positive(Duration value, String name) {
            return Durations.positive(name, value);
        }
    }

    @Override
    public List<Frontend> frontends() {
        return membership.frontends();
    }

    @Override
    public List<Backend> backends() {
        return membership.backends();
    }

    @Override
    public List<Backend> computeNodes() {
        return membership.computeNodes();
    }

    @Override
    public Frontend master() {
        return frontends().stream()
                .filter(Frontend::master)
                .findFirst()
                .orElseThrow(() -> new DorisOpsException(topology.name() + ": no FE is master"));
    }

    @Override
    public void addBackend(String host, int heartbeatPort) {
        membership.addBackend(host, heartbeatPort);
    }

    @Override
    public void decommissionBackend(String host, int heartbeatPort) {
        membership.decommissionBackend(host, heartbeatPort);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sends only {@code "true"} or {@code "false"}; skipped when both flags already are so (read from
     * {@code SHOW BACKENDS} {@code Status}); enabling a backend the master no longer lists does nothing.
     */
    @Override
    public void setBackendDisabled(String host, int heartbeatPort, boolean disabled) {
        membership.setBackendDisabled(host, heartbeatPort, disabled);
    }

    @Override
    public OptionalInt runningQueries(String host, int heartbeatPort) {
        return runningQueries.of(host, heartbeatPort);
    }

    @Override
    public void cancelDecommission(String host, int heartbeatPort) {
        membership.cancelDecommission(host, heartbeatPort);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The flavor's forced statement, since Doris refuses a plain {@code DROP BACKEND}. No guard here:
     * the engine runs its {@code drop-replicas} gate ({@code ReplicaGates.requireDroppable}, on {@link
     * #replicaFacts()} and {@link #tabletHealth()}) before every drop it does not force; call it yourself
     * before dropping a backend that may hold replicas (see {@code docs/jdbc-probe.md}).
     */
    @Override
    public void dropBackend(String host, int heartbeatPort) {
        membership.dropBackend(host, heartbeatPort);
    }

    @Override
    public void addComputeNode(String host, int heartbeatPort) {
        membership.addComputeNode(host, heartbeatPort);
    }

    @Override
    public void dropComputeNode(String host, int heartbeatPort) {
        membership.dropComputeNode(host, heartbeatPort);
    }

    @Override
    public void addFrontend(Role role, String host, int editLogPort) {
        membership.addFrontend(role, host, editLogPort);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refused, with nothing sent, when the FE is the master, is not a member with that role, or is a
     * follower whose removal leaves fewer alive followers than a majority of the remaining ones.
     */
    @Override
    public void dropFrontend(Role role, String host, int editLogPort) {
        membership.dropFrontend(role, host, editLogPort);
    }

    @Override
    public Map<String, String> frontendConfig(Collection<String> keys) {
        return configs.read(keys);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On Doris a key that is not master-only applies only to the FE it is set on, here the master;
     * when an earlier {@link #frontendConfig} read showed {@code MasterOnly=false}, a warning says so.
     */
    @Override
    public void setFrontendConfig(String key, String value) {
        configs.set(key, value);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On a connection of its own to that FE, with the topology's SQL settings and route; the FE is
     * named by its topology id when the topology lists it.
     */
    @Override
    public List<ConfigItem> frontendConfigAt(String host, int queryPort) {
        String id = topology.frontends().stream()
                .filter(fe -> fe.host().equals(host) && fe.ports().queryPort() == queryPort)
                .map(Node::id)
                .findFirst()
                .orElse("FE");
        return configTable.read(id, host, queryPort);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The statement follows the flavor, as the FE sources give it: Doris (1.1 and later) {@code SHOW
     * PROC '/cluster_health/tablet_health'}, plus {@code SHOW PROC '/statistic'} for {@code ReplicaNum};
     * a Doris FE that refuses {@code tablet_health} (before 1.1) is read from {@code /statistic}.
     * StarRocks, which has no {@code cluster_health} proc, {@code SHOW PROC '/statistic'}. The choice does
     * not parse the FE version, so trunk and hotfix builds read alike.
     */
    @Override
    public TabletHealth tabletHealth() {
        return session.call(
                "tablet health", (handle, attempt) -> TabletHealthReader.read(handle, flavor, topology.name()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The statements and columns are those of {@code ReplicaReader} (audited in {@code
     * docs/testkit-sql.md}); the whole read runs on the master and is retried as one when it moves.
     */
    @Override
    public ReplicaFacts replicaFacts() {
        return session.call("replica facts", (handle, attempt) -> ReplicaReader.read(handle, flavor));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The statements and columns are those of {@code PlacementReader} (audited in {@code
     * docs/testkit-sql.md}); the whole read runs on the master and is retried as one when it moves.
     */
    @Override
    public TabletPlacement tabletPlacement(ReplicaFacts facts) {
        requireNonNull(facts, "facts");
        return session.call("tablet placement", (handle, attempt) -> PlacementReader.read(handle, facts));
    }

    /** {@inheritDoc} Read from the {@code ClusterId} column of {@code SHOW FRONTENDS}. */
    @Override
    public long clusterId() {
        return session.call(
                "cluster id", (handle, attempt) -> ReplicaReader.clusterId(handle.query(Statement.SHOW_FRONTENDS)));
    }

    @Override
    public void createImage() {
        session.call(Statement.CREATE_IMAGE.shown(), (handle, attempt) -> {
            handle.execute(Statement.CREATE_IMAGE);
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Doris {@code WITH S3 ON LOCATION "s3://..."} with {@code s3.*} properties, StarRocks {@code WITH
     * BROKER ON LOCATION "s3a://..."} with {@code aws.s3.*}; path-style access. The statement is shown with
     * both keys masked.
     */
    @Override
    public void createRepository(BackupRepository repository) {
        backups.createRepository(repository);
    }

    @Override
    public void dropRepository(String name) {
        backups.dropRepository(name);
    }

    @Override
    public List<RepositoryInfo> repositories() {
        return backups.repositories();
    }

    @Override
    public List<BackupSnapshot> snapshots(String repository) {
        return backups.snapshots(repository);
    }

    @Override
    public void submitBackup(String database, String label, String repository, List<String> tables) {
        backups.submitBackup(database, label, repository, tables);
    }

    @Override
    public List<BackupJob> backupJobs(String database) {
        return backups.backupJobs(database);
    }

    /** Closes the connection. Idempotent; the admin cannot be used afterwards. */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "JdbcClusterAdmin[cluster=" + topology.name() + ", flavor=" + flavor.key() + ", user="
                + topology.sql().user() + ", master="
                + session.connected().map(FeEndpoint::label).orElse("none")
                + "]";
    }
}
