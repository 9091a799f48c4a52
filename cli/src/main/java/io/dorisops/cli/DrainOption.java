package io.dorisops.cli;

import io.dorisops.Procedure;
import picocli.CommandLine.Option;

/** {@code --no-drain} of the commands whose procedure drains BEs: upgrade, plan, restart, scale-in (docs/drain.md). */
final class DrainOption {

    @Option(
            names = "--no-drain",
            description = "Stop each Doris BE as soon as its turn comes, without first disabling it and waiting for"
                    + " its running queries (the drain, docs/drain.md): for comparison, and for clusters that cannot"
                    + " drain.")
    boolean noDrain;

    /** The procedure, without its drain when {@code --no-drain} was given. */
    Procedure applyTo(Procedure procedure) {
        return noDrain ? procedure.noDrain() : procedure;
    }
}
