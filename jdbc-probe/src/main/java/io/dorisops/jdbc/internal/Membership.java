package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Role;
import io.dorisops.jdbc.internal.MasterSession.Handle;
import io.dorisops.jdbc.internal.ShowMapping.FrontendRow;
import io.dorisops.spi.Backend;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of a cluster on the master: reading {@code SHOW FRONTENDS}, {@code SHOW BACKENDS} and
 * (StarRocks) {@code SHOW COMPUTE NODES}, and the {@code ALTER SYSTEM} statements that add, decommission
 * and drop them. Every change is retried safely: a retry first reads whether it already happened. A
 * frontend's drop is refused, with nothing sent, when it could lose the followers' majority; whether a
 * backend's drop is safe is the engine's {@code drop-replicas} gate.
 */
public final class Membership {
    /** The category of {@code JdbcClusterAdmin}, which logged this before it moved here. */
    private static final Logger log = LoggerFactory.getLogger("io.dorisops.jdbc.JdbcClusterAdmin");

    private final String cluster;
    private final Flavor flavor;
    private final MasterSession session;

    /** The members of the cluster named {@code cluster}, read and changed through {@code session}. */
    public Membership(String cluster, Flavor flavor, MasterSession session) {
        this.cluster = cluster;
        this.flavor = flavor;
        this.session = session;
    }

    /** {@code SHOW FRONTENDS}, checked to be answered by the master. */
    public List<Frontend> frontends() {
        return session.call("SHOW FRONTENDS", (handle, attempt) -> readFrontends(handle));
    }

    /** {@code SHOW BACKENDS}. */
    public List<Backend> backends() {
        return session.call("SHOW BACKENDS", (handle, attempt) -> readBackends(handle));
    }

    /** The compute nodes: StarRocks {@code SHOW COMPUTE NODES}, Doris the CN rows of {@code SHOW BACKENDS}. */
    public List<Backend> computeNodes() {
        return session.call("compute nodes", (handle, attempt) -> readComputeNodes(handle));
    }

    /** {@code ALTER SYSTEM ADD BACKEND}, skipped when the backend is a member already. */
    public void addBackend(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        change(
                "add backend " + address,
                Statement.of("ALTER SYSTEM ADD BACKEND \"" + address + "\""),
                handle -> find(readBackends(handle), host, heartbeatPort).isPresent(),
                true);
    }

    /** {@code ALTER SYSTEM DECOMMISSION BACKEND}. */
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

    /**
     * Doris {@code ALTER SYSTEM MODIFY BACKEND "h:p" SET ("disable_query" = "v", "disable_load" = "v")},
     * only ever {@code "true"} or {@code "false"} (the FE reads any other value as false without an
     * error). Skipped when both flags already are so; enabling a backend the master no longer lists (a
     * scale-in dropped it) is nothing to do.
     */
    public void setBackendDisabled(String host, int heartbeatPort, boolean disabled) {
        if (!flavor.disablesBackends()) {
            throw new UnsupportedOperationException(flavor + " has no disable_query/disable_load (MODIFY BACKEND"
                    + " takes labels.location there): its drain is the graceful stop");
        }
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        String value = disabled ? "true" : "false";
        change(
                (disabled ? "disable" : "enable") + " queries and loads on backend " + address,
                Statement.of("ALTER SYSTEM MODIFY BACKEND \"" + address + "\" SET (\"disable_query\" = \"" + value
                        + "\", \"disable_load\" = \"" + value + "\")"),
                handle -> {
                    List<Backend> backends = readBackends(handle);
                    Optional<Backend> row = find(backends, host, heartbeatPort);
                    if (row.isEmpty() && disabled) {
                        throw notMember(
                                "backend " + address,
                                "SHOW BACKENDS",
                                backends.stream().map(Backend::address).toList());
                    }
                    return row.map(be -> be.queryDisabled() == disabled && be.loadDisabled() == disabled)
                            .orElse(true);
                },
                true);
    }

    /** {@code CANCEL DECOMMISSION BACKEND}. */
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
     * The flavor's forced drop of a backend, retried safely (a retry that finds it gone is done).
     * Mechanics only: the engine's {@code drop-replicas} gate decides first whether it is safe.
     */
    public void dropBackend(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "backend");
        Statement drop = Statement.of(forceDropStatement(address));
        session.call("drop backend " + address, (handle, attempt) -> {
            List<Backend> backends = readBackends(handle);
            if (find(backends, host, heartbeatPort).isEmpty()) {
                if (attempt > 0) {
                    return null;
                }
                throw notMember(
                        "backend " + address,
                        "SHOW BACKENDS",
                        backends.stream().map(Backend::address).toList());
            }
            handle.execute(drop);
            return null;
        });
    }

    /** {@code ALTER SYSTEM ADD COMPUTE NODE} (StarRocks) or {@code ADD BACKEND} (Doris). */
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

    /** {@code ALTER SYSTEM DROP COMPUTE NODE} (StarRocks) or the forced backend drop (Doris). */
    public void dropComputeNode(String host, int heartbeatPort) {
        String address = Addresses.hostPort(host, heartbeatPort, "compute node");
        Statement drop = flavor.separateComputeNodes()
                ? Statement.of("ALTER SYSTEM DROP COMPUTE NODE \"" + address + "\"")
                : Statement.of(forceDropStatement(address));
        change(
                "drop compute node " + address,
                drop,
                handle -> find(readComputeNodes(handle), host, heartbeatPort).isEmpty(),
                false);
    }

    /** {@code ALTER SYSTEM ADD FOLLOWER|OBSERVER}, skipped when the FE is a member already. */
    public void addFrontend(Role role, String host, int editLogPort) {
        String address = Addresses.hostPort(host, editLogPort, "frontend");
        change(
                "add " + frontendNoun(role) + " " + address,
                Statement.of("ALTER SYSTEM ADD " + frontendNoun(role) + " \"" + address + "\""),
                handle -> findFrontend(readFrontends(handle), host, editLogPort).isPresent(),
                true);
    }

    /** {@code ALTER SYSTEM DROP FOLLOWER|OBSERVER}, refused for the master, a wrong role or a lost majority. */
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
                        cluster + ": refused to drop " + noun.toLowerCase(Locale.ROOT) + " " + address
                                + "; nothing was sent:",
                        problems);
            }
            handle.execute(drop);
            return null;
        });
    }

    /** A change, retried safely: a retry first asks {@code done}; {@code doneFirst} also asks before the first try. */
    private void change(String what, Statement statement, Check done, boolean doneFirst) {
        session.call(what, (handle, attempt) -> {
            if ((attempt > 0 || doneFirst) && done.test(handle)) {
                log.info("{}: {}: already done", cluster, what);
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

    private static List<Frontend> readFrontends(Handle handle) throws SqlFailure {
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
                cluster,
                what + " is not in " + statement,
                "one of the members",
                members.toString(),
                "Check the host and port (the FE names members as they registered, by IP or FQDN)."));
    }

    /**
     * The statement that removes a backend regardless of the data on it: Doris {@code ALTER SYSTEM
     * DROPP BACKEND "h:p"}, StarRocks {@code ALTER SYSTEM DROP BACKEND "h:p" FORCE}.
     *
     * @param hostPort a {@code host:port} already validated by the caller
     */
    private String forceDropStatement(String hostPort) {
        return flavor == Flavor.DORIS
                ? "ALTER SYSTEM DROPP BACKEND \"" + hostPort + "\""
                : "ALTER SYSTEM DROP BACKEND \"" + hostPort + "\" FORCE";
    }
}
