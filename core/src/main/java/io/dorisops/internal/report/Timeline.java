package io.dorisops.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Operation;
import io.dorisops.internal.action.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the run report's picture shows, read from a run's journal entries: one row per node, a bar per
 * node step for the time its node was out of service, each upload to the node's host, the moments the master moved or the run was
 * resumed, and batches of bars that overlap in time.
 *
 * <p>How a bar is read from the journal, per node step (preparatory and cluster steps have none):
 *
 * <ol>
 *   <li>It starts when the step's first {@code stop} action began (the entry's {@code started}); a
 *       journal written before {@code started} was recorded gives only the stop's completion, so the bar
 *       starts then and leaves out the seconds of the graceful stop. A step without a stop (a start
 *       operation) draws a start bar from its first {@code start} action's beginning instead.
 *   <li>It ends when the step's last {@code await-ready} action finished: the node was ready again.
 *   <li>A step whose node did not come back: ends at its {@code undone} entry when the undo put the node
 *       back, else at the run's last entry, drawn open (a stop operation's steps end there on purpose).
 *   <li>A preparatory step (staging the package) is a thin span from its first action's beginning to its
 *       last action's end: the node kept serving.
 *   <li>An upload to a node's host (its {@code transfer} entries: started, finished) is a line under
 *       the node's row from its start to its end; one with no end is drawn to the journal's end.
 *   <li>A {@code traffic} entry (the client traffic's counts so far) whose failed queries or loads grew since
 *       the entry before is a mark: what failed in that second.
 *   <li>Bars whose times overlap form a batch; today's rolling runs never overlap, a later parallel
 *       run does, and the page marks each batch of two or more nodes as a band.
 * </ol>
 */
record Timeline(
        Instant start,
        Instant end,
        List<String> nodes,
        List<Bar> bars,
        List<Span> prepared,
        List<Upload> uploads,
        List<Mark> marks,
        List<Batch> batches) {

    /** How a bar came to its end. */
    enum End {
        /** The node was ready again. */
        READY,
        /** The step failed and its undo put the node back. */
        PUT_BACK,
        /** The node was not ready again when the journal ends: the run failed or stopped there. */
        NOT_READY,
        /** The operation stops the node: it stays down after the run. */
        STAYS_DOWN
    }

    /**
     * A node out of service (or, for a start, coming up).
     *
     * @param step the step's index in the operation
     * @param startOnly true when the step had no stop: the bar is the node's start, not a downtime
     * @param exactStart false when the journal had no {@code started}: the bar begins when the stop ended
     */
    record Bar(String node, int step, Instant from, Instant to, End end, boolean startOnly, boolean exactStart) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    /** A preparatory step's work on a node that kept serving. */
    record Span(String node, int step, Instant from, Instant to) {}

    /**
     * An upload of a file to a node's host, from its journaled start to its end.
     *
     * @param finished false when the journal has its start only (the upload failed or the run stopped): it
     *     is drawn open to the journal's end
     */
    record Upload(String node, String host, String file, long bytes, Instant from, Instant to, boolean finished) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    /** A moment marked across every row. */
    record Mark(Instant time, String label, String kind) {}

    /** Bars that overlap in time: their nodes were down together. */
    record Batch(int number, Instant from, Instant to, List<String> nodes) {}

    static Timeline of(Operation operation, List<JsonNode> entries) {
        Instant start = entries.isEmpty() ? operation.createdAt() : time(entries.get(0));
        Instant end = start;
        Set<String> nodes = new LinkedHashSet<>();
        operation.steps().stream().filter(step -> !step.onCluster()).forEach(step -> nodes.add(step.nodeId()));
        List<Mark> marks = new ArrayList<>();
        long[] failed = {-1, -1};
        for (JsonNode entry : entries) {
            Instant time = time(entry);
            end = time.isAfter(end) ? time : end;
            String node = entry.path("node").asText("");
            if (!node.isEmpty()) {
                nodes.add(node);
            }
            switch (entry.path("type").asText()) {
                case "master" -> marks.add(new Mark(
                        time,
                        "master " + entry.path("from").asText() + " → "
                                + entry.path("to").asText(),
                        "master"));
                case "resumed" -> marks.add(new Mark(
                        time,
                        "resumed by " + entry.path("user").asText() + "@"
                                + entry.path("machine").asText(),
                        "resumed"));
                case "traffic" -> failures(entry, failed)
                        .ifPresent(label -> marks.add(new Mark(time, label, "failed")));
                default -> {}
            }
        }
        List<Bar> bars = new ArrayList<>();
        List<Span> prepared = new ArrayList<>();
        for (int i = 0; i < operation.steps().size(); i++) {
            Operation.Step step = operation.steps().get(i);
            if (step.onCluster()) {
                continue;
            }
            if (step.preparatory()) {
                span(i, step, entries).ifPresent(prepared::add);
            } else {
                bar(i, step, entries, end).ifPresent(bars::add);
            }
        }
        return new Timeline(
                start,
                end,
                List.copyOf(nodes),
                List.copyOf(bars),
                List.copyOf(prepared),
                uploads(entries, end),
                List.copyOf(marks),
                batches(bars));
    }

    /**
     * The failures a {@code traffic} entry adds to the ones before ({@code failed}: queries, loads so far,
     * updated), as a label; empty when none. The first entry only sets the counts: what failed before the
     * run is not the run's.
     */
    private static Optional<String> failures(JsonNode entry, long[] failed) {
        long queries = entry.path("queriesFailed").asLong();
        long loads = entry.path("loadsFailed").asLong();
        boolean first = failed[0] < 0;
        long newQueries = queries - failed[0];
        long newLoads = loads - failed[1];
        failed[0] = queries;
        failed[1] = loads;
        if (first || (newQueries <= 0 && newLoads <= 0)) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (newQueries > 0) {
            parts.add(newQueries + (newQueries == 1 ? " query" : " queries"));
        }
        if (newLoads > 0) {
            parts.add(newLoads + (newLoads == 1 ? " load" : " loads"));
        }
        return Optional.of(String.join(", ", parts) + " failed");
    }

    /** Each {@code transfer} start paired with the next end of the same node, host and file. */
    private static List<Upload> uploads(List<JsonNode> entries, Instant end) {
        List<Upload> uploads = new ArrayList<>();
        Map<String, JsonNode> open = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            if (!entry.path("type").asText().equals("transfer")) {
                continue;
            }
            String key = entry.path("node").asText() + " " + entry.path("host").asText() + " "
                    + entry.path("file").asText();
            if (entry.path("phase").asText().equals("started")) {
                open.put(key, entry);
            } else if (open.containsKey(key)) {
                uploads.add(upload(open.remove(key), time(entry), true));
            }
        }
        open.values().forEach(started -> uploads.add(upload(started, end, false)));
        return List.copyOf(uploads);
    }

    private static Upload upload(JsonNode started, Instant to, boolean finished) {
        return new Upload(
                started.path("node").asText(),
                started.path("host").asText(),
                started.path("file").asText(),
                started.path("bytes").asLong(),
                time(started),
                to,
                finished);
    }

    private static Optional<Span> span(int index, Operation.Step step, List<JsonNode> entries) {
        List<JsonNode> actions = entries.stream()
                .filter(entry -> entry.path("type").asText().equals("action")
                        && entry.path("step").asInt(-1) == index)
                .toList();
        if (actions.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = actions.get(0);
        Instant from =
                first.hasNonNull("started") ? Instant.parse(first.get("started").asText()) : time(first);
        return Optional.of(new Span(step.nodeId(), index, from, time(actions.get(actions.size() - 1))));
    }

    private static Optional<Bar> bar(int index, Operation.Step step, List<JsonNode> entries, Instant end) {
        JsonNode first = null;
        JsonNode ready = null;
        JsonNode undone = null;
        boolean startOnly = step.actions().stream().noneMatch(Action.Stop.class::isInstance);
        String opening = startOnly ? "start" : "stop";
        for (JsonNode entry : entries) {
            if (entry.path("step").asInt(-1) != index) {
                continue;
            }
            String type = entry.path("type").asText();
            String action = entry.path("action").asText();
            if (type.equals("action") && action.equals(opening) && first == null) {
                first = entry;
            } else if (type.equals("action") && action.equals("await-ready") && first != null) {
                ready = entry;
            } else if (type.equals("undone") && first != null) {
                undone = entry;
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        boolean exact = first.hasNonNull("started");
        Instant from = exact ? Instant.parse(first.get("started").asText()) : time(first);
        boolean awaits = step.actions().stream().anyMatch(Action.AwaitReady.class::isInstance);
        Instant to;
        End how;
        if (ready != null && (undone == null || !time(undone).isAfter(time(ready)))) {
            to = time(ready);
            how = End.READY;
        } else if (undone != null && undone.path("outcome").asText().equals("put back")) {
            to = time(undone);
            how = End.PUT_BACK;
        } else {
            to = end;
            how = awaits ? End.NOT_READY : End.STAYS_DOWN;
        }
        return Optional.of(new Bar(step.nodeId(), index, from, to, how, startOnly, exact));
    }

    /** Sweeps the bars by start: a bar that begins before the batch so far has ended joins it. */
    private static List<Batch> batches(List<Bar> bars) {
        List<Bar> sorted = bars.stream().sorted(Comparator.comparing(Bar::from)).toList();
        List<Batch> batches = new ArrayList<>();
        List<Bar> group = new ArrayList<>();
        Instant groupEnd = null;
        for (Bar bar : sorted) {
            if (groupEnd != null && !bar.from().isBefore(groupEnd)) {
                close(group, batches);
                group.clear();
                groupEnd = null;
            }
            group.add(bar);
            groupEnd = groupEnd == null || bar.to().isAfter(groupEnd) ? bar.to() : groupEnd;
        }
        close(group, batches);
        return List.copyOf(batches);
    }

    private static void close(List<Bar> group, List<Batch> batches) {
        List<String> nodes = group.stream().map(Bar::node).distinct().toList();
        if (nodes.size() < 2) {
            return;
        }
        Instant from =
                group.stream().map(Bar::from).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = group.stream().map(Bar::to).max(Comparator.naturalOrder()).orElseThrow();
        batches.add(new Batch(batches.size() + 1, from, to, nodes));
    }

    static Instant time(JsonNode entry) {
        return Instant.parse(entry.path("time").asText("1970-01-01T00:00:00Z"));
    }
}
