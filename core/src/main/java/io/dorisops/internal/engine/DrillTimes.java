package io.dorisops.internal.engine;

import io.dorisops.ActionOutcome.NewMasterElected;
import io.dorisops.FailoverDrillResult;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.internal.run.RunSettings;
import java.time.Duration;

/**
 * Builds a failover drill's result from data: the new master and the election's time from the run's
 * outcome ({@link NewMasterElected} of {@code await-new-master}); the stop and the rejoin from the
 * elapsed times of the step events {@code stop} of the first step and {@code start} and {@code
 * await-ready} of the second.
 */
public final class DrillTimes implements ProgressListener {

    private volatile Duration stop = Duration.ZERO;
    private volatile Duration rejoin = Duration.ZERO;

    /** Whether a run of {@code operation} is a drill whose times this class measures. */
    public static boolean timed(Operation operation) {
        return operation.kind() == Operation.Kind.FAILOVER_DRILL;
    }

    /** {@code options} with this listening beside their listener. */
    public RunSettings listening(RunSettings options) {
        return options.toBuilder()
                .listener(Listeners.both(options.listener(), this))
                .build();
    }

    /** The drill's result once its run of {@code drill} succeeded; its old master is the first step's node. */
    public FailoverDrillResult result(RunResult run, Operation drill) {
        return result(run, drill.steps().get(0).nodeId());
    }

    @Override
    public void stepFinished(ProgressEvent event) {
        switch (event.action()) {
            case "stop" -> stop = event.elapsed();
            case "start", "await-ready" -> rejoin = rejoin.plus(event.elapsed());
            default -> {}
        }
    }

    /** The drill's result once its run succeeded. */
    public FailoverDrillResult result(RunResult run, String oldMaster) {
        NewMasterElected elected = run.outcomes().stream()
                .filter(NewMasterElected.class::isInstance)
                .map(NewMasterElected.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(run.runId() + ": the drill's run elected no master"));
        return new FailoverDrillResult(
                run.runId(), oldMaster, elected.newMaster(), stop, elected.elapsed(), rejoin, run.elapsed());
    }
}
