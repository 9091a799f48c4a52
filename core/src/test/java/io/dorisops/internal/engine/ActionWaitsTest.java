package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.ActionOutcome.NewMasterElected;
import io.dorisops.Canary;
import io.dorisops.FailoverDrillResult;
import io.dorisops.NodeFailedException;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.run.RunSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The actions' own waits (a drain, an election, a canary's soak) poll on the run's clock and sleeper,
 * so minutes of cluster time pass in milliseconds on virtual time ({@link RunClock}); each test would
 * take its minutes of real time (and fail its timeout) if a wait slept for real.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS) // real seconds: a loaded machine, never the waits' minutes
class ActionWaitsTest extends FakeRunFixture {

    private final RunClock time = new RunClock();

    private Procedures onRunClock(FakeCluster cluster, ScaleFake admin, RunSettings options) {
        return new Procedures(new Engine(cluster.topology, cluster.control(), cluster, Optional.of(admin), options)
                .withTime(time, time));
    }

    @Test
    void aDrainThatStopsMovingForTenMinutesIsReportedStuckOnTheRunsClock() {
        ScaleFake admin = new ScaleFake(cluster);
        admin.stalled = true;
        Procedures procedures = onRunClock(
                cluster, admin, options().pollInterval(Duration.ofSeconds(5)).build());

        assertThatThrownBy(() -> procedures.execute(procedures.planScaleIn(
                        List.of(cluster.topology.node("be-3").orElseThrow()), Duration.ofMinutes(10))))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("decommission stuck: 10 tablets left, none moved in 600s");
        assertThat(time.elapsed()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
    }

    @Test
    void anElectionOfTenSecondsIsTimedOnTheRunsClockAndTheDrillReadsItFromTheOutcome() {
        ScaleFake admin = new ScaleFake(cluster);
        DrillTimes times = new DrillTimes();
        ProgressListener electionTakesFivePolls = new ProgressListener() {
            @Override
            public void stepFinished(ProgressEvent event) {
                if (event.action().equals("stop")) {
                    admin.masterlessReads = 5;
                }
            }
        };
        Procedures procedures = onRunClock(
                cluster,
                admin,
                options()
                        .pollInterval(Duration.ofSeconds(2))
                        .readyTimeout(Duration.ofMinutes(1))
                        .listener(Listeners.both(electionTakesFivePolls, times))
                        .build());

        RunResult run = procedures.execute(procedures.planFailoverDrill());
        FailoverDrillResult drill = times.result(run, "fe-1");

        assertThat(run.outcomes()).containsExactly(new NewMasterElected("fe-2", "fe-1", Duration.ofSeconds(10)));
        assertThat(drill.newMaster()).isEqualTo("fe-2");
        assertThat(drill.election()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anElectionThatNeverEndsFailsAfterTheReadyTimeoutOfTheRunsClock() {
        ScaleFake admin = new ScaleFake(cluster);
        ProgressListener noElection = new ProgressListener() {
            @Override
            public void stepFinished(ProgressEvent event) {
                if (event.action().equals("stop")) {
                    admin.masterlessReads = Integer.MAX_VALUE;
                }
            }
        };
        Procedures procedures = onRunClock(
                cluster,
                admin,
                options()
                        .pollInterval(Duration.ofSeconds(2))
                        .readyTimeout(Duration.ofMinutes(5))
                        .listener(noElection)
                        .rollbackOnFailure(false)
                        .build());

        assertThatThrownBy(() -> procedures.execute(procedures.planFailoverDrill()))
                .hasMessageContaining("no new master serves SQL 300s after fe-1")
                .hasMessageContaining("last seen: no master serves SQL: no master serves SQL yet");
        assertThat(time.elapsed()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
    }

    @Test
    void aFiveMinuteSoakOfTheCanaryRunsOnTheRunsClock() {
        RunSettings options = options()
                .pollInterval(Duration.ofSeconds(2))
                .canary(Canary.on(Duration.ofMinutes(5)).node("be-1"))
                .build();
        Procedures procedures =
                new Procedures(new Engine(cluster.topology, cluster.control(), cluster, Optional.of(cluster), options)
                        .withTime(time, time));

        RunResult run = procedures.execute(procedures.planUpgrade(pkg));

        assertThat(run.nodes()).startsWith("be-1");
        assertThat(time.elapsed()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
    }
}
