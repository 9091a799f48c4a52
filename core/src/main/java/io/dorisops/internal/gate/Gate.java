package io.dorisops.internal.gate;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.internal.action.Action;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One named gate: what the user types after {@code --force}, when it runs, whether it may be skipped,
 * what it guards, a sentence (the CLI's help and {@code docs/} show it), and its check. Which procedures
 * run it is their {@link io.dorisops.internal.procedure.ProcedureSpec}'s business.
 *
 * @param name the gate's name, the prefix of each of its failures
 * @param phase when it runs
 * @param forceable true when {@code --force NAME} may skip it (the journal records it)
 * @param guards what it checks, a sentence
 * @param check how it is checked: a {@link LocalCheck}, {@link PreflightCheck} or {@link NewNodeCheck}
 *     for a pre-flight gate, a {@link NodeCheck} for a per-node gate, an {@link ActionCheck} for a gate of
 *     phase action, a {@link FinalCheck} for a final gate
 */
public record Gate(String name, Phase phase, boolean forceable, String guards, Check check) {
    public Gate {
        requireNonNull(name, "name");
        requireNonNull(phase, "phase");
        requireNonNull(guards, "guards");
        requireNonNull(check, "check");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a gate name is lower-case words joined by '-', was \"" + name + "\"");
        }
        if (phase != phaseOf(check)) {
            throw new IllegalArgumentException("the gate " + name + " of phase " + phase + " has a " + check);
        }
    }

    private static Phase phaseOf(Check check) {
        if (check instanceof NodeCheck) {
            return Phase.PER_NODE;
        }
        if (check instanceof ActionCheck) {
            return Phase.ACTION;
        }
        return check instanceof FinalCheck ? Phase.FINAL : Phase.PREFLIGHT;
    }

    /** How a gate is checked; its kind says the phase. */
    public sealed interface Check
            permits LocalCheck, PreflightCheck, NewNodeCheck, NodeCheck, ActionCheck, FinalCheck {}

    /**
     * A pre-flight gate read on this machine (its run lock, its journals), evaluated before the run claims
     * the cluster, so that what it says is not hidden by the claim's refusal.
     */
    @FunctionalInterface
    public non-sealed interface LocalCheck extends Check {
        /**
         * Every failure, each starting with the gate's name; empty when it passes.
         *
         * @throws io.dorisops.PreconditionFailedException when the run may go no further at all (the lock
         *     another run holds)
         */
        List<String> check(OperationContext run);
    }

    /** A pre-flight gate's check on the cluster, once before anything changes. */
    @FunctionalInterface
    public non-sealed interface PreflightCheck extends Check {
        /**
         * Every failure, each starting with the gate's name; empty when it passes (or does not apply to
         * this operation).
         *
         * @param earlier the failures of the gates evaluated before it in this phase: a check that only
         *     means something once another gate passed (or once every one did) reads them
         */
        List<String> check(OperationContext run, List<String> earlier);
    }

    /**
     * A pre-flight gate's check on one node the operation adds, on its own host. The new-node gates are
     * evaluated together, at the place of the first of them in the table: for each new node in plan order,
     * each of them in table order (one host after the other).
     */
    @FunctionalInterface
    public non-sealed interface NewNodeCheck extends Check {
        /** The failures for this new node, each starting with the gate's name; empty when it passes. */
        List<String> check(OperationContext run, Node node);
    }

    /** A per-node gate's check, before a disruptive step on {@code next}: why not now, or empty. */
    @FunctionalInterface
    public non-sealed interface NodeCheck extends Check {
        /**
         * Why {@code next} may not be disrupted now, or empty; the runner waits while it says why.
         *
         * @param run what the check reads of the run and the cluster
         */
        Optional<String> check(GateContext run, Node next);
    }

    /** A gate of phase action's check, right before {@code action} on {@code node}, on the cluster as it is then. */
    @FunctionalInterface
    public non-sealed interface ActionCheck extends Check {
        /**
         * Passes, or refuses the action with nothing sent.
         *
         * @param run what the check reads of the run and the cluster
         * @throws io.dorisops.PreconditionFailedException naming every reason
         */
        void check(GateContext run, Action action, Node node);
    }

    /** A final gate's check: what the runner waits for once the balance switches are restored. */
    @FunctionalInterface
    public non-sealed interface FinalCheck extends Check {
        /** What the runner awaits for this gate in this run, or empty when it does not apply (or is skipped). */
        Optional<Awaited> check(OperationContext run);
    }

    /**
     * What a final gate waits for.
     *
     * @param what the condition, for the wait's message ({@code "tablets healthy"})
     * @param problems what is not so yet, each a sentence; empty once it holds
     */
    public record Awaited(String what, Supplier<List<String>> problems) {
        public Awaited {
            requireNonNull(what, "what");
            requireNonNull(problems, "problems");
        }
    }
}
