package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.context.TransferProgress;
import io.dorisops.internal.context.Waiter;
import io.dorisops.spi.ProcessControl;
import io.dorisops.spi.Transport.TransferListener;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an action's handler acts with: the run's engine and events, the step's node (empty for a
 * cluster step), the run's stamp, the nodes the run changed, and the start marks of the nodes it
 * started (for a later await of the same node), and where the start and end of an upload are journaled.
 */
record ActionContext(
        Engine engine,
        Events events,
        Optional<Node> target,
        String stamp,
        Set<String> changed,
        Map<String, ProcessControl.StartMark> marks,
        TransferProgress.Record transfers) {

    /** Tells the run's listener (and journal) of the uploads to the node's host, as {@link TransferProgress}. */
    TransferListener uploads(Node node) {
        return new TransferProgress(events, transfers, node);
    }

    /** The step's node; a node action on a cluster step is a bug of its plan. */
    Node node(Action action) {
        return target.orElseThrow(() -> new IllegalStateException(action.key() + " needs a node"));
    }

    /**
     * Tells what the action found or left on node {@code nodeId} ({@code ""} for the cluster), e.g. that
     * there was nothing to do, as a STEP_FINISHED event.
     */
    void note(String nodeId, String message) {
        events.info(Type.STEP_FINISHED, nodeId, message);
    }

    /** The run's waiter (its clock, sleeper and poll interval), telling each new state as a WAITING event. */
    Waiter waiter(String nodeId) {
        return engine.waiter(message -> events.waiting(nodeId, message));
    }

    /**
     * WAITING events of node {@code nodeId} ({@code ""} for the cluster), each message after {@code
     * prefix} (a component's {@code "be: "}) and once while it stays the same.
     */
    Consumer<String> waiting(String nodeId, String prefix) {
        String[] last = {""};
        return message -> {
            if (!message.equals(last[0])) {
                last[0] = message;
                events.waiting(nodeId, prefix + message);
            }
        };
    }
}
