package io.dorisops.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Action;
import io.dorisops.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report of one run as a self-contained HTML page: no script, font or style sheet from elsewhere,
 * the timeline drawn as inline SVG ({@link Timeline}: a row per node, {@code data-node} on each row and
 * bar), then the outcome, who ran it where and when, forced checks, the balance switches before and
 * after, the plan and every journal entry.
 *
 * <p>Every value from the journal goes through {@link #esc} (text and attributes alike), so a node id
 * or a message cannot add markup to the page.
 */
public final class RunReport {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final Set<String> OUTCOMES = Set.of("succeeded", "failed", "vetoed", "unfinished", "rolled-back");

    private static final int WIDTH = 1160;
    private static final int LABEL = 170;
    private static final int PLOT = WIDTH - LABEL - 60;
    private static final int TOP = 46;
    private static final int ROW = 30;

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
        page.append("<h2>Timeline</h2>\n").append(svg(timeline)).append(legend());
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

    /** The picture: x is time since the run began, one row per node. */
    static String svg(Timeline timeline) {
        int rows = Math.max(1, timeline.nodes().size());
        int height = TOP + rows * ROW + 30;
        double total =
                Math.max(1, Duration.between(timeline.start(), timeline.end()).toMillis());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"downtime per node\">\n");
        for (Timeline.Batch batch : timeline.batches()) {
            double x = x(timeline, batch.from(), total);
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"batch\" data-batch=\"%d\"><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                            + " fill=\"#e8f0fb\"/><text x=\"%.1f\" y=\"%d\">batch %d</text><title>%s</title></g>\n",
                    batch.number(),
                    x,
                    TOP - 6,
                    Math.max(2, x(timeline, batch.to(), total) - x),
                    rows * ROW + 6,
                    x + 2,
                    TOP - 10,
                    batch.number(),
                    esc("batch " + batch.number() + ": " + String.join(", ", batch.nodes()) + " down together")));
        }
        for (int tick : ticks(total)) {
            double x = LABEL + tick * 1000.0 / total * PLOT;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e7eb\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#52606d\">+%s</text>\n",
                    x,
                    TOP - 4,
                    x,
                    TOP + rows * ROW,
                    x,
                    TOP + rows * ROW + 18,
                    esc(duration(Duration.ofSeconds(tick)))));
        }
        for (int i = 0; i < timeline.nodes().size(); i++) {
            String node = timeline.nodes().get(i);
            int y = TOP + i * ROW;
            svg.append("<g class=\"row\" data-node=\"")
                    .append(esc(node))
                    .append("\">")
                    .append(String.format(
                            Locale.ROOT,
                            "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                                    + "<text x=\"8\" y=\"%d\">",
                            y,
                            WIDTH,
                            ROW,
                            i % 2 == 0 ? "none" : "#f8fafc",
                            y + 19))
                    .append(esc(node))
                    .append("</text>");
            for (Timeline.Span span : timeline.prepared()) {
                if (span.node().equals(node)) {
                    double x = x(timeline, span.from(), total);
                    svg.append(String.format(
                            Locale.ROOT,
                            "<rect class=\"prepared\" data-node=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                                    + " height=\"6\" fill=\"#a0aec0\"><title>%s</title></rect>",
                            esc(node),
                            x,
                            y + 12,
                            Math.max(2, x(timeline, span.to(), total) - x),
                            esc(node + " prepared (step " + (span.step() + 1) + "), kept serving: "
                                    + duration(Duration.between(span.from(), span.to())))));
                }
            }
            for (Timeline.Bar bar : timeline.bars()) {
                if (bar.node().equals(node)) {
                    svg.append(bar(timeline, bar, y, total));
                }
            }
            svg.append("</g>\n");
        }
        for (Timeline.Mark mark : timeline.marks()) {
            double x = x(timeline, mark.time(), total);
            String color = mark.kind().equals("master") ? "#805ad5" : "#2b6cb0";
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"mark\" data-mark=\"%s\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
                            + " stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"%.1f\" y=\"14\" text-anchor=\"%s\""
                            + " fill=\"%s\">%s</text></g>\n",
                    esc(mark.kind()),
                    x,
                    TOP - 26,
                    x,
                    TOP + rows * ROW,
                    color,
                    x,
                    x > WIDTH - 200 ? "end" : "start",
                    color,
                    esc(mark.label() + " · +" + duration(Duration.between(timeline.start(), mark.time())))));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String bar(Timeline timeline, Timeline.Bar bar, int y, double total) {
        double x = x(timeline, bar.from(), total);
        double width = Math.max(3, x(timeline, bar.to(), total) - x);
        String fill =
                switch (bar.end()) {
                    case READY -> bar.startOnly() ? "#3182ce" : "#dd6b20";
                    case PUT_BACK -> "#d69e2e";
                    case NOT_READY -> "#c53030";
                    case STAYS_DOWN -> "#718096";
                };
        String what = bar.startOnly() ? "start → ready" : "down (stop → " + end(bar.end()) + ")";
        String title = bar.node() + " " + what + ": " + duration(bar.length()) + ", " + CLOCK.format(bar.from())
                + " → " + CLOCK.format(bar.to()) + " UTC, step " + (bar.step() + 1)
                + (bar.exactStart() ? "" : "; from the end of the stop (the journal has no start times)");
        return String.format(
                Locale.ROOT,
                "<rect class=\"bar\" data-node=\"%s\" data-step=\"%d\" data-end=\"%s\" x=\"%.1f\" y=\"%d\""
                        + " width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"%s><title>%s</title></rect>"
                        + "<text x=\"%.1f\" y=\"%d\" fill=\"#52606d\">%s</text>",
                esc(bar.node()),
                bar.step(),
                bar.end().name().toLowerCase(Locale.ROOT),
                x,
                y + 7,
                width,
                ROW - 14,
                fill,
                bar.end() == Timeline.End.READY || bar.end() == Timeline.End.PUT_BACK
                        ? ""
                        : " stroke=\"#1f2933\" stroke-dasharray=\"4 2\"",
                esc(title),
                x + width + 4,
                y + 19,
                esc(duration(bar.length())));
    }

    private static String end(Timeline.End end) {
        return switch (end) {
            case READY -> "ready";
            case PUT_BACK -> "put back";
            case NOT_READY -> "not ready when the journal ends";
            case STAYS_DOWN -> "stays stopped";
        };
    }

    private static String legend() {
        return "<p class=\"legend meta\">"
                + swatch("#dd6b20", "down: stop began → ready again")
                + swatch("#a0aec0", "package staged, still serving")
                + swatch("#3182ce", "start → ready")
                + swatch("#d69e2e", "failed, put back")
                + swatch("#c53030", "not ready when the journal ends")
                + swatch("#718096", "stopped by the run")
                + swatch("#805ad5", "master changed")
                + swatch("#e8f0fb", "batch: nodes down together")
                + "</p>\n";
    }

    private static String swatch(String color, String text) {
        return "<span><i class=\"sw\" style=\"background:" + color + "\"></i>" + esc(text) + "</span>";
    }

    private static double x(Timeline timeline, Instant time, double total) {
        return LABEL + Duration.between(timeline.start(), time).toMillis() / total * PLOT;
    }

    /** Tick offsets in seconds: the first round step giving at most ten ticks. */
    private static List<Integer> ticks(double totalMillis) {
        int[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400};
        int step = steps[steps.length - 1];
        for (int candidate : steps) {
            if (totalMillis / 1000.0 / candidate <= 10) {
                step = candidate;
                break;
            }
        }
        List<Integer> ticks = new ArrayList<>();
        for (int tick = 0; tick * 1000.0 <= totalMillis; tick += step) {
            ticks.add(tick);
        }
        return ticks;
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
            case "note" -> entry.path("message").asText();
            case "end" -> entry.path("outcome").asText() + ": "
                    + entry.path("message").asText();
            default -> entry.toString();
        };
    }

    /** {@code 850 ms}, {@code 12.4 s}, {@code 2m05s}, {@code 1h02m}. */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** Escapes text for HTML text and quoted attribute values alike. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
