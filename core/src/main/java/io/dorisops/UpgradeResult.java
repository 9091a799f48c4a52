package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of a successful upgrade, resume or rollback run. A run that does not succeed throws
 * instead, naming the node, the step, what was seen and the command to resume or roll back.
 *
 * @param runId the run's id
 * @param upgraded the nodes acted on in this call, in order
 * @param skipped nodes that were already done (at the target, or finished before a resume)
 * @param elapsed wall time of the run
 * @param journal the journal file of the run
 * @param outcomes what the run's actions found out (e.g. which FE was elected master and when), in order
 */
public record UpgradeResult(
        String runId,
        List<String> upgraded,
        List<String> skipped,
        Duration elapsed,
        Path journal,
        List<ActionOutcome> outcomes) {
    public UpgradeResult {
        requireNonNull(runId, "runId");
        upgraded = List.copyOf(upgraded);
        skipped = List.copyOf(skipped);
        requireNonNull(elapsed, "elapsed");
        requireNonNull(journal, "journal");
        outcomes = List.copyOf(outcomes);
    }

    /** A result whose actions found out nothing beyond "done". */
    public UpgradeResult(String runId, List<String> upgraded, List<String> skipped, Duration elapsed, Path journal) {
        this(runId, upgraded, skipped, elapsed, journal, List.of());
    }
}
