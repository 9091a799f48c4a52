package io.dorisops.internal.gate;

import static java.util.Objects.requireNonNull;

/**
 * One named gate: what the user types after {@code --force}, when it runs, whether it may be skipped,
 * and what it guards, a sentence (the CLI's help and {@code docs/} show it). Which procedures run it
 * is their {@link io.dorisops.internal.procedure.ProcedureSpec}'s business.
 *
 * @param name the gate's name, the prefix of each of its failures
 * @param phase when it runs
 * @param forceable true when {@code --force NAME} may skip it (the journal records it)
 * @param guards what it checks, a sentence
 */
public record Gate(String name, Phase phase, boolean forceable, String guards) {
    public Gate {
        requireNonNull(name, "name");
        requireNonNull(phase, "phase");
        requireNonNull(guards, "guards");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a gate name is lower-case words joined by '-', was \"" + name + "\"");
        }
    }
}
