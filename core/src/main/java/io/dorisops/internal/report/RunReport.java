package io.dorisops.internal.report;

import static io.dorisops.internal.report.Html.CLOCK;
import static io.dorisops.internal.report.Html.DAY;
import static io.dorisops.internal.report.Html.duration;
import static io.dorisops.internal.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Operation;
import io.dorisops.RunRecord;
import io.dorisops.Traffic;
import io.dorisops.internal.action.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report of one run as a self-contained HTML page: no script, font or style sheet from elsewhere,
 * the timeline drawn as inline SVG ({@link Timeline}: a row per node, {@code data-node} on each row and
 * bar), each node's drain beside its downtime ({@link NodeTimes}, with the failed queries and loads when
 * a workload was watched), then the outcome, who ran it where and when, forced checks, the balance switches
 * before and after, the plan and every journal entry.
 *
 * <p>Every value from the journal goes through {@link Html#esc} (text and attributes alike), so a node id
 * or a message cannot add markup to the page.
 */
public final class RunReport {

    private static final Set<String> OUTCOMES = Set.of("succeeded", "failed", "vetoed", "unfinished", "rolled-back");

    private static final String STYLE =
            """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933;margin:24px auto;
            max-width:1200px;padding:0 16px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;
            border-bottom:1px solid #d5dbe1;padding-bottom:4px}table{border-collapse:collapse;width:100%}
            th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e4e7eb}
            th{background:#f5f7fa;font-weight:600}td.n{white-space:nowrap;font-variant-numeric:tabular-nums}
            code,pre{font:12.5px ui-monospace,Menlo,Consolas,monospace}pre{white-space:pre-wrap;margin:0}
            .meta{color:#52606d}.badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;
            font-weight:600}.succeeded{background:#2f855a}.failed{background:#c53030}.vetoed{background:#c05621}
            .unfinished{background:#718096}.rolled-back{background:#2b6cb0}svg{width:100%;height:auto;
            background:#fff;border:1px solid #d5dbe1}svg text{font:12px system-ui,sans-serif;fill:#1f2933}
            .legend span{display:inline-block;margin-right:18px}.sw{display:inline-block;width:14px;height:10px;
            margin-right:5px;vertical-align:middle;box-shadow:inset 0 0 0 1px rgba(0,0,0,.15)}""";

    private RunReport() {}

    /**
     * The page of one run.
     *
     * @param operation the run's operation, as its journal holds it
     * @param entries every entry of the journal that parsed, the {@code run} header first
     * @param damaged a sentence per journal line that did not parse
     * @param journal the journal's file, named at the foot of the page
     */
    public static String html(Operation operation, List<JsonNode> entries, List<String> damaged, Path journal) {
        JsonNode run = entries.isEmpty() ? null : entries.get(0);
        Timeline timeline = Timeline.of(operation, entries);
        JsonNode end = null;
        for (JsonNode entry : entries) {
            String type = entry.path("type").asText();
            end = type.equals("end") ? entry : type.equals("resumed") ? null : end;
        }
        String outcome = end == null ? "unfinished" : end.path("outcome").asText("failed");
        String runId = run == null
                ? journal.getFileName().toString()
                : run.path("runId").asText();
        StringBuilder page = new StringBuilder(16_384);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(esc(runId + " · " + operation.cluster()))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body>\n");
        page.append("<h1>")
                .append(esc(capitalized(operation.kind().key()) + " of " + operation.cluster()
                        + operation.target().map(v -> " to " + v.number()).orElse("")))
                .append(" <span class=\"badge ")
                .append(OUTCOMES.contains(outcome) ? outcome : "failed")
                .append("\" id=\"outcome\">")
                .append(esc(outcome))
                .append("</span></h1>\n<p class=\"meta\">")
                .append(esc(whoWhereWhen(runId, run, timeline, entries)))
                .append("</p>\n");
        page.append("<h2>Timeline</h2>\n").append(TimelineSvg.svg(timeline)).append(TimelineSvg.legend());
        nodeTimes(page, NodeTimes.of(operation, entries), NodeTimes.traffic(entries));
        page.append("<h2>Outcome</h2>\n<pre id=\"message\">")
                .append(esc(
                        end == null
                                ? "The run has no end entry: it is running, or its runner died (dorisops resume continues it)."
                                : end.path("message").asText("")))
                .append("</pre>\n");
        page.append("<h2>Forced checks</h2>\n<p id=\"forced\">");
        List<String> forced = new ArrayList<>();
        if (run != null) {
            run.path("forced").forEach(name -> forced.add(name.asText()));
        }
        page.append(
                        forced.isEmpty()
                                ? "none: every check ran"
                                : forced.stream()
                                        .map(name -> "<code>" + esc(name) + "</code>")
                                        .collect(Collectors.joining(", ")))
                .append("</p>\n");
        balance(page, operation, entries);
        plan(page, operation, entries);
        events(page, entries, timeline.start());
        page.append("<p class=\"meta\">Journal: <code>")
                .append(esc(journal.toString()))
                .append("</code>");
        damaged.forEach(line -> page.append("<br>").append(esc(line)));
        return page.append("</p>\n</body></html>\n").toString();
    }

    /** Each node's drain beside its downtime, and the traffic's failures per node and over the run. */
    private static void nodeTimes(
            StringBuilder page, List<RunRecord.NodeTime> times, Optional<Traffic.Counts> traffic) {
        page.append("<h2>Drain and downtime</h2>\n");
        if (times.isEmpty()) {
            page.append("<p id=\"node-times\">no node was stopped</p>\n");
            return;
        }
        page.append("<table id=\"node-times\"><tr><th>node</th><th>drain</th><th>downtime</th>");
        if (traffic.isPresent()) {
            page.append("<th>failed queries</th><th>failed loads</th>");
        }
        page.append("</tr>\n");
        for (RunRecord.NodeTime time : times) {
            page.append("<tr data-node=\"")
                    .append(esc(time.node()))
                    .append("\"><td>")
                    .append(esc(time.node()))
                    .append("</td><td class=\"n\">")
                    .append(time.drain().map(Html::duration).orElse("none"))
                    .append("</td><td class=\"n\">")
                    .append(time.downtime().map(Html::duration).orElse("not ready again"))
                    .append("</td>");
            time.traffic().ifPresent(counts -> page.append("<td class=\"n\">")
                    .append(counts.queriesFailed())
                    .append("</td><td class=\"n\">")
                    .append(counts.loadsFailed())
                    .append("</td>"));
            page.append("</tr>\n");
        }
        page.append("</table>\n");
        traffic.ifPresent(counts -> page.append("<p id=\"traffic\">Workload over the run: ")
                .append(counts.queriesOk() + counts.queriesFailed())
                .append(" queries, ")
                .append(counts.queriesFailed())
                .append(" failed; ")
                .append(counts.loadsOk() + counts.loadsFailed())
                .append(" loads, ")
                .append(counts.loadsFailed())
                .append(" failed</p>\n"));
    }

    private static String whoWhereWhen(String runId, JsonNode run, Timeline timeline, List<JsonNode> entries) {
        StringBuilder text = new StringBuilder("Run ").append(runId);
        if (run != null) {
            text.append(" by ")
                    .append(run.path("user").asText("?"))
                    .append(" on ")
                    .append(run.path("machine").asText("?"));
        }
        text.append(" · started ")
                .append(DAY.format(timeline.start()))
                .append(" · last entry ")
                .append(CLOCK.format(timeline.end()))
                .append(" (")
                .append(duration(Duration.between(timeline.start(), timeline.end())))
                .append(')');
        entries.stream()
                .filter(entry -> entry.path("type").asText().equals("resumed"))
                .forEach(entry -> text.append(" · resumed ")
                        .append(DAY.format(Timeline.time(entry)))
                        .append(" by ")
                        .append(entry.path("user").asText())
                        .append(" on ")
                        .append(entry.path("machine").asText()));
        return text.toString();
    }

    private static void balance(StringBuilder page, Operation operation, List<JsonNode> entries) {
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>();
        boolean readBack = false;
        for (JsonNode entry : entries) {
            String type = entry.path("type").asText();
            if (type.equals("balance") && before.isEmpty()) {
                entry.path("previous")
                        .properties()
                        .forEach(f -> before.put(f.getKey(), f.getValue().asText()));
            } else if (type.equals("balance-after")) {
                after.clear();
                entry.path("values")
                        .properties()
                        .forEach(f -> after.put(f.getKey(), f.getValue().asText()));
                readBack = entry.path("readBack").asBoolean();
            }
        }
        page.append("<h2>Balance switches</h2>\n");
        if (before.isEmpty()) {
            page.append("<p id=\"balance\">")
                    .append(
                            operation.pausesBalance()
                                    ? "not journaled: the run stopped before pausing balancing"
                                    : "this operation does not pause balancing")
                    .append("</p>\n");
            return;
        }
        page.append("<table id=\"balance\"><tr><th>switch</th><th>before the run</th><th>after the run (")
                .append(readBack ? "read back from the master" : after.isEmpty() ? "not recorded" : "as set back")
                .append(")</th></tr>\n");
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            page.append("<tr><td><code>")
                    .append(esc(key))
                    .append("</code></td><td>")
                    .append(esc(before.getOrDefault(key, "?")))
                    .append("</td><td>")
                    .append(esc(after.getOrDefault(key, "?")))
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static void plan(StringBuilder page, Operation operation, List<JsonNode> entries) {
        page.append("<h2>Plan</h2>\n<table id=\"plan\"><tr><th>#</th><th>node</th><th>reason</th>")
                .append("<th>actions</th><th>state</th></tr>\n");
        for (int i = 0; i < operation.steps().size(); i++) {
            Operation.Step step = operation.steps().get(i);
            page.append("<tr data-step=\"")
                    .append(i)
                    .append("\"><td class=\"n\">")
                    .append(i + 1)
                    .append("</td><td>")
                    .append(esc(step.onCluster() ? "(cluster)" : step.nodeId() + " (" + step.host() + ")"))
                    .append("</td><td>")
                    .append(esc(step.reason().sentence()))
                    .append("</td><td>")
                    .append(esc(step.actions().stream().map(Action::describe).collect(Collectors.joining(" → "))))
                    .append("</td><td>")
                    .append(esc(state(i, entries)))
                    .append("</td></tr>\n");
        }
        for (var skipped : operation.skipped()) {
            page.append("<tr><td></td><td>")
                    .append(esc(skipped.nodeId()))
                    .append("</td><td colspan=\"3\">skipped: ")
                    .append(esc(skipped.reason()))
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static String state(int step, List<JsonNode> entries) {
        String state = "not reached";
        for (JsonNode entry : entries) {
            if (entry.path("step").asInt(-1) == step) {
                switch (entry.path("type").asText()) {
                    case "step-done" -> state = "done";
                    case "undone" -> state = "undone: " + entry.path("outcome").asText();
                    case "action" -> state = state.equals("done") ? state : "begun";
                    default -> {}
                }
            }
        }
        return state;
    }

    private static void events(StringBuilder page, List<JsonNode> entries, Instant start) {
        page.append("<h2>Events</h2>\n<table id=\"events\"><tr><th>time (UTC)</th><th>since start</th>")
                .append("<th>entry</th><th>node</th><th>what</th></tr>\n");
        for (JsonNode entry : entries) {
            Instant time = Timeline.time(entry);
            page.append("<tr><td class=\"n\">")
                    .append(esc(CLOCK.format(time)))
                    .append("</td><td class=\"n\">+")
                    .append(esc(duration(Duration.between(start, time))))
                    .append("</td><td>")
                    .append(esc(entry.path("type").asText()))
                    .append("</td><td>")
                    .append(esc(entry.path("node").asText("")))
                    .append("</td><td><pre>")
                    .append(esc(describe(entry)))
                    .append("</pre></td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static String describe(JsonNode entry) {
        String step = entry.has("step") ? "step " + (entry.path("step").asInt() + 1) : "";
        return switch (entry.path("type").asText()) {
            case "run" -> entry.path("kind").asText() + " by "
                    + entry.path("user").asText() + " on "
                    + entry.path("machine").asText() + ", stamp "
                    + entry.path("stamp").asText() + ", format "
                    + entry.path("format").asText();
            case "balance" -> "balance switches before the pause: " + entry.path("previous");
            case "balance-after" -> "balance switches after the restore"
                    + (entry.path("readBack").asBoolean() ? " (read back): " : " (as set): ") + entry.path("values");
            case "action" -> step + ": " + entry.path("action").asText() + " done"
                    + (entry.hasNonNull("started")
                            ? " in "
                                    + duration(Duration.between(
                                            Instant.parse(entry.get("started").asText()), Timeline.time(entry)))
                            : "");
            case "step-done" -> step + " done" + (entry.path("prepared").asBoolean() ? " (prepared)" : "");
            case "undone" -> step + " failed and was undone: "
                    + entry.path("outcome").asText();
            case "master" -> "master changed from " + entry.path("from").asText() + " to "
                    + entry.path("to").asText();
            case "resumed" -> "resumed by " + entry.path("user").asText() + " on "
                    + entry.path("machine").asText();
            case "repaired" -> "a torn last line was cut off ("
                    + entry.path("droppedBytes").asText() + " bytes)";
            case "transfer" -> entry.path("node").asText() + ": upload of "
                    + entry.path("file").asText() + " to "
                    + entry.path("host").asText() + " " + entry.path("phase").asText() + " ("
                    + entry.path("bytes").asLong() + " bytes"
                    + (entry.path("phase").asText().equals("finished")
                            ? " in "
                                    + duration(Duration.ofMillis(
                                            entry.path("elapsedMillis").asLong()))
                            : "")
                    + ")";
            case "note" -> entry.path("message").asText();
            case "end" -> entry.path("outcome").asText() + ": "
                    + entry.path("message").asText();
            default -> entry.toString();
        };
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
