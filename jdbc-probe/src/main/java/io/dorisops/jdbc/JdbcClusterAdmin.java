package io.dorisops.jdbc;

import static java.util.Objects.requireNonNull;

import io.dorisops.ClusterAdmin;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import io.dorisops.Topology;
import io.dorisops.internal.engine.ReplicaGuards;
import io.dorisops.jdbc.internal.Addresses;
import io.dorisops.jdbc.internal.FeEndpoint;
import io.dorisops.jdbc.internal.MasterSession;
import io.dorisops.jdbc.internal.MasterSession.Handle;
import io.dorisops.jdbc.internal.ReplicaReader;
import io.dorisops.jdbc.internal.ResultTable;
import io.dorisops.jdbc.internal.ShowMapping;
import io.dorisops.jdbc.internal.ShowMapping.FrontendRow;
import io.dorisops.jdbc.internal.SqlFailure;
import io.dorisops.jdbc.internal.Statement;
import io.dorisops.jdbc.internal.TabletHealthMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterAdmin} over the MySQL protocol with mysql-connector-j: one connection to the master FE,
 * found from {@code SHOW FRONTENDS} (Doris {@code IsMaster=true}, StarRocks {@code Role=LEADER}),
 * reused, and found again when it breaks or the master moves.
 *
 * <pre>{@code
 * Topology topology = Topology.load(Path.of("cluster.yaml"));
 * try (JdbcClusterAdmin admin = JdbcClusterAdmin.of(topology)) {
 *     for (ClusterAdmin.Backend be : admin.backends()) {
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

    private static final Logger log = LoggerFactory.getLogger(JdbcClusterAdmin.class);

    private final Topology topology;
    private final Flavor flavor;
    private final MasterSession session;
    /** What {@code ADMIN SHOW FRONTEND CONFIG} said about keys read so far ({@code MasterOnly}). */
    private final Map<String, Boolean> masterOnly = new ConcurrentHashMap<>();

    private JdbcClusterAdmin(Builder builder) {
        this.topology = builder.topology;
        this.flavor = topology.flavor();
        List<FeEndpoint> seeds = new ArrayList<>();
        for (Node fe : topology.frontends()) {
            seeds.add(FeEndpoint.of(fe.id(), fe.host(), fe.ports().queryPort(), builder.route));
        }
        this.session = new MasterSession(
                topology.name(), topology.sql(), seeds, builder.route, builder.failoverTimeout, builder.pollInterval);
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
            requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }

    @Override
    public List<Frontend> frontends() {
        return session.call("SHOW FRONTENDS", (handle, attempt) -> {
            List<FrontendRow> rows = ShowMapping.frontends(handle.query(Statement.SHOW_FRONTENDS));
            handle.requireMaster(rows);
            return rows.stream().map(FrontendRow::frontend).toList();
        });
    }

    @Override
    public List<Backend> backends() {
        return session.call("SHOW BACKENDS", (handle, attempt) -> readBackends(handle));
    }

    @Override
    public List<Backend> computeNodes() {
        return session.call("compute nodes", (handle, attempt) -> readComputeNodes(handle));
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
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        change(
                "add backend " + address,
                Statement.of("ALTER SYSTEM ADD BACKEND \"" + address + "\""),
                handle -> find(readBackends(handle), host, heartbeatPort).isPresent(),
                true);
    }

    @Override
    public void decommissionBackend(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        change(
                "decommission backend " + address,
                Statement.of("ALTER SYSTEM DECOMMISSION BACKEND \"" + address + "\""),
                handle -> find(readBackends(handle), host, heartbeatPort)
                        .map(Backend::decommissioning)
                        .orElse(true),
                false);
    }

    @Override
    public void cancelDecommission(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        change(
                "cancel decommission of backend " + address,
                Statement.of("CANCEL DECOMMISSION BACKEND \"" + address + "\""),
                handle -> find(readBackends(handle), host, heartbeatPort)
                        .map(be -> !be.decommissioning())
                        .orElse(false),
                false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The guard (skipped when forced) is the core's {@code ReplicaGuards.drop} on the cluster's
     * replica facts ({@link #replicaFacts()}): refused while the backend is alive, or while it holds
     * replicas that might be the last healthy ones: some tablets unhealthy, a partition of its tag with
     * a single replica, or too few other BEs of its tag for a partition's replicas there (see {@code
     * docs/jdbc-probe.md}). Once allowed, the drop uses the flavor's forced statement, since Doris refuses
     * a plain {@code DROP BACKEND}.
     */
    @Override
    public void dropBackend(String host, int heartbeatPort, boolean force) {
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        Statement drop = Statement.of(flavor.forceDropBackendStatement(address));
        session.call("drop backend " + address, (handle, attempt) -> {
            List<Backend> backends = readBackends(handle);
            Optional<Backend> target = find(backends, host, heartbeatPort);
            if (target.isEmpty()) {
                if (attempt > 0) {
                    return null;
                }
                throw notMember(
                        "backend " + address,
                        "SHOW BACKENDS",
                        backends.stream().map(Backend::address).toList());
            }
            if (!force) {
                ReplicaFacts facts = ReplicaReader.read(handle, flavor);
                ReplicaFacts.Storage storage = facts.backends().stream()
                        .filter(be -> be.id() == target.get().id())
                        .findFirst()
                        .orElseThrow(() -> new DorisOpsException(
                                topology.name() + ": backend " + address + " left SHOW BACKENDS while it was read"));
                List<String> problems = ReplicaGuards.drop(storage, facts, readTabletHealth(handle));
                if (!problems.isEmpty()) {
                    throw new PreconditionFailedException(
                            topology.name() + ": refused to drop backend " + address + "; nothing was sent. "
                                    + "Decommission it and wait until it leaves, or drop it with force to discard"
                                    + " its replicas (" + drop.shown() + "):",
                            problems);
                }
            }
            handle.execute(drop);
            return null;
        });
    }

    @Override
    public void addComputeNode(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "compute node");
        String noun = flavor.separateComputeNodes() ? "COMPUTE NODE" : "BACKEND";
        change(
                "add compute node " + address,
                Statement.of("ALTER SYSTEM ADD " + noun + " \"" + address + "\""),
                handle -> find(readComputeNodes(handle), host, heartbeatPort).isPresent()
                        || find(readBackends(handle), host, heartbeatPort).isPresent(),
                true);
    }

    @Override
    public void dropComputeNode(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "compute node");
        Statement drop = flavor.separateComputeNodes()
                ? Statement.of("ALTER SYSTEM DROP COMPUTE NODE \"" + address + "\"")
                : Statement.of(flavor.forceDropBackendStatement(address));
        change(
                "drop compute node " + address,
                drop,
                handle -> find(readComputeNodes(handle), host, heartbeatPort).isEmpty(),
                false);
    }

    @Override
    public void addFrontend(Role role, String host, int editLogPort) {
        String address = Addresses.hostPort(host, editLogPort, "frontend");
        change(
                "add " + frontendNoun(role) + " " + address,
                Statement.of("ALTER SYSTEM ADD " + frontendNoun(role) + " \"" + address + "\""),
                handle -> findFrontend(readFrontends(handle), host, editLogPort).isPresent(),
                true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refused, with nothing sent, when the FE is the master, is not a member with that role, or is a
     * follower whose removal leaves fewer alive followers than a majority of the remaining ones.
     */
    @Override
    public void dropFrontend(Role role, String host, int editLogPort) {
        String address = Addresses.hostPort(host, editLogPort, "frontend");
        String noun = frontendNoun(role);
        Statement drop = Statement.of("ALTER SYSTEM DROP " + noun + " \"" + address + "\"");
        session.call("drop " + noun + " " + address, (handle, attempt) -> {
            List<Frontend> frontends = readFrontends(handle);
            Optional<Frontend> target = findFrontend(frontends, host, editLogPort);
            if (target.isEmpty()) {
                if (attempt > 0) {
                    return null;
                }
                throw notMember(
                        noun.toLowerCase(Locale.ROOT) + " " + address,
                        "SHOW FRONTENDS",
                        frontends.stream().map(Frontend::address).toList());
            }
            List<String> problems = frontendDropProblems(role, target.get(), frontends);
            if (!problems.isEmpty()) {
                throw new PreconditionFailedException(
                        topology.name() + ": refused to drop " + noun.toLowerCase(Locale.ROOT) + " " + address
                                + "; nothing was sent:",
                        problems);
            }
            handle.execute(drop);
            return null;
        });
    }

    @Override
    public Map<String, String> frontendConfig(Collection<String> keys) {
        List<String> checked = keys.stream().map(Statement::configKey).toList();
        return session.call("ADMIN SHOW FRONTEND CONFIG", (handle, attempt) -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : checked) {
                ShowMapping.config(handle.query(Statement.showConfig(key)), key).ifPresent(entry -> {
                    values.put(key, entry.value());
                    entry.masterOnly().ifPresent(masterOnly -> this.masterOnly.put(key, masterOnly));
                });
            }
            return values;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>On Doris a key that is not master-only applies only to the FE it is set on, here the master;
     * when an earlier {@link #frontendConfig} read showed {@code MasterOnly=false}, a warning says so.
     */
    @Override
    public void setFrontendConfig(String key, String value) {
        Statement set = Statement.setConfig(key, value);
        session.call(set.shown(), (handle, attempt) -> {
            handle.execute(set);
            return null;
        });
        if (Boolean.FALSE.equals(masterOnly.get(key))) {
            log.warn(
                    "{}: frontend config {} is not master-only: the value applies on the master FE only, the other"
                            + " FEs keep theirs",
                    topology.name(),
                    key);
        }
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
        return session.call("tablet health", (handle, attempt) -> readTabletHealth(handle));
    }

    private TabletHealth readTabletHealth(Handle handle) throws SqlFailure {
        if (flavor == Flavor.DORIS) {
            ResultTable health;
            try {
                health = handle.query(Statement.SHOW_TABLET_HEALTH);
            } catch (SqlFailure e) {
                if (e.kind() != SqlFailure.Kind.REFUSED) {
                    throw e;
                }
                log.debug(
                        "{}: {} refused ({}); reading {}",
                        topology.name(),
                        Statement.SHOW_TABLET_HEALTH,
                        e.reason(),
                        Statement.SHOW_STATISTIC);
                return TabletHealthMapping.fromStatistic(handle.query(Statement.SHOW_STATISTIC));
            }
            return TabletHealthMapping.fromTabletHealth(health, Optional.of(handle.query(Statement.SHOW_STATISTIC)));
        }
        return TabletHealthMapping.fromStatistic(handle.query(Statement.SHOW_STATISTIC));
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
    public io.dorisops.TabletPlacement tabletPlacement(ReplicaFacts facts) {
        java.util.Objects.requireNonNull(facts, "facts");
        return session.call(
                "tablet placement", (handle, attempt) -> io.dorisops.jdbc.internal.PlacementReader.read(handle, facts));
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

    /** A change, retried safely: a retry first asks {@code done}; {@code doneFirst} also asks before the first try. */
    private void change(String what, Statement statement, Check done, boolean doneFirst) {
        session.call(what, (handle, attempt) -> {
            if ((attempt > 0 || doneFirst) && done.test(handle)) {
                log.info("{}: {}: already done", topology.name(), what);
                return null;
            }
            handle.execute(statement);
            return null;
        });
    }

    /** A condition read on the master. */
    @FunctionalInterface
    private interface Check {
        boolean test(Handle handle) throws SqlFailure;
    }

    private List<Backend> readBackends(Handle handle) throws SqlFailure {
        return ShowMapping.backends(handle.query(Statement.SHOW_BACKENDS), Role.BE);
    }

    private List<Backend> readComputeNodes(Handle handle) throws SqlFailure {
        if (flavor.separateComputeNodes()) {
            return ShowMapping.backends(handle.query(Statement.SHOW_COMPUTE_NODES), Role.CN);
        }
        return readBackends(handle).stream().filter(be -> be.role() == Role.CN).toList();
    }

    private List<Frontend> readFrontends(Handle handle) throws SqlFailure {
        List<FrontendRow> rows = ShowMapping.frontends(handle.query(Statement.SHOW_FRONTENDS));
        handle.requireMaster(rows);
        return rows.stream().map(FrontendRow::frontend).toList();
    }

    private static Optional<Backend> find(List<Backend> backends, String host, int heartbeatPort) {
        return first(backends, be -> be.heartbeatPort() == heartbeatPort && Addresses.sameHost(be.host(), host));
    }

    private static Optional<Frontend> findFrontend(List<Frontend> frontends, String host, int editLogPort) {
        return first(frontends, fe -> fe.editLogPort() == editLogPort && Addresses.sameHost(fe.host(), host));
    }

    private static <T> Optional<T> first(List<T> items, Predicate<T> test) {
        return items.stream().filter(test).findFirst();
    }

    private static String frontendNoun(Role role) {
        requireNonNull(role, "role");
        return switch (role) {
            case FE_FOLLOWER -> "FOLLOWER";
            case FE_OBSERVER -> "OBSERVER";
            default -> throw new IllegalArgumentException(
                    "role " + role + " is not a frontend role; use FE_FOLLOWER or FE_OBSERVER");
        };
    }

    private static List<String> frontendDropProblems(Role role, Frontend target, List<Frontend> frontends) {
        List<String> problems = new ArrayList<>();
        String name = "FE " + target.name() + " (" + target.address() + ")";
        if (target.role() != role) {
            problems.add(name + " is " + target.role() + ", not " + role + "; drop it with its own role");
        }
        if (target.master()) {
            problems.add(name + " is the master; stop it so another follower is elected, then drop it");
        }
        if (target.role() == Role.FE_FOLLOWER) {
            List<Frontend> remaining = frontends.stream()
                    .filter(fe -> fe.role() == Role.FE_FOLLOWER && !fe.equals(target))
                    .toList();
            long alive = remaining.stream().filter(Frontend::alive).count();
            long quorum = remaining.size() / 2 + 1;
            if (remaining.isEmpty() || alive < quorum) {
                problems.add(name + ": the " + remaining.size() + " remaining followers would have " + alive
                        + " alive, fewer than their majority of " + quorum + "; start or add followers first");
            }
        }
        return problems;
    }

    private DorisOpsException notMember(String what, String statement, List<String> members) {
        return new DorisOpsException(DorisOpsException.message(
                topology.name(),
                what + " is not in " + statement,
                "one of the members",
                members.toString(),
                "Check the host and port (the FE names members as they registered, by IP or FQDN)."));
    }
}
