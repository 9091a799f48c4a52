package io.dorisops.cli;

import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a run's progress for people: on a terminal, one coloured line per finished step with a
 * mark and its duration, and the reason whenever the run waits; elsewhere the same as a plain,
 * timestamped log. Written to stderr so stdout keeps the result.
 *
 * <p>Uploads: on a terminal, one live line per host being written (bytes, rate, time left), kept below
 * the log and redrawn in place with plain ANSI cursor moves; each becomes a log line when its upload
 * ends. Elsewhere a timestamped line at the start, every tenth and the end ({@link TransferTicks}).
 */
final class ProgressView implements ProgressListener {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    /** ANSI: the cursor to the start of the line {@code n} lines up (CSI n F), then erase to the end (CSI J). */
    private static final String UP = "\u001b[%dF\u001b[J";

    private final PrintWriter out;
    private final boolean terminal;
    private String lastWaiting = "";
    private final TransferTicks tenths = new TransferTicks();
    /** The live upload lines, per node and host, in the order they began (terminal only). */
    private final Map<String, String> live = new LinkedHashMap<>();
    /** How many live lines are on the screen below the log. */
    private int drawn;

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

    @Override
    public synchronized void transfer(ProgressEvent event) {
        ProgressEvent.Transfer transfer = event.transfer().orElseThrow();
        String key = event.nodeId() + " " + transfer.host();
        if (!terminal) {
            if (tenths.keep(event)) {
                line("", "  ^", event.nodeId() + ": " + describe(transfer, event.elapsed()));
            }
            return;
        }
        if (transfer.done()) {
            live.remove(key);
            line(GREEN, "  \u2714", event.nodeId() + " " + describe(transfer, event.elapsed()));
            return;
        }
        live.put(key, Visible.text(event.nodeId() + " " + describe(transfer, event.elapsed())));
        erase();
        draw();
    }

    /** An upload as people read it: {@code file to host: 40% (80.0 of 200.0 MB, 38.2 MB/s, 3s left)}. */
    static String describe(ProgressEvent.Transfer transfer, Duration elapsed) {
        String where = transfer.file() + " to " + transfer.host();
        if (transfer.done()) {
            return where + ": uploaded " + megabytes(transfer.bytesTotal()) + " MB in " + seconds(elapsed)
                    + (transfer.bytesPerSecond() > 0 ? " (" + rate(transfer) + ")" : "");
        }
        if (transfer.bytesDone() == 0) {
            return where + ": uploading " + megabytes(transfer.bytesTotal()) + " MB";
        }
        return where + ": " + transfer.percent() + "% (" + megabytes(transfer.bytesDone()) + " of "
                + megabytes(transfer.bytesTotal()) + " MB, " + rate(transfer)
                + transfer.remaining()
                        .map(left -> ", " + seconds(left) + " left")
                        .orElse("") + ")";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String rate(ProgressEvent.Transfer transfer) {
        return String.format(Locale.ROOT, "%.1f MB/s", transfer.bytesPerSecond() / 1e6);
    }

    /** One line; {@code out} is the raw stderr (for the colours), so the event's text is made {@link Visible} here. */
    private synchronized void line(String colour, String mark, String message) {
        String text = Visible.text(message);
        String time = LocalTime.now(ZoneId.systemDefault()).format(CLOCK);
        if (terminal) {
            erase();
            out.println(colour + mark + RESET + " " + text);
            draw();
        } else {
            out.println("[" + time + "] " + mark + " " + text);
        }
        out.flush();
    }

    /** Takes the live upload lines off the screen (terminal only). */
    private void erase() {
        if (drawn > 0) {
            out.print(String.format(Locale.ROOT, UP, drawn));
            drawn = 0;
        }
    }

    /** Puts the live upload lines back below the log (terminal only). */
    private void draw() {
        live.values().forEach(text -> out.println(YELLOW + "  ^" + RESET + " " + text));
        drawn = live.size();
        out.flush();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
