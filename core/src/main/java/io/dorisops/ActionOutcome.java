package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What an action of a run found out beyond "done", as data: a run's result carries them in the order
 * they happened ({@link RunResult#outcomes()}), so a caller never reads them back out of event text.
 */
public sealed interface ActionOutcome permits ActionOutcome.NewMasterElected {

    /**
     * Another FE became master and serves SQL after the master stopped (the failover drill, a scale-in of
     * the master).
     *
     * @param newMaster the node id of the FE now master (its address when the topology does not list it)
     * @param oldMaster the node id of the FE that stopped
     * @param elapsed from the start of the wait until the new master served SQL
     */
    record NewMasterElected(String newMaster, String oldMaster, Duration elapsed) implements ActionOutcome {
        public NewMasterElected {
            requireNonNull(newMaster, "newMaster");
            requireNonNull(oldMaster, "oldMaster");
            requireNonNull(elapsed, "elapsed");
        }
    }
}
