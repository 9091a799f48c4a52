package io.dorisops.internal.transport;

import io.dorisops.DorisOpsException;
import io.dorisops.LocalTransport;
import io.dorisops.TransportException;
import io.dorisops.internal.Durations;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command of {@link LocalTransport} as a child process of this JVM:
 *
 * <ol>
 *   <li>The argv, through {@code sudo -n -u USER -- env NAME=VALUE…} when the command runs as
 *       another user; the environment is the base environment plus the command's own.
 *   <li>Start it with stdin closed; capture stdout and stderr, bounded, on daemon threads.
 *   <li>Wait for the command's own process up to its timeout; on timeout kill the whole tree
 *       ({@link ProcessTrees}) and throw naming the command, the host and the timeout.
 *   <li>Read what is still in the pipes for the drain grace only (a daemon child may hold them).
 * </ol>
 *
 * <p>A streaming command ({@link #stream}) has its stdin fed and its stdout written through {@link
 * StreamPump}s instead, and is done only when its stdout ended.
 */
public final class LocalExec {

    // The public transport's logger: its lines keep the category users configure.
    private static final Logger log = LoggerFactory.getLogger(LocalTransport.class);

    private final String host;
    private final Map<String, String> baseEnvironment;
    private final int captureBytes;
    private final Duration killGrace;
    private final Duration drainGrace;

    /** How often a streaming command's exit and streams are looked at. */
    private static final Duration POLL = Duration.ofMillis(50);

    public LocalExec(
            String host,
            Map<String, String> baseEnvironment,
            int captureBytes,
            Duration killGrace,
            Duration drainGrace) {
        this.host = host;
        this.baseEnvironment = baseEnvironment;
        this.captureBytes = captureBytes;
        this.killGrace = killGrace;
        this.drainGrace = drainGrace;
    }

    /** Runs the command to its end or its timeout. */
    public ExecResult exec(Command command) {
        long started = System.nanoTime();
        Process process = start(command);
        closeQuietly(process.getOutputStream());
        BoundedCapture stdout = capture(process.getInputStream(), "stdout", process);
        BoundedCapture stderr = capture(process.getErrorStream(), "stderr", process);
        try {
            if (!process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(command, process, excerpt(stdout, stderr));
            }
            // Output from a daemon grandchild that keeps the pipe open must not hold us: drain briefly.
            long drainMillis = drainGrace.toMillis();
            stdout.awaitEnd(drainMillis);
            stderr.awaitEnd(drainMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killQuietly(process);
            throw new TransportException(host, host + ": interrupted while running `" + command + "`", e);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        return new ExecResult(
                process.exitValue(),
                stdout.snapshot(),
                stderr.snapshot(),
                duration,
                stdout.truncated() || stderr.truncated());
    }

    /**
     * Runs the command with its stdin fed from {@code in} (closed at the end of {@code in}) and its stdout
     * written to {@code out} as it comes, in chunks ({@link StreamPump}); stderr is captured. Returns when
     * the command exited and all its output was written, or throws at the timeout (the tree killed) or
     * when reading {@code in} or writing {@code out} failed (the tree killed at once: a command whose
     * output nobody takes must not block until its timeout).
     */
    public ExecResult stream(Command command, InputStream in, OutputStream out) {
        long started = System.nanoTime();
        long deadline = started + command.timeout().toNanos();
        Process process = start(command);
        StreamPump feed =
                new StreamPump(in, process.getOutputStream(), true).start("dorisops-exec-" + process.pid() + "-stdin");
        StreamPump drain = new StreamPump(process.getInputStream(), out, false)
                .start("dorisops-exec-" + process.pid() + "-stdout");
        BoundedCapture stderr = capture(process.getErrorStream(), "stderr", process);
        try {
            // The command's output is all written once its stdout ended, which may be after its exit.
            while (process.isAlive() || !drain.finished()) {
                Optional<String> broken = broken(feed, drain);
                if (broken.isPresent()) {
                    int killed = ProcessTrees.kill(process.toHandle(), killGrace);
                    throw new TransportException(
                            host,
                            DorisOpsException.message(
                                    host,
                                    "`" + command + "` was stopped: " + broken.get(),
                                    "",
                                    stderrExcerpt(stderr),
                                    "Its process tree (" + killed + " processes) was killed"));
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw timedOut(command, process, stderrExcerpt(stderr));
                }
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
                drain.awaitEnd(process.isAlive() ? 0 : POLL.toMillis());
            }
            // An input that failed ends the command's input like its end would: the exit alone cannot tell.
            Optional<String> broken = broken(feed, drain);
            if (broken.isPresent()) {
                throw new TransportException(
                        host,
                        DorisOpsException.message(
                                host, "`" + command + "` failed: " + broken.get(), "", stderrExcerpt(stderr), ""));
            }
            stderr.awaitEnd(drainGrace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killQuietly(process);
            throw new TransportException(host, host + ": interrupted while running `" + command + "`", e);
        }
        return new ExecResult(
                process.exitValue(),
                "",
                stderr.snapshot(),
                Duration.ofNanos(System.nanoTime() - started),
                stderr.truncated());
    }

    /** Why a streaming command cannot go on: the caller's input or output failed; else empty. */
    private static Optional<String> broken(StreamPump feed, StreamPump drain) {
        return feed.readFailure()
                .map(e -> "reading its input failed after " + feed.bytes() + " bytes: " + e.getMessage())
                .or(() -> drain.writeFailure()
                        .map(e -> "writing its output failed after " + drain.bytes() + " bytes: " + e.getMessage()));
    }

    private Process start(Command command) {
        ProcessBuilder builder = new ProcessBuilder(argv(command));
        command.workDir().ifPresent(dir -> builder.directory(dir.toFile()));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(baseEnvironment);
        environment.putAll(command.env());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new TransportException(
                    host,
                    DorisOpsException.message(
                            host,
                            "cannot run `" + command + "`",
                            "",
                            "",
                            e.getMessage() + "; check that the program and the working directory exist"),
                    e);
        }
    }

    /** Kills the timed-out command's tree and says so, naming the command, the host and the timeout. */
    private TransportException timedOut(Command command, Process process, String excerpt) throws InterruptedException {
        int killed = ProcessTrees.kill(process.toHandle(), killGrace);
        log.warn(
                "{}: `{}` timed out after {}; killed {} processes",
                host,
                command,
                Durations.format(command.timeout()),
                killed);
        return new TransportException(
                host,
                DorisOpsException.message(
                        host,
                        "`" + command + "` did not finish within " + Durations.format(command.timeout()),
                        "",
                        excerpt,
                        "Its process tree (" + killed + " processes) was killed. Raise the command"
                                + " timeout or check why it hangs"));
    }

    private static List<String> argv(Command command) {
        if (command.runAs().isEmpty()) {
            return command.argv();
        }
        List<String> argv =
                new ArrayList<>(List.of("sudo", "-n", "-u", command.runAs().get(), "--"));
        if (!command.env().isEmpty()) {
            // sudo resets the environment; env(1) sets the variables again for the target user.
            argv.add("env");
            command.env().forEach((name, value) -> argv.add(name + "=" + value));
        }
        argv.addAll(command.argv());
        return argv;
    }

    private BoundedCapture capture(InputStream stream, String name, Process process) {
        BoundedCapture capture = new BoundedCapture(stream, captureBytes);
        Thread thread = new Thread(capture, "dorisops-exec-" + process.pid() + "-" + name);
        thread.setDaemon(true);
        thread.start();
        return capture;
    }

    private static String stderrExcerpt(BoundedCapture stderr) {
        return excerpt(stderr, stderr);
    }

    private static String excerpt(BoundedCapture stdout, BoundedCapture stderr) {
        String text = stderr.snapshot().isBlank() ? stdout.snapshot() : stderr.snapshot();
        text = text.strip();
        if (text.isEmpty()) {
            return "";
        }
        return "\"" + (text.length() > 200 ? "..." + text.substring(text.length() - 200) : text) + "\"";
    }

    private static void killQuietly(Process process) {
        try {
            ProcessTrees.kill(process.toHandle(), Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Nothing was written; a failed close of stdin changes nothing.
        }
    }
}
