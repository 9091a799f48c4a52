package io.dorisops.jdbc;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.jdbc.internal.Addresses;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.HealthProbe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link HealthProbe} that judges FE, BE and CN nodes by the master's view: their {@code Alive} and
 * {@code Version} in {@code SHOW FRONTENDS}, {@code SHOW BACKENDS} or {@code SHOW COMPUTE NODES}. For
 * when the nodes' HTTP ports are not reachable or not trusted; it also sees what HTTP cannot: whether
 * the master heartbeats the node.
 *
 * <pre>{@code
 * try (JdbcClusterAdmin admin = JdbcClusterAdmin.of(topology)) {
 *     HealthProbe probe = JdbcHealthProbe.of(admin);
 *     Health health = probe.probe(topology.node("be-1").orElseThrow());
 * }
 * }</pre>
 *
 * <p>Verdicts: listed and {@code Alive=true} with a version is {@link Health.Status#READY}; alive
 * without a version yet is {@link Health.Status#STARTING}; {@code Alive=false} is {@link
 * Health.Status#DOWN}; not listed, another role, or no answer from the master is {@link
 * Health.Status#UNKNOWN}. Never throws for an unhealthy node. Thread-safe; the admin stays open and
 * is the caller's to close.
 */
public final class JdbcHealthProbe implements HealthProbe {

    private final ClusterAdmin admin;

    private JdbcHealthProbe(ClusterAdmin admin) {
        this.admin = requireNonNull(admin, "admin");
    }

    /** A probe that asks the master through {@code admin}. */
    public static JdbcHealthProbe of(ClusterAdmin admin) {
        return new JdbcHealthProbe(admin);
    }

    @Override
    public Health probe(Node node) {
        requireNonNull(node, "node");
        long start = System.nanoTime();
        try {
            return switch (node.role()) {
                case FE_FOLLOWER, FE_OBSERVER -> judgeFrontend(node, admin.frontends(), start);
                case BE -> judgeBackend(node, admin.backends(), "SHOW BACKENDS", start);
                case CN -> judgeBackend(node, admin.computeNodes(), "the compute nodes", start);
                default -> health(
                        node,
                        Health.Status.UNKNOWN,
                        "a " + node.role().key() + " is not listed by the FE; probe it over HTTP or its port",
                        Optional.empty(),
                        start);
            };
        } catch (DorisOpsException e) {
            return health(
                    node,
                    Health.Status.UNKNOWN,
                    "no answer from the master: " + e.getMessage(),
                    Optional.empty(),
                    start);
        }
    }

    private Health judgeFrontend(Node node, List<Frontend> frontends, long start) {
        for (Frontend fe : frontends) {
            if (fe.editLogPort() == node.ports().editLogPort() && Addresses.sameHost(fe.host(), node.host())) {
                String seen = "SHOW FRONTENDS: " + fe.name() + " Alive=" + fe.alive() + " Join=" + fe.joined()
                        + " Version=" + fe.version().map(Version::raw).orElse("none")
                        + (fe.errMsg().isEmpty() ? "" : " ErrMsg=" + fe.errMsg());
                if (fe.role() != node.role()) {
                    return health(
                            node,
                            Health.Status.UNKNOWN,
                            seen + "; listed as " + fe.role() + ", declared " + node.role(),
                            fe.version(),
                            start);
                }
                return health(node, verdict(fe.alive(), fe.version()), seen, fe.version(), start);
            }
        }
        return health(
                node,
                Health.Status.UNKNOWN,
                "not in SHOW FRONTENDS at " + node.membershipAddress() + "; add it with ALTER SYSTEM ADD "
                        + (node.role() == Role.FE_OBSERVER ? "OBSERVER" : "FOLLOWER"),
                Optional.empty(),
                start);
    }

    private Health judgeBackend(Node node, List<Backend> backends, String source, long start) {
        for (Backend be : backends) {
            if (be.heartbeatPort() == node.ports().heartbeatPort() && Addresses.sameHost(be.host(), node.host())) {
                String seen = source + ": id " + be.id() + " Alive=" + be.alive() + " Version="
                        + be.version().map(Version::raw).orElse("none")
                        + (be.decommissioning() ? " decommissioning" : "")
                        + (be.errMsg().isEmpty() ? "" : " ErrMsg=" + be.errMsg());
                return health(node, verdict(be.alive(), be.version()), seen, be.version(), start);
            }
        }
        return health(
                node,
                Health.Status.UNKNOWN,
                "not in " + source + " at " + node.membershipAddress() + "; add it with ALTER SYSTEM ADD "
                        + (node.role() == Role.CN ? "COMPUTE NODE" : "BACKEND"),
                Optional.empty(),
                start);
    }

    private static Health.Status verdict(boolean alive, Optional<Version> version) {
        if (!alive) {
            return Health.Status.DOWN;
        }
        return version.isPresent() ? Health.Status.READY : Health.Status.STARTING;
    }

    private static Health health(
            Node node, Health.Status status, String evidence, Optional<Version> version, long start) {
        return new Health(node.id(), status, evidence, Duration.ofNanos(System.nanoTime() - start), version);
    }

    @Override
    public String toString() {
        return "JdbcHealthProbe[" + admin + "]";
    }
}
