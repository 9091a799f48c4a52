package io.dorisops.internal.context;

import io.dorisops.DorisOpsException;
import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.Version;
import io.dorisops.internal.context.ClusterView.NodeState;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.ProcessControl;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits until a started node serves: its process is alive, the HTTP probe says ready, the master's
 * view says alive, and, when a version is given, at that version. Ends at once, not at the deadline,
 * when the node-operations port says the start can no longer succeed (the process exited, its log
 * gained a fatal line, nothing started), with the log's last lines in the message.
 */
public final class Readiness {

    private final NodeControl control;
    private final HealthProbe probe;
    private final Optional<ClusterView> view;
    private final Duration timeout;

    /** @param view the master's view, empty when no SQL control plane is available */
    Readiness(NodeControl control, HealthProbe probe, Optional<ClusterView> view, Duration timeout) {
        this.control = control;
        this.probe = probe;
        this.view = view;
        this.timeout = timeout;
    }

    private record Observation(NodeState state, Optional<String> failed) {}

    /**
     * Waits for the node after a start.
     *
     * @param target the version to expect, or empty for any
     * @param mark the node before the start, from {@link ProcessControl#mark}
     * @param requireSql false to accept the HTTP probe alone (no SQL control plane)
     */
    public void await(
            Node node, Optional<Version> target, ProcessControl.StartMark mark, boolean requireSql, Waiter waiter) {
        ProcessControl ops = control.processes()
                .orElseThrow(
                        () -> new IllegalStateException("await-ready needs process control; the plan was not refused"));
        long started = System.nanoTime();
        waiter.await(
                node.label(),
                "ready" + target.map(v -> " at " + v.number()).orElse(""),
                () -> new Observation(
                        observe(node, requireSql),
                        ops.startFailure(node, mark, Duration.ofNanos(System.nanoTime() - started))),
                seen -> seen.failed().isEmpty() && ready(seen.state(), target, requireSql) && ops.running(node),
                Observation::failed,
                seen -> seen.state().describe(),
                timeout,
                "Check the node's logs (" + node.home() + "/log) or raise readyTimeout.");
    }

    /** True when a node's state is ready, alive and, when given, at the version. */
    public static boolean ready(NodeState state, Optional<Version> target, boolean requireSql) {
        if (!requireSql) {
            // HTTP alone. Never STARTING: a real FE answers "not ready" only after it served and lost its
            // master; a starting one answers nothing (its ports open once it is ready).
            return state.health().ready();
        }
        return target.map(state::readyAt).orElse(state.health().ready() && state.alive());
    }

    /** The node's state now; SQL errors (a master changing) read as not alive, for the next poll to ask again. */
    public NodeState observe(Node node, boolean requireSql) {
        if (!requireSql || view.isEmpty()) {
            Health health = probe.probe(node);
            return new NodeState(health, health.ready(), health.version());
        }
        try {
            NodeState state = view.get().state(node);
            if (node.role().isMetaService()) {
                return new NodeState(
                        state.health(),
                        state.alive(),
                        control.binaries().flatMap(b -> b.reportedVersion(node)).or(state::version));
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
