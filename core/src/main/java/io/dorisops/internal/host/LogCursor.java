package io.dorisops.internal.host;

import io.dorisops.Node;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the reading of a node's logs got to: for each log its offset and its inode. Each {@link #next}
 * searches, on the host ({@code grep}), only the complete lines the logs gained since the previous
 * call and then moves the offsets past them, so every byte is read once, a line is never cut in two
 * between polls, and a fatal line is found wherever it is in what was added (the output of the search
 * is only the matching lines, never the log). A log that shrank (truncated, {@code copytruncate}) or
 * whose inode changed (rotated: moved away and a new one begun) is read from the start of the new file.
 */
final class LogCursor {

    /** Matching lines a search returns at most, and their length at most: a search prints lines, never a log. */
    private static final int MAX_LINES = 200;

    /** A last line without its newline yet longer than this is read anyway, so one endless line cannot stall. */
    private static final int MAX_PARTIAL = 1024 * 1024;

    /**
     * $1 MAX_LINES, $2 MAX_PARTIAL, $3 extended regular expression, then (log, offset, inode) for each
     * log: prints each matching line of what the log gained (complete lines only) prefixed by {@code |},
     * then {@code @ NEW_OFFSET INODE}. A log that is absent is {@code @ 0 -}.
     */
    static final String SCAN = "m=\"$1\"; x=\"$2\"; e=\"$3\"; shift 3; while [ $# -ge 3 ]; do "
            + "f=\"$1\"; o=\"$2\"; i=\"$3\"; shift 3; "
            + "if [ ! -f \"$f\" ]; then echo '@ 0 -'; continue; fi; "
            + "n=$(ls -di \"$f\" | awk '{print $1}'); s=$(wc -c < \"$f\" | tr -d ' '); "
            + "if [ \"$n\" != \"$i\" ] || [ \"$s\" -lt \"$o\" ]; then o=0; fi; t=$s; "
            + "if [ \"$s\" -gt \"$o\" ] && [ \"$(tail -c +\"$s\" \"$f\" | head -c 1 | wc -l)\" -eq 0 ]; then "
            + "p=$(tail -c +$((o+1)) \"$f\" | head -c $((s-o)) | tail -n 1 | wc -c); "
            + "if [ \"$p\" -lt \"$x\" ]; then t=$((s-p)); fi; fi; "
            + "if [ \"$t\" -gt \"$o\" ]; then tail -c +$((o+1)) \"$f\" | head -c $((t-o)) | "
            + "LC_ALL=C grep -a -E -e \"$e\" | head -n \"$m\" | cut -c 1-2000 | sed 's/^/|/'; fi; "
            + "echo \"@ $t $n\"; done";

    /** $@ logs: prints {@code SIZE INODE} of each ({@code 0 -} when absent). */
    static final String POSITIONS = "for f in \"$@\"; do if [ -f \"$f\" ]; then "
            + "echo \"$(wc -c < \"$f\" | tr -d ' ') $(ls -di \"$f\" | awk '{print $1}')\"; else echo '0 -'; fi; done";

    private final List<String> logs;
    private final long[] offsets;
    private final String[] inodes;

    private LogCursor(List<String> logs, long[] offsets, String[] inodes) {
        this.logs = List.copyOf(logs);
        this.offsets = offsets;
        this.inodes = inodes;
    }

    /** A cursor at the logs' ends now: {@link #next} sees only what they gain from here. */
    static LogCursor atEnd(Transport transport, Node node, List<String> logs, Duration timeout) {
        ExecResult result = transport.exec(Command.script(POSITIONS, logs.toArray(String[]::new))
                .inDirectory(node.home())
                .withTimeout(timeout));
        String[] lines = result.stdout().strip().split("\n");
        long[] offsets = new long[logs.size()];
        String[] inodes = new String[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            String[] parts = i < lines.length ? lines[i].strip().split(" ") : new String[0];
            offsets[i] = parts.length == 2 && parts[0].matches("\\d{1,18}") ? Long.parseLong(parts[0]) : 0;
            inodes[i] = parts.length == 2 ? parts[1] : "-";
        }
        return new LogCursor(logs, offsets, inodes);
    }

    /** A second cursor at the same place, moving on its own. */
    synchronized LogCursor copy() {
        return new LogCursor(logs, offsets.clone(), inodes.clone());
    }

    /**
     * The first line the logs gained since the previous call that matches {@code line}, searched on the
     * host with {@code hostFilter} (an extended regular expression matching at least every such line).
     */
    synchronized Optional<String> next(
            Transport transport, Node node, String hostFilter, Pattern line, Duration timeout) {
        List<String> args =
                new ArrayList<>(List.of(Integer.toString(MAX_LINES), Integer.toString(MAX_PARTIAL), hostFilter));
        for (int i = 0; i < logs.size(); i++) {
            args.add(logs.get(i));
            args.add(Long.toString(offsets[i]));
            args.add(inodes[i]);
        }
        ExecResult result = transport.exec(Command.script(SCAN, args.toArray(String[]::new))
                .inDirectory(node.home())
                .withTimeout(timeout));
        if (!result.succeeded()) {
            return Optional.empty(); // offsets stay: the next poll reads the same bytes again
        }
        Optional<String> found = Optional.empty();
        int log = 0;
        for (String text : result.stdout().split("\n")) {
            if (text.startsWith("|")) {
                if (found.isEmpty() && line.matcher(text.substring(1)).find()) {
                    found = Optional.of(text.substring(1).strip());
                }
            } else if (text.startsWith("@ ") && log < logs.size()) {
                String[] parts = text.split(" ");
                if (parts.length == 3 && parts[1].matches("\\d{1,18}")) {
                    offsets[log] = Long.parseLong(parts[1]);
                    inodes[log] = parts[2];
                }
                log++;
            }
        }
        return found;
    }
}
