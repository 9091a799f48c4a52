package io.dorisops.internal.report;

import static io.dorisops.internal.report.Html.CLOCK;
import static io.dorisops.internal.report.Html.duration;
import static io.dorisops.internal.report.Html.esc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's picture of a {@link Timeline} as inline SVG: x is the time since the run began, one
 * {@code <g class="row" data-node>} per node holding its bars ({@code <rect class="bar" data-node
 * data-step data-end>}, each with a tooltip), batch bands behind the rows and master marks across
 * them. Every value is escaped.
 */
final class TimelineSvg {

    private static final int WIDTH = 1160;
    private static final int LABEL = 170;
    private static final int PLOT = WIDTH - LABEL - 60;
    private static final int TOP = 46;
    private static final int ROW = 30;

    private TimelineSvg() {}

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
            for (Timeline.Upload upload : timeline.uploads()) {
                if (upload.node().equals(node)) {
                    svg.append(upload(timeline, upload, y, total));
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
            String color =
                    switch (mark.kind()) {
                        case "master" -> "#805ad5";
                        case "failed" -> "#e53e3e";
                        default -> "#2b6cb0";
                    };
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

    /** An upload to the node's host: a thin line under its row, its size, time and rate in its title. */
    private static String upload(Timeline timeline, Timeline.Upload upload, int y, double total) {
        double x = x(timeline, upload.from(), total);
        double seconds = upload.length().toMillis() / 1000.0;
        String rate = upload.finished() && seconds > 0
                ? String.format(Locale.ROOT, ", %.1f MB/s", upload.bytes() / 1e6 / seconds)
                : "";
        return String.format(
                Locale.ROOT,
                "<rect class=\"upload\" data-node=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"3\""
                        + " fill=\"%s\"><title>%s</title></rect>",
                esc(upload.node()),
                x,
                y + 20,
                Math.max(2, x(timeline, upload.to(), total) - x),
                upload.finished() ? "#38a169" : "#dd6b20",
                esc(upload.node() + " upload of " + upload.file() + " to " + upload.host() + ": "
                        + String.format(Locale.ROOT, "%.1f MB", upload.bytes() / 1e6)
                        + (upload.finished() ? " in " : ", not finished after ")
                        + duration(upload.length()) + rate));
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

    static String legend() {
        return "<p class=\"legend meta\">"
                + swatch("#dd6b20", "down: stop began → ready again")
                + swatch("#a0aec0", "package staged, still serving")
                + swatch("#3182ce", "start → ready")
                + swatch("#d69e2e", "failed, put back")
                + swatch("#c53030", "not ready when the journal ends")
                + swatch("#718096", "stopped by the run")
                + swatch("#805ad5", "master changed")
                + swatch("#e53e3e", "queries or loads failed (when a workload was watched)")
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
}
