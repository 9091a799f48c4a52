package io.dorisops.internal.engine;

import io.dorisops.ActionOutcome;
import io.dorisops.ActionOutcome.NewMasterElected;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.WaitTimeoutException;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Waiter;
import io.dorisops.internal.gate.MembershipGates;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The handlers of the actions on the master's members and metadata, each through the {@link
 * ClusterAdmin} and idempotent (a resumed run repeats the action a crash cut short; a node the master
 * no longer lists was already removed, so there is nothing to do): add, decommission and its cancel,
 * await-drained, drop a BE/CN or an FE, await a new master, create the metadata image. Their waits
 * poll through the run's {@link Waiter}, on the run's clock.
 *
 * <p>{@link Action.AwaitDrained}, the drain of a decommissioned BE:
 *
 * <ol>
 *   <li>Read {@code SHOW BACKENDS} each poll; the drain is done when the row is gone (the master drops
 *       it, {@code drop_backend_after_decommission}) or its {@code TabletNum} is 0.
 *   <li>Report each new count as a WAITING event: tablets left, the rate since the start, the time to go.
 *   <li>Fail when {@code SystemDecommissioned} went false (someone cancelled), or when the count has not
 *       fallen for {@code stuckAfter}: stuck, naming the tablets left and what to do. A drain that moves
 *       is not cut (up to 30 days); one that stops moving always ends.
 * </ol>
 *
 * <p>{@link Action.AwaitNewMaster}: poll the master until another FE than the stopped one is master and
 * serves SQL, within the ready timeout; the outcome ({@link NewMasterElected}) names it and the time.
 */
final class MembershipActions {

    /**
     * A drain is bounded by its stuck check: a large BE may drain for days, so its deadline is only the
     * longest duration dorisops takes.
     */
    private static final Duration NO_DEADLINE = Duration.ofDays(30);

    private MembershipActions() {}

    static void register(ActionHandlers.Table table) {
        table.done(Action.AddMember.class, (add, run) -> {
            Node node = run.node(add);
            if (!Members.add(run.engine().admin(), run.engine().topology().flavor(), node)) {
                run.note(node.id(), node.label() + " is a member already: nothing to do");
            }
        });
        table.done(
                Action.CreateImage.class, (image, run) -> run.engine().admin().createImage());
        table.done(Action.Decommission.class, MembershipActions::decommission);
        table.done(Action.CancelDecommission.class, MembershipActions::cancelDecommission);
        table.done(Action.AwaitDrained.class, MembershipActions::awaitDrained);
        table.done(Action.DropBackend.class, MembershipActions::dropBackend);
        table.done(Action.DropFrontend.class, MembershipActions::dropFrontend);
        table.on(Action.AwaitNewMaster.class, MembershipActions::awaitNewMaster);
    }

    private static void decommission(Action.Decommission decommission, ActionContext run) {
        Node node = run.node(decommission);
        if (backend(run.engine(), node).isPresent()) {
            run.engine().admin().decommissionBackend(node.host(), node.ports().heartbeatPort());
        } else {
            run.note(node.id(), node.label() + " is no longer listed: already removed");
        }
    }

    private static void cancelDecommission(Action.CancelDecommission cancel, ActionContext run) {
        Node node = run.node(cancel);
        Optional<Backend> row = backend(run.engine(), node);
        if (row.isPresent() && row.get().decommissioning()) {
            run.engine().admin().cancelDecommission(node.host(), node.ports().heartbeatPort());
            run.note(
                    node.id(),
                    node.label() + ": decommission cancelled with " + row.get().tabletNum()
                            + " tablets still on it; it takes replicas again");
        } else {
            run.note(
                    node.id(),
                    node.label() + (row.isEmpty() ? " has left the cluster" : " is not decommissioning")
                            + ": nothing to cancel");
        }
    }

    private static void dropBackend(Action.DropBackend drop, ActionContext run) {
        Node node = run.node(drop);
        ClusterAdmin admin = run.engine().admin();
        int port = node.ports().heartbeatPort();
        // The runner's drop-replicas gate ran before an unforced drop (Gates.beforeAction).
        if (backend(run.engine(), node).isPresent()) {
            if (node.role() == Role.CN) {
                admin.dropComputeNode(node.host(), port);
            } else {
                admin.dropBackend(node.host(), port);
            }
        }
        run.note(node.id(), left(node));
    }

    private static void dropFrontend(Action.DropFrontend drop, ActionContext run) {
        Node node = run.node(drop);
        ClusterAdmin admin = run.engine().admin();
        boolean member = admin.frontends().stream().anyMatch(fe -> fe.matches(node));
        if (member) {
            admin.dropFrontend(node.role(), node.host(), node.ports().editLogPort());
        }
        run.note(node.id(), left(node));
    }

    private static String left(Node node) {
        return node.label() + " left the cluster; its process is stopped and its files stay in " + node.home() + " on "
                + node.host() + " (remove them when no longer needed)";
    }

    /** The node's row in {@code SHOW BACKENDS} (or StarRocks {@code SHOW COMPUTE NODES}). */
    static Optional<Backend> backend(Engine engine, Node node) {
        return MembershipGates.backend(engine.admin(), engine.topology().flavor(), node);
    }

    private static void awaitDrained(Action.AwaitDrained drained, ActionContext run) {
        Node node = run.node(drained);
        Waiter waiter = run.waiter(node.id());
        Instant start = waiter.clock().instant();
        Drain drain = new Drain(start);
        String done = waiter.loop(node.label(), "drained", NO_DEADLINE, () -> drain.poll(run, node, drained));
        run.events().waiting(node.id(), done);
    }

    /** The counts a drain has seen, from one poll to the next. */
    private static final class Drain {
        private final Instant start;
        private Instant lastProgress;
        private long initial = -1;
        private long last = -1;

        Drain(Instant start) {
            this.start = start;
            this.lastProgress = start;
        }

        /** One poll: the closing message once drained, empty while tablets move; throws when cancelled or stuck. */
        Optional<String> poll(ActionContext run, Node node, Action.AwaitDrained drained) {
            Engine engine = run.engine();
            Optional<Backend> row = backend(engine, node);
            Instant now = engine.clock().instant();
            if (row.isEmpty() || row.get().tabletNum() == 0) {
                return Optional.of(node.id() + ": drained"
                        + (row.isEmpty() ? ", the master dropped it" : ", 0 tablets left") + " after "
                        + seconds(Duration.between(start, now).toNanos()));
            }
            Backend be = row.get();
            if (!be.decommissioning()) {
                throw new DorisOpsException(node.label() + ": the decommission was cancelled (SystemDecommissioned ="
                        + " false) with " + be.tabletNum() + " tablets still on it; run scale-in again to remove it");
            }
            long tablets = be.tabletNum();
            if (initial < 0) {
                initial = tablets;
            }
            if (last < 0 || tablets < last) {
                lastProgress = now;
                run.events()
                        .waiting(
                                node.id(),
                                progress(
                                        node,
                                        initial,
                                        tablets,
                                        Duration.between(start, now).toNanos()));
                last = tablets;
            } else if (tablets > last) {
                last = tablets; // the count may rise while loads land on it; progress is a fall
            }
            Duration stuckAfter = drained.stuckAfter();
            if (Duration.between(lastProgress, now).compareTo(stuckAfter) > 0) {
                throw new DorisOpsException(node.label() + ": decommission stuck: " + tablets + " tablets left, none"
                        + " moved in " + stuckAfter.toSeconds() + "s. The tablet scheduler cannot place them: check"
                        + " that it is on (disable_tablet_scheduler), that enough BEs of its tag are alive with free"
                        + " disk, and SHOW PROC '/cluster_health/tablet_health'; fix it and resume, or"
                        + " keep the BE: dorisops scale-in --topology "
                        + engine.topology().source() + " --node "
                        + node.id() + " --cancel");
            }
            return Optional.empty();
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

    private static Optional<ActionOutcome> awaitNewMaster(Action.AwaitNewMaster await, ActionContext run) {
        Node old = run.node(await);
        Engine engine = run.engine();
        Waiter waiter = run.waiter(old.id());
        Instant start = waiter.clock().instant();
        String[] seen = {""};
        try {
            NewMasterElected elected =
                    waiter.loop(engine.topology().name(), "with a new master", engine.readyTimeout(), () -> {
                        try {
                            Frontend master = engine.admin().master();
                            if (!master.matches(old)) {
                                String id = engine.topology().frontends().stream()
                                        .filter(master::matches)
                                        .map(Node::id)
                                        .findFirst()
                                        .orElse(master.address());
                                return Optional.of(new NewMasterElected(
                                        id,
                                        old.id(),
                                        Duration.between(start, engine.clock().instant())));
                            }
                            seen[0] = old.id() + " is still reported master";
                        } catch (DorisOpsException e) {
                            seen[0] = "no master serves SQL: " + e.getMessage();
                        }
                        return Optional.empty();
                    });
            run.events()
                    .waiting(
                            old.id(),
                            elected.newMaster() + " is master and serves SQL "
                                    + seconds(elected.elapsed().toNanos()) + " after " + old.id() + " stopped");
            return Optional.of(elected);
        } catch (WaitTimeoutException e) {
            throw new DorisOpsException(
                    engine.topology().name() + ": no new master serves SQL "
                            + engine.readyTimeout().toSeconds() + "s after " + old.label() + " stopped; last seen: "
                            + seen[0] + ". Check that a majority of followers is alive (SHOW FRONTENDS), then start "
                            + old.id() + " again",
                    e);
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
