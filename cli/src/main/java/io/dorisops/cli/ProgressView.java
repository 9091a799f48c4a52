package io.dorisops.cli;

import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Shows a run's progress for people: on a terminal, one coloured line per finished step with a
 * mark and its duration, and the reason whenever the run waits; elsewhere the same as a plain,
 * timestamped log. Written to stderr so stdout keeps the result.
 */
final class ProgressView implements ProgressListener {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean terminal;
    private String lastWaiting = "";

    ProgressView(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when stderr is a terminal a person watches. */
    static boolean isTerminal() {
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void runStarted(ProgressEvent event) {
        line(BOLD, "==>", event.message());
    }

    @Override
    public void runFinished(ProgressEvent event) {
        line(GREEN + BOLD, "done", event.message() + " in " + seconds(event.elapsed()));
    }

    @Override
    public void runFailed(ProgressEvent event) {
        line(RED + BOLD, "FAILED", firstLine(event.message()));
    }

    @Override
    public void nodeStarted(ProgressEvent event) {
        line(BOLD, "-->", event.nodeId() + ": " + event.message());
    }

    @Override
    public void nodeFinished(ProgressEvent event) {
        line(GREEN, "  ok", event.message() + (event.elapsed().isZero() ? "" : " (" + seconds(event.elapsed()) + ")"));
    }

    @Override
    public void nodeFailed(ProgressEvent event) {
        line(RED, "  x", event.nodeId() + ": " + firstLine(event.message()));
    }

    @Override
    public void stepFinished(ProgressEvent event) {
        String who = event.nodeId().isEmpty() ? "" : event.nodeId() + " ";
        line(
                GREEN,
                terminal ? "  \u2714" : "  +",
                who + event.action() + ": " + event.message() + " (" + seconds(event.elapsed()) + ")");
    }

    @Override
    public void stepFailed(ProgressEvent event) {
        String who = event.nodeId().isEmpty() ? "" : event.nodeId() + " ";
        line(RED, terminal ? "  \u2718" : "  x", who + event.action() + ": " + firstLine(event.message()));
    }

    @Override
    public void waiting(ProgressEvent event) {
        if (!event.message().equals(lastWaiting)) {
            lastWaiting = event.message();
            line(YELLOW, "  ..", "waiting: " + event.message());
        }
    }

    /** One line; {@code out} is the raw stderr (for the colours), so the event's text is made {@link Visible} here. */
    private synchronized void line(String colour, String mark, String message) {
        String text = Visible.text(message);
        String time = LocalTime.now(ZoneId.systemDefault()).format(CLOCK);
        if (terminal) {
            out.println(colour + mark + RESET + " " + text);
        } else {
            out.println("[" + time + "] " + mark + " " + text);
        }
        out.flush();
    }

    private static String seconds(Duration duration) {
        return String.format("%.1fs", duration.toMillis() / 1000.0);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
