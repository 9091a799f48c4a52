package io.dorisops.internal.engine;

import io.dorisops.BalanceGuard;
import io.dorisops.Flavor;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.gate.ReplicaGates;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tablet scheduler let run between two nodes of a rolling run while replicas lack versions. A run
 * pauses the scheduler so that it does not re-create the replicas of a node that is only restarting;
 * but on a cluster that takes loads, the node comes back with replicas missing the versions loaded
 * while it was down, and only a scheduler clone fills them in (Doris {@code TabletScheduler}: {@code
 * case VERSION_INCOMPLETE: … handleReplicaVersionIncomplete}, and {@code if
 * (Config.disable_tablet_scheduler) … "tablet scheduler is disabled"}; StarRocks the same with {@code
 * tablet_sched_max_scheduling_tablets <= 0}). So when the majority gate ({@link ReplicaMajority}) can
 * only clear by such a repair, and every backend is up, the scheduler switch alone goes back to the
 * value it had before the run (balance stays paused); the window closes, the pause re-applied, before
 * the next node stops.
 *
 * <p>Nothing to open when the run paused nothing (the scheduler runs anyway) or when the scheduler was
 * off before the run (a forced {@code balance-paused}): the gate then waits for a repair by hand.
 * A run that dies with the window open leaves the scheduler at its own earlier value; the run's restore
 * puts every switch back in any case.
 */
final class RepairWindow {

    private final Engine engine;
    private final BalanceGuard guard;
    private final Consumer<String> note;
    private boolean open;

    /**
     * @param guard the run's balance pause, or null when it paused nothing
     * @param note told each time the window opens or closes (the journal and the listener)
     */
    RepairWindow(Engine engine, BalanceGuard guard, Consumer<String> note) {
        this.engine = engine;
        this.guard = guard;
        this.note = note;
    }

    /** A window for a run that paused nothing: it never opens. */
    static RepairWindow none(Engine engine) {
        return new RepairWindow(engine, null, message -> {});
    }

    /**
     * Lets the scheduler repair (sets its switch to its value from before the run; again on every call, so
     * a new master gets it too).
     *
     * @return false when it cannot: the run paused nothing, or the scheduler was off before the run
     */
    synchronized boolean open(String why) {
        if (guard == null) {
            return false;
        }
        Flavor flavor = engine.topology().flavor();
        String key = ReplicaGates.schedulerKeys(flavor).get(0);
        String before = guard.previous().get(key);
        if (before == null
                || ReplicaGates.schedulerPaused(flavor, Map.of(key, before)).isPresent()) {
            return false;
        }
        engine.admin().setFrontendConfig(key, before);
        if (!open) {
            open = true;
            note.accept("tablet scheduler on (" + key + " = " + before + ", balance still paused) to clone the"
                    + " versions replicas lack: " + why);
        }
        return true;
    }

    /** Pauses the scheduler again when this window opened it. */
    synchronized void close() {
        if (!open) {
            return;
        }
        guard.reapply();
        open = false;
        note.accept("tablet scheduler paused again");
    }

    /** True while the scheduler runs because of this window. */
    synchronized boolean isOpen() {
        return open;
    }
}
