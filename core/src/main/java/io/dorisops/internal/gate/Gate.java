package io.dorisops.internal.gate;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.internal.action.Action;
import java.util.Optional;

/**
 * One named gate: what the user types after {@code --force}, when it runs, whether it may be skipped,
 * what it guards, a sentence (the CLI's help and {@code docs/} show it), and its check. Which procedures
 * run it is their {@link io.dorisops.internal.procedure.ProcedureSpec}'s business.
 *
 * @param name the gate's name, the prefix of each of its failures
 * @param phase when it runs
 * @param forceable true when {@code --force NAME} may skip it (the journal records it)
 * @param guards what it checks, a sentence
 * @param check how it is checked: a {@link NodeCheck} for a per-node gate, an {@link ActionCheck} for a
 *     gate of phase action
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
        if ((phase == Phase.PER_NODE) != (check instanceof NodeCheck)
                || (phase == Phase.ACTION) != (check instanceof ActionCheck)) {
            throw new IllegalArgumentException("the gate " + name + " of phase " + phase + " has a " + check);
        }
    }

    /** How a gate is checked. */
    public sealed interface Check permits NodeCheck, ActionCheck, InEngine {}

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

    /**
     * A gate of phase pre-flight or final, whose check is still evaluated by name in {@code
     * internal.engine.Gates} (and {@code DeployGates}, {@code FrontendCheck.preflight}): they move here
     * phase by phase as per-node gates did.
     */
    public enum InEngine implements Check {
        /** Evaluated by the engine's gate evaluation of its phase. */
        BY_NAME
    }
}
