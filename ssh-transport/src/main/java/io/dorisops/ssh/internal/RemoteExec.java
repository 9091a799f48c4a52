package io.dorisops.ssh.internal;

import static io.dorisops.DorisOpsException.message;

import io.dorisops.TransportException;
import io.dorisops.internal.transport.StreamPump;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command on an open session so that a timeout can end it on the host.
 *
 * <ol>
 *   <li>The command runs under {@code setsid -w /bin/sh -c 'echo $$; exec /bin/sh -c "$1"'}: it gets
 *       its own process group, whose id is the first line of stdout (taken off before capture).
 *   <li>Stdout and stderr are pumped into bounded captures (first and last 64 KiB each); a streaming
 *       command's stdin is fed from the caller's stream and its stdout written to the caller's stream
 *       ({@link StreamPump}) instead, and a failure of either kills its process group at once.
 *   <li>The command is done when both streams end, or when its exit status arrived and the streams
 *       stayed open for a short grace (a {@code --daemon} child holding them must not block us,
 *       and is not killed); a streaming command only when its stdout ended (all of it was written).
 *   <li>On timeout or interruption: SIGTERM to the process group, SIGKILL to it after the grace, then the
 *       channel is closed and a {@link TransportException} names the command, host and timeout.
 * </ol>
 */
public final class RemoteExec {
    private static final Logger log = LoggerFactory.getLogger(RemoteExec.class);

    /** Prints its pid (= its process group, thanks to setsid) and becomes the command. */
    private static final String GROUP_WRAPPER = "echo $$; exec /bin/sh -c \"$1\"";

    private static final Duration DRAIN_GRACE = Duration.ofMillis(300);
    private static final long POLL_MILLIS = 20;

    private RemoteExec() {}

    /** The command as the shell text the SSH server runs: the user's command inside the group wrapper. */
    public static String wrap(Command command) {
        return Command.of("setsid", "-w", "/bin/sh", "-c", GROUP_WRAPPER, "dorisops-exec", command.toShellString())
                .toShellString();
    }

    /**
     * The caller's streams of a streaming command: its stdin is read from {@code stdin}, its stdout
     * written to {@code stdout}.
     */
    public record Streams(InputStream stdin, OutputStream stdout) {}

    /**
     * Runs {@code command} on {@code session} (which it closes) and returns its result.
     *
     * @param subject {@code host:port}, for messages
     * @param streams the caller's streams of a streaming command, else empty (stdin closed, stdout captured)
     * @param killer runs a signal command (e.g. {@code kill -TERM -- -PGID}) on another session
     */
    public static ExecResult run(
            String host,
            String subject,
            Session session,
            Command command,
            Optional<Streams> streams,
            ExecutorService pumps,
            Duration killGrace,
            Consumer<Command> killer) {
        long started = System.nanoTime();
        long deadline = started + command.timeout().toNanos();
        OutputCapture stdout = new OutputCapture(OutputCapture.LIMIT);
        OutputCapture stderr = new OutputCapture(OutputCapture.LIMIT);
        CompletableFuture<Long> group = new CompletableFuture<>();
        Session.Command remote;
        try {
            remote = session.exec(wrap(command));
            if (streams.isEmpty()) {
                remote.getOutputStream().close();
            }
        } catch (IOException e) {
            close(session);
            throw new TransportException(
                    host,
                    message(
                            subject,
                            "cannot start `" + command + "`",
                            "",
                            String.valueOf(e.getMessage()),
                            "Retry; if it persists check the server's log."),
                    e);
        }
        InputStream output = new AfterGroupLine(remote.getInputStream(), group);
        Optional<StreamPump> feed = streams.map(given -> new StreamPump(given.stdin(), remote.getOutputStream(), true));
        Optional<StreamPump> drain = streams.map(given -> new StreamPump(output, given.stdout(), false));
        feed.ifPresent(pump -> pumps.execute(pump));
        CompletableFuture<Void> out = CompletableFuture.runAsync(
                () -> drain.ifPresentOrElse(StreamPump::run, () -> pump(output, stdout)), pumps);
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> pump(remote.getErrorStream(), stderr), pumps);
        CompletableFuture<Void> both = CompletableFuture.allOf(out, err);
        try {
            long exitSeenAt = 0;
            while (true) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw timedOut(host, subject, command, remote, group, both, killGrace, killer, null);
                }
                Optional<String> broken = broken(feed, drain);
                if (broken.isPresent()) {
                    throw stopped(host, subject, command, broken.get(), remote, group, both, killGrace, killer);
                }
                try {
                    both.get(
                            Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1),
                            TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    // A streaming command is done when all its output was written, however long after its exit.
                    if (exitKnown(remote) && drain.isEmpty()) {
                        exitSeenAt = exitSeenAt == 0 ? System.nanoTime() : exitSeenAt;
                        if (System.nanoTime() - exitSeenAt > DRAIN_GRACE.toNanos()) {
                            log.debug(
                                    "{}: `{}` exited; a child still holds its output, not waiting for it",
                                    subject,
                                    command);
                            break;
                        }
                    }
                } catch (ExecutionException e) {
                    break;
                }
            }
            while (!exitKnown(remote) && remote.isOpen()) {
                if (System.nanoTime() - deadline >= 0) {
                    throw timedOut(host, subject, command, remote, group, both, killGrace, killer, null);
                }
                waitForClose(remote, POLL_MILLIS);
            }
            Optional<String> broken = broken(feed, drain);
            if (broken.isPresent()) {
                // A failed input ends the command's input as its end would: the exit alone cannot tell.
                throw new TransportException(
                        host, message(subject, "`" + command + "` failed: " + broken.get(), "", stderr.text(), ""));
            }
            Integer status = remote.getExitStatus();
            Signal signal = remote.getExitSignal();
            if (status == null && signal == null) {
                throw new TransportException(
                        host,
                        message(
                                subject,
                                "`" + command + "` ended without an exit status",
                                "",
                                "the SSH channel closed",
                                "The connection may have dropped; check whether the command ran and retry."));
            }
            int exit = status != null ? status : 128 + signalNumber(signal);
            return new ExecResult(
                    exit,
                    drain.isPresent() ? "" : stdout.text(),
                    stderr.text(),
                    Duration.ofNanos(System.nanoTime() - started),
                    stdout.truncated() || stderr.truncated());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw timedOut(host, subject, command, remote, group, both, killGrace, killer, e);
        } finally {
            close(session);
        }
    }

    private static boolean exitKnown(Session.Command remote) {
        return remote.getExitStatus() != null || remote.getExitSignal() != null;
    }

    private static void waitForClose(Session.Command remote, long millis) {
        try {
            remote.join(millis, TimeUnit.MILLISECONDS);
        } catch (IOException stillOpen) {
            // not closed yet: the caller loops until its deadline
        }
    }

    private static TransportException timedOut(
            String host,
            String subject,
            Command command,
            Session.Command remote,
            CompletableFuture<Long> group,
            CompletableFuture<Void> streams,
            Duration killGrace,
            Consumer<Command> killer,
            InterruptedException interrupted) {
        Long pgid = group.getNow(null);
        String outcome;
        if (pgid == null) {
            outcome = "its process id was not known, so only the SSH channel was closed";
        } else {
            signal(killer, "-TERM", pgid, command.runAs());
            awaitEnd(remote, streams, killGrace);
            // Always: the command may have exited on SIGTERM while children that ignore it live on.
            signal(killer, "-KILL", pgid, command.runAs());
            awaitEnd(remote, streams, killGrace);
            outcome = "its process group " + pgid + " on the host was killed";
        }
        try {
            remote.close();
        } catch (IOException e) {
            log.debug("{}: closing the channel of a timed-out command failed: {}", subject, e.toString());
        }
        String what = interrupted != null
                ? "`" + command + "` was interrupted"
                : "`" + command + "` timed out after " + command.timeout();
        String next = interrupted != null ? "" : "Raise the command's timeout if it legitimately needs longer.";
        return new TransportException(host, message(subject, what + "; " + outcome, "", "", next), interrupted);
    }

    private static void signal(Consumer<Command> killer, String signal, long pgid, Optional<String> runAs) {
        Command kill = Command.of("kill", signal, "-" + pgid).withTimeout(Duration.ofSeconds(10));
        killer.accept(kill);
        // The command's own processes run as the run-as user; only that user (or root) may signal them.
        runAs.ifPresent(user -> killer.accept(kill.asUser(user)));
    }

    private static boolean awaitEnd(Session.Command remote, CompletableFuture<Void> streams, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (exitKnown(remote) || !remote.isOpen()) {
                return true;
            }
            try {
                streams.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException | ExecutionException e) {
                // keep waiting until the grace ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Why a streaming command cannot go on: the caller's input or output failed; else empty. */
    private static Optional<String> broken(Optional<StreamPump> feed, Optional<StreamPump> drain) {
        return feed.flatMap(StreamPump::readFailure)
                .map(e -> "reading its input failed after " + feed.get().bytes() + " bytes: " + e.getMessage())
                .or(() -> drain.flatMap(StreamPump::writeFailure)
                        .map(e -> "writing its output failed after "
                                + drain.get().bytes() + " bytes: " + e.getMessage()));
    }

    /** Ends a streaming command whose input or output failed: its process group killed, its channel closed. */
    private static TransportException stopped(
            String host,
            String subject,
            Command command,
            String why,
            Session.Command remote,
            CompletableFuture<Long> group,
            CompletableFuture<Void> streams,
            Duration killGrace,
            Consumer<Command> killer) {
        Long pgid = group.getNow(null);
        if (pgid != null) {
            signal(killer, "-KILL", pgid, command.runAs());
        }
        try {
            remote.close();
        } catch (IOException e) {
            log.debug("{}: closing the channel of a stopped command failed: {}", subject, e.toString());
        }
        awaitEnd(remote, streams, killGrace);
        String outcome = pgid == null ? "its SSH channel was closed" : "its process group " + pgid + " was killed";
        return new TransportException(host, message(subject, "`" + command + "` was stopped: " + why, "", "", outcome));
    }

    /**
     * The command's stdout after its first line, the process group id that the wrapper prints, which is
     * taken off on the first read and completes {@code group} (with null, and kept in the stream, when
     * it is not a number).
     */
    private static final class AfterGroupLine extends FilterInputStream {
        private final CompletableFuture<Long> group;

        AfterGroupLine(InputStream in, CompletableFuture<Long> group) {
            super(in);
            this.group = group;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!group.isDone()) {
                try {
                    StringBuilder line = new StringBuilder();
                    int c = 0;
                    while (line.length() < 20 && (c = in.read()) != -1 && c != '\n') {
                        line.append((char) c);
                    }
                    try {
                        group.complete(Long.parseLong(line.toString().trim()));
                    } catch (NumberFormatException e) {
                        group.complete(null);
                        byte[] seen = line.toString().getBytes(StandardCharsets.ISO_8859_1);
                        in = new SequenceInputStream(new ByteArrayInputStream(seen), in);
                    }
                } catch (IOException e) {
                    group.complete(null);
                    throw e;
                }
            }
            return in.read(buffer, offset, length);
        }
    }

    private static void pump(InputStream in, OutputCapture capture) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                capture.write(buffer, 0, n);
            }
        } catch (IOException e) {
            log.debug("reading output failed: {}", e.toString());
        }
    }

    private static int signalNumber(Signal signal) {
        return switch (signal) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ILL -> 4;
            case ABRT -> 6;
            case FPE -> 8;
            case KILL -> 9;
            case USR1 -> 10;
            case SEGV -> 11;
            case USR2 -> 12;
            case PIPE -> 13;
            case ALRM -> 14;
            case TERM -> 15;
            default -> 0;
        };
    }

    private static void close(Session session) {
        try {
            session.close();
        } catch (IOException e) {
            log.debug("closing an SSH session failed: {}", e.toString());
        }
    }
}
