package io.dorisops.internal.engine;

import io.dorisops.Action;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.Role;
import io.dorisops.internal.gate.MembershipGates;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL mechanics of the scale-in and failover-drill actions, for {@link StepRunner}: each through the
 * {@link ClusterAdmin} and idempotent (a resumed run repeats the action a crash cut short; a node the
 * master no longer lists was already removed, so there is nothing to do).
 *
 * <p>{@link Action.AwaitDrained}, the drain of a decommissioned BE:
 *
 * <ol>
 *   <li>Read {@code SHOW BACKENDS} each poll; the drain is done when the row is gone (the master drops
 *       it, {@code drop_backend_after_decommission}) or its {@code TabletNum} is 0.
 *   <li>Report each new count as a WAITING event: tablets left, the rate since the start, the time to go.
 *   <li>Fail when {@code SystemDecommissioned} went false (someone cancelled), or when the count has not
 *       fallen for {@code stuckAfter}: stuck, naming the tablets left and what to do. Never wait forever.
 * </ol>
 */
final class ScaleActions {

    private ScaleActions() {}

    /** True for the actions this class performs. */
    static boolean handles(Action action) {
        return action instanceof Action.Decommission
                || action instanceof Action.CancelDecommission
                || action instanceof Action.AwaitDrained
                || action instanceof Action.DropBackend
                || action instanceof Action.DropFrontend
                || action instanceof Action.AwaitNewMaster;
    }

    static void act(Engine engine, Events events, Action action, Node node) {
        ClusterAdmin admin = engine.admin();
        int port = node.ports().heartbeatPort();
        if (action instanceof Action.Decommission) {
            if (backend(engine, node).isPresent()) {
                admin.decommissionBackend(node.host(), port);
            } else {
                events.info(Type.STEP_FINISHED, node.id(), node.label() + " is no longer listed: already removed");
            }
        } else if (action instanceof Action.CancelDecommission) {
            Optional<Backend> row = backend(engine, node);
            if (row.isPresent() && row.get().decommissioning()) {
                admin.cancelDecommission(node.host(), port);
                events.info(
                        Type.STEP_FINISHED,
                        node.id(),
                        node.label() + ": decommission cancelled with "
                                + row.get().tabletNum() + " tablets still on it; it takes replicas again");
            } else {
                events.info(
                        Type.STEP_FINISHED,
                        node.id(),
                        node.label() + (row.isEmpty() ? " has left the cluster" : " is not decommissioning")
                                + ": nothing to cancel");
            }
        } else if (action instanceof Action.AwaitDrained drained) {
            awaitDrained(engine, events, node, drained.stuckAfter());
        } else if (action instanceof Action.DropBackend) {
            // The runner's drop-replicas gate ran before an unforced drop (Gates.beforeAction).
            if (backend(engine, node).isPresent()) {
                if (node.role() == Role.CN) {
                    admin.dropComputeNode(node.host(), port);
                } else {
                    admin.dropBackend(node.host(), port);
                }
            }
            events.info(Type.STEP_FINISHED, node.id(), left(node));
        } else if (action instanceof Action.DropFrontend) {
            boolean member = admin.frontends().stream().anyMatch(fe -> fe.matches(node));
            if (member) {
                admin.dropFrontend(node.role(), node.host(), node.ports().editLogPort());
            }
            events.info(Type.STEP_FINISHED, node.id(), left(node));
        } else if (action instanceof Action.AwaitNewMaster) {
            awaitNewMaster(engine, events, node);
        }
    }

    private static String left(Node node) {
        return node.label() + " left the cluster; its process is stopped and its files stay in " + node.home() + " on "
                + node.host() + " (remove them when no longer needed)";
    }

    /** The node's row in {@code SHOW BACKENDS} (or StarRocks {@code SHOW COMPUTE NODES}). */
    static Optional<Backend> backend(Engine engine, Node node) {
        return MembershipGates.backend(engine.admin(), engine.topology().flavor(), node);
    }

    private static void awaitDrained(Engine engine, Events events, Node node, Duration stuckAfter) {
        long start = System.nanoTime();
        long lastProgress = start;
        long initial = -1;
        long last = -1;
        while (true) {
            Optional<Backend> row = backend(engine, node);
            if (row.isEmpty() || row.get().tabletNum() == 0) {
                events.waiting(
                        node.id(),
                        node.id() + ": drained" + (row.isEmpty() ? ", the master dropped it" : ", 0 tablets left")
                                + " after " + seconds(System.nanoTime() - start));
                return;
            }
            Backend be = row.get();
            if (!be.decommissioning()) {
                throw new DorisOpsException(node.label() + ": the decommission was cancelled (SystemDecommissioned ="
                        + " false) with " + be.tabletNum() + " tablets still on it; run scale-in again to remove it");
            }
            long now = System.nanoTime();
            long tablets = be.tabletNum();
            if (initial < 0) {
                initial = tablets;
            }
            if (last < 0 || tablets < last) {
                lastProgress = now;
                events.waiting(node.id(), progress(node, initial, tablets, now - start));
                last = tablets;
            } else if (tablets > last) {
                last = tablets; // the count may rise while loads land on it; progress is a fall
            }
            if (Duration.ofNanos(now - lastProgress).compareTo(stuckAfter) > 0) {
                throw new DorisOpsException(node.label() + ": decommission stuck: " + tablets + " tablets left, none"
                        + " moved in " + stuckAfter.toSeconds() + "s. The tablet scheduler cannot place them: check"
                        + " that it is on (disable_tablet_scheduler), that enough BEs of its tag are alive with free"
                        + " disk, and SHOW PROC '/cluster_health/tablet_health'; fix it and resume, or"
                        + " keep the BE: dorisops scale-in --topology "
                        + engine.topology().source() + " --node "
                        + node.id() + " --cancel");
            }
            sleep(engine.pollInterval());
        }
    }

    static String progress(Node node, long initial, long left, long elapsedNanos) {
        double secs = elapsedNanos / 1e9;
        long moved = initial - left;
        if (moved <= 0 || secs <= 0) {
            return node.id() + ": " + left + " tablets left to move";
        }
        double rate = moved / secs;
        return String.format(
                Locale.ROOT,
                "%s: %d of %d tablets left, %.1f tablets/s, about %s to go",
                node.id(),
                left,
                initial,
                rate,
                seconds((long) (left / rate * 1e9)));
    }

    private static void awaitNewMaster(Engine engine, Events events, Node old) {
        long start = System.nanoTime();
        long deadline = start + engine.readyTimeout().toNanos();
        String seen = "";
        while (true) {
            try {
                Frontend master = engine.admin().master();
                if (!master.matches(old)) {
                    String id = engine.topology().frontends().stream()
                            .filter(master::matches)
                            .map(Node::id)
                            .findFirst()
                            .orElse(master.address());
                    events.waiting(
                            old.id(),
                            id + " is master and serves SQL " + seconds(System.nanoTime() - start) + " after "
                                    + old.id() + " stopped");
                    return;
                }
                seen = old.id() + " is still reported master";
            } catch (DorisOpsException e) {
                seen = "no master serves SQL: " + e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DorisOpsException(engine.topology().name() + ": no new master serves SQL "
                        + engine.readyTimeout().toSeconds() + "s after " + old.label() + " stopped; last seen: " + seen
                        + ". Check that a majority of followers is alive (SHOW FRONTENDS), then start " + old.id()
                        + " again");
            }
            sleep(engine.pollInterval());
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DorisOpsException("interrupted while waiting", e);
        }
    }
}
