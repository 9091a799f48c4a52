package io.dorisops.internal.engine;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.journal.RunJournal;
import io.dorisops.spi.ClusterAdmin;
import java.util.Map;
import java.util.Optional;

/**
 * The balance switches around a run (steps 5 and 8 of the {@link Runner}): journal their values and
 * pause them when the operation pauses balancing, restore them in every outcome, and read them back
 * after a success.
 */
final class BalancePause {
    private BalancePause() {}

    /**
     * Step 5: pauses the switches when the operation pauses balancing and there is an admin, after
     * journaling the values to restore: the live ones for a new run, the ones given when continuing a run
     * (a resume) or undoing one (a rollback restores the values from before the upgrade, never the paused
     * ones it finds). Every run's journal so holds its own {@code balance} entry, and a resume of it
     * restores those values.
     *
     * @return the guard that restores them, or null when nothing was paused
     */
    static BalanceGuard pause(
            Engine engine, Operation operation, Optional<Map<String, String>> balance, RunJournal journal) {
        if (!operation.pausesBalance() || !engine.hasAdmin()) {
            return null;
        }
        ClusterAdmin admin = engine.admin();
        Map<String, String> previous = balance.orElseGet(
                () -> BalanceGuard.read(admin, engine.topology().flavor()));
        journal.balance(previous);
        return BalanceGuard.pause(admin, engine.topology().flavor(), previous);
    }

    /**
     * Step 8: restores the switches; a failure is the run's failure only when there was none, else
     * attached. So is a journal write that fails here (a full disk): it never replaces the run's error.
     */
    static RuntimeException restore(BalanceGuard guard, RuntimeException failure, RunJournal journal) {
        if (guard == null) {
            return failure;
        }
        try {
            guard.close();
        } catch (RuntimeException e) {
            RuntimeException first = failure != null ? failure : e;
            if (first != e) {
                first.addSuppressed(e);
            }
            RunJournal.alongside(first, () -> journal.note("restoring the balance switches failed: " + e.getMessage()));
            return first;
        }
        if (failure != null) {
            // The run failed: the cluster may not answer a read-back, so the report shows the values set.
            RunJournal.alongside(failure, () -> journal.balanceAfter(guard.previous(), false));
        }
        return failure;
    }

    /** Step 8 after a success: reads the switches back; the failure to return when they differ, else null. */
    static RuntimeException verifyRestored(Engine engine, Map<String, String> previous, RunJournal journal) {
        Map<String, String> now = engine.admin().frontendConfig(previous.keySet());
        journal.balanceAfter(now, true);
        if (now.equals(previous)) {
            return null;
        }
        return new DorisOpsException(DorisOpsException.message(
                engine.topology().name(),
                "the balance switches were not restored",
                previous.toString(),
                now.toString(),
                "Run on the master:\n" + BalanceGuard.restoreStatements(previous)));
    }
}
