package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.internal.action.Action;
import io.dorisops.spi.ClusterAdmin;
import java.util.OptionalInt;

/**
 * The handlers of a BE's drain ({@code docs/drain.md}), each on the master through the SQL control plane
 * and idempotent: disable queries and loads on the BE, wait until it runs no query fragment, enable it
 * again. Without the SQL control plane, or with an admin that cannot disable a BE (one written before
 * the drain), a note says so: the drain is then the graceful stop alone, and there is nothing to enable.
 * A BE that is no member when it is to be disabled (the master dropped it after its decommission, as
 * Doris does by default in a scale-in) gets nothing to disable, and a note.
 */
final class DrainActions {

    private DrainActions() {}

    static void register(ActionHandlers.Table table) {
        table.done(Action.DisableBackend.class, (disable, run) -> disabled(run, run.node(disable), true));
        table.done(Action.AwaitIdle.class, DrainActions::awaitIdle);
        table.done(Action.EnableBackend.class, (enable, run) -> disabled(run, run.node(enable), false));
    }

    private static void disabled(ActionContext run, Node node, boolean disabled) {
        if (!run.engine().hasAdmin()) {
            run.note(node.id(), node.label() + ": no SQL control plane to disable it: its graceful stop is the drain");
            return;
        }
        ClusterAdmin admin = run.engine().admin();
        if (disabled && admin.backends().stream().noneMatch(backend -> backend.matches(node))) {
            // Doris drops a decommissioned BE by itself (drop_backend_after_decommission, default true):
            // the master plans nothing on a BE that is no member.
            run.note(
                    node.id(),
                    node.label() + " is no member of the cluster (dropped after its decommission):"
                            + " no query reaches it, nothing to disable");
            return;
        }
        try {
            admin.setBackendDisabled(node.host(), node.ports().heartbeatPort(), disabled);
        } catch (UnsupportedOperationException e) {
            run.note(
                    node.id(),
                    node.label() + ": the SQL control plane does not disable backends (" + e.getMessage()
                            + "): its graceful stop is the drain");
        }
    }

    /**
     * Polls the BE's running query fragments until there are none; a BE that does not report them is
     * left to its graceful stop. Past the deadline: an error naming the BE and what still runs.
     */
    private static void awaitIdle(Action.AwaitIdle idle, ActionContext run) {
        Node node = run.node(idle);
        if (!run.engine().hasAdmin()) {
            return;
        }
        ClusterAdmin admin = run.engine().admin();
        int port = node.ports().heartbeatPort();
        if (admin.runningQueries(node.host(), port).isEmpty()) {
            run.note(
                    node.id(),
                    node.label() + " does not report its running queries: its graceful stop waits for" + " them");
            return;
        }
        run.waiter(node.id())
                .await(
                        node.label(),
                        "drained",
                        () -> admin.runningQueries(node.host(), port),
                        running -> running.orElse(0) == 0,
                        DrainActions::describe,
                        idle.deadline(),
                        "The queries still running on it would fail if it stopped now. Find them (SHOW PROC"
                                + " '/current_queries'), let them end or cancel them, then run dorisops resume;"
                                + " the BE was enabled again");
    }

    private static String describe(OptionalInt running) {
        if (running.isEmpty()) {
            return "it no longer reports its running queries";
        }
        return running.getAsInt() + " query fragment" + (running.getAsInt() == 1 ? "" : "s") + " still running";
    }
}
