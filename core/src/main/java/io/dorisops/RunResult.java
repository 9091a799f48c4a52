package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a run that succeeded ({@link Cluster#run(Operation, RunOptions)}, {@link
 * Cluster#resume(RunOptions)}). A run that does not succeed throws instead, naming the node, the step,
 * what was seen and the command to resume or roll back.
 *
 * @param runId the run's id, as {@link Cluster#history(RunOptions)} lists it
 * @param nodes the nodes acted on in this call, in order
 * @param skipped nodes that were already done (at the target, or finished before a resume)
 * @param elapsed wall time of the run
 * @param journal the journal file of the run
 * @param outcomes what the run's actions found out (e.g. which FE was elected master and when), in order
 * @param failoverDrill the times a failover drill measured; empty for every other procedure
 */
@Beta
public record RunResult(
        String runId,
        List<String> nodes,
        List<String> skipped,
        Duration elapsed,
        Path journal,
        List<ActionOutcome> outcomes,
        Optional<FailoverDrillResult> failoverDrill) {

    public RunResult {
        requireNonNull(runId, "runId");
        nodes = List.copyOf(nodes);
        skipped = List.copyOf(skipped);
        requireNonNull(elapsed, "elapsed");
        requireNonNull(journal, "journal");
        outcomes = List.copyOf(outcomes);
        requireNonNull(failoverDrill, "failoverDrill");
    }

    /** This result with the times of the failover drill it ran. */
    public RunResult withFailoverDrill(FailoverDrillResult drill) {
        return new RunResult(runId, nodes, skipped, elapsed, journal, outcomes, Optional.of(drill));
    }
}
