package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Health;
import io.dorisops.HealthProbe;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.engine.ClusterView.NodeState;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits until a started node serves: its process is alive, the HTTP probe says ready, the master's
 * view says alive, and, when a version is given, at that version. Ends at once, not at the deadline,
 * when the process is gone (its pid file points at a dead process, or its log gained a fatal line, or
 * no pid file appeared within 10 s), with the log's last lines in the message.
 */
final class Readiness {

    private static final Duration NO_PID_FILE_GRACE = Duration.ofSeconds(10);

    private final Flavor flavor;
    private final HealthProbe probe;
    private final Optional<ClusterView> view;
    private final Duration timeout;

    /** @param view the master's view, empty when no SQL control plane is available */
    Readiness(Flavor flavor, HealthProbe probe, Optional<ClusterView> view, Duration timeout) {
        this.flavor = flavor;
        this.probe = probe;
        this.view = view;
        this.timeout = timeout;
    }

    private record Observation(NodeState state, NodeControl.PidState pid, Optional<String> fatal) {}

    /**
     * Waits for the node.
     *
     * @param target the version to expect, or empty for any
     * @param before the pid file before the start: a stale pid left by a dead process is not this start's
     * @param logSizes the log sizes before the start, from {@link NodeControl#logSizes()}
     * @param requireSql false to accept the HTTP probe alone (an FE follower started before its quorum)
     */
    void await(
            NodeControl control,
            Optional<Version> target,
            NodeControl.PidState before,
            long[] logSizes,
            boolean requireSql,
            Waiter waiter) {
        Node node = control.node();
        long started = System.nanoTime();
        waiter.await(
                node.label(),
                "ready" + target.map(v -> " at " + v.number()).orElse(""),
                () -> {
                    NodeControl.PidState pid = control.pidState();
                    Optional<String> fatal = pid.alive() ? Optional.empty() : control.fatalLineSince(logSizes);
                    return new Observation(observe(control, requireSql), pid, fatal);
                },
                seen -> seen.pid().alive() && ready(seen.state(), target, requireSql),
                seen -> {
                    if (seen.pid().alive()) {
                        return Optional.empty();
                    }
                    if (seen.fatal().isPresent()) {
                        return Optional.of("the process is not running and its log says: "
                                + seen.fatal().get());
                    }
                    if (seen.pid().pid().isPresent() && !seen.pid().pid().equals(before.pid())) {
                        return Optional.of("the process in " + flavor.pidFile(node.role()) + " has exited");
                    }
                    if (System.nanoTime() - started > NO_PID_FILE_GRACE.toNanos()) {
                        return Optional.of(
                                "no process started: no pid file after " + NO_PID_FILE_GRACE.toSeconds() + "s");
                    }
                    return Optional.empty();
                },
                seen -> seen.state().describe(),
                timeout,
                "Check " + node.home().resolve(flavor.mainLog(node.role())) + " on the node or raise readyTimeout.");
    }

    /** True when a node's state is ready, alive and, when given, at the version. */
    static boolean ready(NodeState state, Optional<Version> target, boolean requireSql) {
        if (!requireSql) {
            return state.health().status() == Health.Status.READY
                    || state.health().status() == Health.Status.STARTING;
        }
        return target.map(state::readyAt).orElse(state.health().ready() && state.alive());
    }

    /** The node's state now; SQL errors (a master changing) read as not alive, for the next poll to ask again. */
    NodeState observe(NodeControl control, boolean requireSql) {
        Node node = control.node();
        if (!requireSql || view.isEmpty()) {
            Health health = probe.probe(node);
            return new NodeState(health, health.ready(), health.version());
        }
        try {
            NodeState state = view.get().state(node);
            if (node.role().isMetaService()) {
                return new NodeState(
                        state.health(), state.alive(), control.scriptVersion().or(state::version));
            }
            if (node.role() == Role.BROKER) {
                return new NodeState(state.health(), state.alive(), state.version());
            }
            return state;
        } catch (DorisOpsException e) {
            return new NodeState(
                    new Health(node.id(), Health.Status.UNKNOWN, e.getMessage(), Duration.ZERO, Optional.empty()),
                    false,
                    Optional.empty());
        }
    }
}
