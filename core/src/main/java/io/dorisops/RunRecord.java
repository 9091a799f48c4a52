package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One past run, read from its journal: the audit trail {@code dorisops history} lists.
 *
 * @param runId the run's id
 * @param kind {@code upgrade} or {@code rollback}
 * @param user the OS user that ran it
 * @param machine the host it ran from
 * @param started when it started
 * @param target the version it went to
 * @param done the nodes it finished
 * @param forced the pre-flight checks it skipped
 * @param outcome {@code succeeded}, {@code failed}, {@code vetoed}, or {@code unfinished} (no end entry: resumable)
 * @param message the end entry's message, when there is one
 * @param journal the journal file
 */
public record RunRecord(
        String runId,
        String kind,
        String user,
        String machine,
        Instant started,
        String target,
        List<String> done,
        List<String> forced,
        String outcome,
        Optional<String> message,
        Path journal) {
    public RunRecord {
        requireNonNull(runId, "runId");
        done = List.copyOf(done);
        forced = List.copyOf(forced);
        requireNonNull(outcome, "outcome");
        requireNonNull(message, "message");
    }

    /** True when the run has no end entry: it died or was stopped, and {@code resume} continues it. */
    public boolean unfinished() {
        return outcome.equals("unfinished");
    }
}
