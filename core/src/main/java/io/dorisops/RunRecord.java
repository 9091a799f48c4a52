package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param outcome {@code succeeded}, {@code failed}, {@code vetoed}, {@code rolled-back}, {@code unfinished} (no
 *     end entry: resumable), or {@code damaged} (the journal cannot be read as a run: {@code message} says
 *     what is wrong and where; that run cannot be resumed, nothing else is blocked)
 * @param message the end entry's message, when there is one; for a damaged journal, what is wrong
 * @param journal the journal file
 * @param damaged what is damaged in the journal and where (file and line), each skipped when it was read
 * @param nodeTimes per node step that stopped its node, in the order they ran: its drain and downtime
 * @param traffic the failed and successful queries and loads over the run, when it was watched under a
 *     {@link Traffic}
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
        Path journal,
        List<String> damaged,
        List<NodeTime> nodeTimes,
        Optional<Traffic.Counts> traffic) {
    public RunRecord {
        requireNonNull(runId, "runId");
        done = List.copyOf(done);
        forced = List.copyOf(forced);
        requireNonNull(outcome, "outcome");
        requireNonNull(message, "message");
        damaged = List.copyOf(damaged);
        nodeTimes = List.copyOf(nodeTimes);
        requireNonNull(traffic, "traffic");
    }

    /**
     * One node's time out of service in a run, from the journal: the drain before its stop and the
     * downtime from its stop until it was ready again (the run report's bar).
     *
     * @param node the node's id
     * @param drain from the drain's first action ({@code disable-backend}, else {@code await-idle}) to the
     *     stop; empty when the step had no drain (an FE, a StarRocks BE: its graceful stop is the drain and
     *     part of the downtime) or did not stop the node
     * @param downtime from the stop to ready again; empty when the journal ends before it was ready
     * @param traffic the queries and loads during the node's step (drain and downtime), when the run was
     *     watched under a {@link Traffic}
     */
    public record NodeTime(
            String node, Optional<Duration> drain, Optional<Duration> downtime, Optional<Traffic.Counts> traffic) {
        public NodeTime {
            requireNonNull(node, "node");
            requireNonNull(drain, "drain");
            requireNonNull(downtime, "downtime");
            requireNonNull(traffic, "traffic");
        }
    }

    /** A record without node times or traffic (a journal read without them). */
    public RunRecord(
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
            Path journal,
            List<String> damaged) {
        this(
                runId,
                kind,
                user,
                machine,
                started,
                target,
                done,
                forced,
                outcome,
                message,
                journal,
                damaged,
                List.of(),
                Optional.empty());
    }

    /** A record of a journal with nothing damaged. */
    public RunRecord(
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
        this(runId, kind, user, machine, started, target, done, forced, outcome, message, journal, List.of());
    }

    /** True when the run has no end entry: it died or was stopped, and {@code resume} continues it. */
    public boolean unfinished() {
        return outcome.equals("unfinished");
    }
}
