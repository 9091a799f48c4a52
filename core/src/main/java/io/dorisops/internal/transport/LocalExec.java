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
 */
public final class LocalExec {

    // The public transport's logger: its lines keep the category users configure.
    private static final Logger log = LoggerFactory.getLogger(LocalTransport.class);

    private final String host;
    private final Map<String, String> baseEnvironment;
    private final int captureBytes;
    private final Duration killGrace;
    private final Duration drainGrace;

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
        ProcessBuilder builder = new ProcessBuilder(argv(command));
        command.workDir().ifPresent(dir -> builder.directory(dir.toFile()));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(baseEnvironment);
        environment.putAll(command.env());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
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
        closeQuietly(process.getOutputStream());
        BoundedCapture stdout = capture(process.getInputStream(), "stdout", process);
        BoundedCapture stderr = capture(process.getErrorStream(), "stderr", process);
        try {
            if (!process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                int killed = ProcessTrees.kill(process.toHandle(), killGrace);
                log.warn(
                        "{}: `{}` timed out after {}; killed {} processes",
                        host,
                        command,
                        Durations.format(command.timeout()),
                        killed);
                throw new TransportException(
                        host,
                        DorisOpsException.message(
                                host,
                                "`" + command + "` did not finish within " + Durations.format(command.timeout()),
                                "",
                                excerpt(stdout, stderr),
                                "Its process tree (" + killed + " processes) was killed. Raise the command"
                                        + " timeout or check why it hangs"));
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
