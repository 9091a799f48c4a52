package io.dorisops.internal.engine;

import io.dorisops.ActionOutcome;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.internal.action.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one dispatch table of the engine's actions: each action record's class to its handler. The
 * handler groups fill it, each for the actions of one concern: {@link NodeActions} (a node's process
 * and files), {@link MembershipActions} (the master's members, the metadata image), {@link
 * TabletActions} (waits on the tablets, the canary's soak) and {@link ComponentActions} (components of
 * an operator-run cluster). {@link StepRunner} dispatches every action through it in one line.
 *
 * <p>Adding an action: a record in {@link Action}, its journal form in {@link OperationJson}, and one
 * {@link Table#on} entry in the group it belongs to. An operation naming an action no handler takes is
 * refused before its run starts ({@link #requireHandled}), never mid-run.
 */
final class ActionHandlers {

    /** Performs one kind of action; returns what it found out, when that is more than "done". */
    @FunctionalInterface
    interface Handler<A extends Action> {
        Optional<ActionOutcome> act(A action, ActionContext context);
    }

    /** The entries a handler group adds. */
    static final class Table {
        private final Map<Class<? extends Action>, Handler<?>> entries = new LinkedHashMap<>();

        /** Adds the handler of one action record; a record has one handler. */
        <A extends Action> Table on(Class<A> type, Handler<A> handler) {
            if (entries.putIfAbsent(type, handler) != null) {
                throw new IllegalStateException("two handlers for " + type.getSimpleName());
            }
            return this;
        }

        /** Adds the handler of an action that finds out nothing beyond "done". */
        <A extends Action> Table done(Class<A> type, BiConsumer<A, ActionContext> handler) {
            return on(type, (action, context) -> {
                handler.accept(action, context);
                return Optional.empty();
            });
        }
    }

    /** Every handler of the engine. */
    static final ActionHandlers ALL = of(List.of(
            NodeActions::register, MembershipActions::register, TabletActions::register, ComponentActions::register));

    private final Map<Class<? extends Action>, Handler<?>> table;

    private ActionHandlers(Map<Class<? extends Action>, Handler<?>> table) {
        this.table = Map.copyOf(table);
    }

    /** A table filled by {@code groups}. */
    static ActionHandlers of(List<Consumer<Table>> groups) {
        Table table = new Table();
        groups.forEach(group -> group.accept(table));
        return new ActionHandlers(table.entries);
    }

    /** True when an action of this record has a handler. */
    boolean handles(Class<? extends Action> type) {
        return table.containsKey(type);
    }

    /** Performs {@code action} through its handler. */
    @SuppressWarnings("unchecked") // the table maps each class to a handler of that class (Table.on)
    Optional<ActionOutcome> act(Action action, ActionContext context) {
        Handler<Action> handler = (Handler<Action>) table.get(action.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for action " + action.key()); // requireHandled refused it
        }
        return handler.act(action, context);
    }

    /**
     * Refuses an operation with an action (or undo action) no handler takes, naming the step, its node
     * and the action, before anything is locked, journaled or changed.
     */
    void requireHandled(Operation operation) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < operation.steps().size(); i++) {
            Step step = operation.steps().get(i);
            int number = i + 1;
            Stream.concat(step.actions().stream(), step.undo().stream())
                    .filter(action -> !handles(action.getClass()))
                    .map(action -> "step " + number + " (" + (step.onCluster() ? "the cluster" : step.nodeId()) + "): "
                            + action.key())
                    .distinct()
                    .forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            throw new DorisOpsException(operation.kind().key() + " " + operation.cluster()
                    + ": this engine has no handler for " + String.join("; ", missing)
                    + ". Nothing was changed; run the plan with the dorisops release that made it");
        }
    }
}
