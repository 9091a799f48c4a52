package io.dorisops.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Operation;
import io.dorisops.RunRecord;
import io.dorisops.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each node's drain and downtime in a run, and the client traffic over it, read from the run's journal
 * entries (never from messages): what the run report's table and {@code dorisops history --json} show.
 *
 * <ol>
 *   <li>The downtime of a node step is its {@link Timeline} bar: from the stop's beginning until the node
 *       was ready again (empty when the journal ends first).
 *   <li>Its drain runs from the beginning of its first drain action ({@code disable-backend}, else {@code
 *       await-idle}) to the beginning of its stop.
 *   <li>The traffic of a step, or of the run, is the difference of the {@code traffic} entries' counts at its
 *       end and at its beginning: each entry holds the counts so far, journaled once a second while they
 *       change, so a failure is counted in the step whose window held the entry that first showed it.
 * </ol>
 */
public final class NodeTimes {

    private NodeTimes() {}

    /** Each node step that stopped its node, in the order the steps ran. */
    public static List<RunRecord.NodeTime> of(Operation operation, List<JsonNode> entries) {
        Timeline timeline = Timeline.of(operation, entries);
        List<Timeline.Bar> bars = timeline.bars().stream()
                .filter(bar -> !bar.startOnly())
                .sorted((a, b) -> a.from().compareTo(b.from()))
                .toList();
        List<RunRecord.NodeTime> times = new ArrayList<>();
        for (Timeline.Bar bar : bars) {
            Optional<Instant> drainStart = drainStart(bar.step(), entries);
            Optional<Duration> drain = drainStart.map(from -> Duration.between(from, bar.from()));
            Optional<Duration> downtime =
                    bar.end() == Timeline.End.READY ? Optional.of(bar.length()) : Optional.empty();
            Instant from = drainStart.orElse(bar.from());
            times.add(new RunRecord.NodeTime(bar.node(), drain, downtime, traffic(entries, from, bar.to())));
        }
        return List.copyOf(times);
    }

    /** The traffic over the whole run: from its first {@code traffic} entry to its last. */
    public static Optional<Traffic.Counts> traffic(List<JsonNode> entries) {
        return traffic(entries, Instant.MIN, Instant.MAX);
    }

    private static Optional<Instant> drainStart(int step, List<JsonNode> entries) {
        Optional<Instant> idle = Optional.empty();
        for (JsonNode entry : entries) {
            if (!entry.path("type").asText().equals("action")
                    || entry.path("step").asInt(-1) != step) {
                continue;
            }
            String action = entry.path("action").asText();
            Instant started = entry.hasNonNull("started")
                    ? Instant.parse(entry.get("started").asText())
                    : Timeline.time(entry);
            if (action.equals("disable-backend")) {
                return Optional.of(started);
            }
            if (action.equals("await-idle") && idle.isEmpty()) {
                idle = Optional.of(started);
            }
        }
        return idle;
    }

    /** The counts of the traffic entries in {@code [from, to]}: the last one minus the one before the window. */
    private static Optional<Traffic.Counts> traffic(List<JsonNode> entries, Instant from, Instant to) {
        Traffic.Counts before = null;
        Traffic.Counts last = null;
        Traffic.Counts first = null;
        for (JsonNode entry : entries) {
            if (!entry.path("type").asText().equals("traffic")) {
                continue;
            }
            Instant time = Timeline.time(entry);
            Traffic.Counts counts = new Traffic.Counts(
                    entry.path("queriesOk").asLong(),
                    entry.path("queriesFailed").asLong(),
                    entry.path("loadsOk").asLong(),
                    entry.path("loadsFailed").asLong());
            first = first == null ? counts : first;
            if (time.isBefore(from)) {
                before = counts;
            } else if (!time.isAfter(to)) {
                last = counts;
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        Traffic.Counts start = before != null ? before : first;
        Traffic.Counts end = last != null ? last : start;
        return Optional.of(end.since(start));
    }
}
