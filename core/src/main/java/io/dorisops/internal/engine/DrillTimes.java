package io.dorisops.internal.engine;

import io.dorisops.FailoverDrillResult;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.UpgradeOptions;
import io.dorisops.UpgradeResult;
import java.time.Duration;
import java.util.function.Function;

/**
 * Collects a failover drill's times from its step events: {@code stop} and {@code await-new-master} of
 * the first step, {@code start} and {@code await-ready} of the second; the new master from the wait's
 * last message ({@code fe-2 is master and serves SQL ...}).
 */
public final class DrillTimes implements ProgressListener {

    private static final String SERVES = " is master and serves SQL";

    private volatile Duration stop = Duration.ZERO;
    private volatile Duration election = Duration.ZERO;
    private volatile Duration rejoin = Duration.ZERO;
    private volatile String newMaster = "";

    /**
     * Plans and runs a failover drill with {@code options} plus a {@code DrillTimes} listening, and
     * returns its times.
     *
     * @param procedures the procedures of the cluster for given options
     */
    public static FailoverDrillResult drill(UpgradeOptions options, Function<UpgradeOptions, Procedures> procedures) {
        DrillTimes times = new DrillTimes();
        UpgradeOptions timed = options.toBuilder()
                .listener(Listeners.both(options.listener(), times))
                .build();
        Procedures timedProcedures = procedures.apply(timed);
        Operation drill = timedProcedures.planFailoverDrill();
        UpgradeResult run = timedProcedures.execute(drill);
        return times.result(run, drill.steps().get(0).nodeId());
    }

    @Override
    public void stepFinished(ProgressEvent event) {
        switch (event.action()) {
            case "stop" -> stop = event.elapsed();
            case "await-new-master" -> election = event.elapsed();
            case "start", "await-ready" -> rejoin = rejoin.plus(event.elapsed());
            default -> {}
        }
    }

    @Override
    public void waiting(ProgressEvent event) {
        int at = event.message().indexOf(SERVES);
        if (at > 0) {
            newMaster = event.message().substring(0, at);
        }
    }

    /** The drill's result once its run succeeded. */
    public FailoverDrillResult result(UpgradeResult run, String oldMaster) {
        return new FailoverDrillResult(run.runId(), oldMaster, newMaster, stop, election, rejoin, run.elapsed());
    }
}
