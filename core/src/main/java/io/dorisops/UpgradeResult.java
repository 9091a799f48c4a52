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
 */
public record UpgradeResult(String runId, List<String> upgraded, List<String> skipped, Duration elapsed, Path journal) {
    public UpgradeResult {
        requireNonNull(runId, "runId");
        upgraded = List.copyOf(upgraded);
        skipped = List.copyOf(skipped);
        requireNonNull(elapsed, "elapsed");
        requireNonNull(journal, "journal");
    }
}
