package io.dorisops.internal.engine;

import io.dorisops.ActionOutcome;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.journal.OperationJson;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.NodeControl.Capability;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one dispatch table of the engine's actions: each action record's class to its handler. The
 * handler groups fill it, each for the actions of one concern: {@link NodeActions} (a node's process
 * and files), {@link MembershipActions} (the master's members, the metadata image), {@link
 * TabletActions} (waits on the tablets, the canary's soak), {@link DrainActions} (a BE's drain), {@link ComponentActions} (components of
 * an operator-run cluster) and {@link BackupActions} (a database's backup job). {@link StepRunner} dispatches every action through it in one line.
 *
 * <p>Adding an action: a record in {@link Action}, its journal form in {@link OperationJson}, and one
 * {@link Table#on} entry in the group it belongs to, with the node-control capability its handler uses
 * ({@link Table#needs}). An operation naming an action no handler takes ({@link #requireHandled}), or
 * one whose cluster lacks a capability it needs ({@link #requireCapable}), is refused before its run
 * starts, never mid-run.
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
        private final Map<Class<? extends Action>, Capability> needs = new LinkedHashMap<>();

        /** Says which node-control capability the handlers of these actions use. */
        @SafeVarargs
        final Table needs(Capability capability, Class<? extends Action>... types) {
            for (Class<? extends Action> type : types) {
                needs.put(type, capability);
            }
            return this;
        }

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
            NodeActions::register,
            MembershipActions::register,
            TabletActions::register,
            DrainActions::register,
            ComponentActions::register,
            BackupActions::register));

    private final Map<Class<? extends Action>, Handler<?>> table;
    private final Map<Class<? extends Action>, Capability> needs;

    private ActionHandlers(
            Map<Class<? extends Action>, Handler<?>> table, Map<Class<? extends Action>, Capability> needs) {
        this.table = Map.copyOf(table);
        this.needs = Map.copyOf(needs);
    }

    /** A table filled by {@code groups}. */
    static ActionHandlers of(List<Consumer<Table>> groups) {
        Table table = new Table();
        groups.forEach(group -> group.accept(table));
        return new ActionHandlers(table.entries, table.needs);
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

    /**
     * Refuses an operation whose procedure ({@link ProcedureSpec#needs}) or whose actions need a
     * capability the node control lacks, naming the procedure, the capability and what needs it, before
     * anything is locked, journaled or changed.
     */
    void requireCapable(Operation operation, NodeControl control) {
        Map<Capability, Set<String>> wanted = new EnumMap<>(Capability.class);
        ProcedureSpec.of(operation.kind()).needs().forEach(capability -> wanted.computeIfAbsent(
                        capability, c -> new LinkedHashSet<>())
                .add(operation.kind().key()));
        operation.steps().stream()
                .flatMap(step -> Stream.concat(step.actions().stream(), step.undo().stream()))
                .forEach(action -> {
                    Capability capability = needs.get(action.getClass());
                    if (capability != null) {
                        wanted.computeIfAbsent(capability, c -> new LinkedHashSet<>())
                                .add(action.key());
                    }
                });
        Set<Capability> has = control.capabilities();
        List<String> missing = new ArrayList<>();
        wanted.forEach((capability, by) -> {
            if (!has.contains(capability)) {
                missing.add(capability.description() + ", needed by " + String.join(", ", by));
            }
        });
        if (!missing.isEmpty()) {
            throw refused(operation.kind(), operation.cluster(), missing, has);
        }
    }

    /**
     * Refuses a procedure planned from what a capability reports (an upgrade by image, a scale of a
     * component) before it is read, when the node control lacks the capability; as {@link #requireCapable}
     * refuses a plan.
     */
    static void requireCapability(Operation.Kind kind, String cluster, Capability capability, NodeControl control) {
        Set<Capability> has = control.capabilities();
        if (!has.contains(capability)) {
            throw refused(kind, cluster, List.of(capability.description() + ", needed by " + kind.key()), has);
        }
    }

    private static DorisOpsException refused(
            Operation.Kind kind, String cluster, List<String> missing, Set<Capability> has) {
        return new DorisOpsException(kind.key() + " " + cluster
                + " is refused: this cluster's node control lacks " + String.join("; and ", missing)
                + ". Nothing was changed; it has " + (has.isEmpty() ? "no capability" : has)
                + " (a cluster run by a Kubernetes operator changes images and replicas, not processes or files;"
                + " a cluster on hosts changes processes and files, not images or replicas)");
    }
}
