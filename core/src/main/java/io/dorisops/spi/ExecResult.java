package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a command did: its exit code, its output (bounded: a chatty process cannot exhaust memory)
 * and how long it ran.
 *
 * @param exitCode the exit status
 * @param stdout standard output, at most the transport's capture limit
 * @param stderr standard error, at most the transport's capture limit
 * @param duration wall time from start to exit
 * @param truncated true when output beyond the capture limit was dropped
 */
public record ExecResult(int exitCode, String stdout, String stderr, Duration duration, boolean truncated) {
    public ExecResult {
        requireNonNull(stdout, "stdout");
        requireNonNull(stderr, "stderr");
        requireNonNull(duration, "duration");
    }

    /** True when the exit code is 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last lines of stderr, else of stdout, for messages. */
    public String tail(int lines) {
        String text = stderr.isBlank() ? stdout : stderr;
        String[] all = text.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }
}
