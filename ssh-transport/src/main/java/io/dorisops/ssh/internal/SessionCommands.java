package io.dorisops.ssh.internal;

import static io.dorisops.DorisOpsException.message;

import io.dorisops.TransportException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.ssh.SshTransport;
import io.dorisops.ssh.internal.SessionPool.Lease;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the commands of one {@link SshTransport}: at most {@code maxChannels} at once (a fair
 * semaphore, waited on within the command's timeout), each on a session of its own from the {@link
 * SessionPool}, through {@link RemoteExec}; a timed-out command's kill signal goes on a session of
 * its own, outside the count. The output pumps run on daemon threads.
 */
public final class SessionCommands {
    // The public transport's logger: its lines keep the category users configure.
    private static final Logger log = LoggerFactory.getLogger(SshTransport.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HostSettings settings;
    private final SessionPool pool;
    private final Semaphore channels;
    private final ExecutorService pumps;

    public SessionCommands(HostSettings settings, SessionPool pool) {
        this.settings = settings;
        this.pool = pool;
        this.channels = new Semaphore(settings.maxChannels(), true);
        this.pumps = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "dorisops-ssh-" + settings.host() + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs a command on a counted channel, in a session of its own on a pooled connection. */
    public ExecResult run(Command command) {
        return run(command, Optional.empty());
    }

    /** {@link #run(Command)} with the caller's streams as the command's stdin and stdout. */
    public ExecResult stream(Command command, InputStream stdin, OutputStream stdout) {
        return run(command, Optional.of(new RemoteExec.Streams(stdin, stdout)));
    }

    private ExecResult run(Command command, Optional<RemoteExec.Streams> streams) {
        long started = System.nanoTime();
        acquireChannel(command);
        try {
            Duration left = command.timeout().minusNanos(System.nanoTime() - started);
            Lease<Session> lease = pool.open(
                    connection -> connection.client().startSession(),
                    left.isNegative() ? Duration.ZERO : left,
                    "`" + command + "`",
                    "Check the server's log.");
            try {
                return RemoteExec.run(
                        settings.host(),
                        settings.subject(),
                        lease.channel(),
                        command,
                        streams,
                        pumps,
                        settings.killGrace(),
                        this::signal);
            } finally {
                pool.release(lease);
            }
        } finally {
            channels.release();
        }
    }

    /** Stops the output pumps. */
    public void close() {
        pumps.shutdownNow();
    }

    /** Sends a signal command on its own session (not counted: the timed-out command holds a channel). */
    private void signal(Command kill) {
        try {
            Lease<Session> lease = pool.open(
                    connection -> connection.client().startSession(),
                    settings.killGrace(),
                    "`" + kill + "`",
                    "Check the server's log.");
            try {
                ExecResult result = RemoteExec.run(
                        settings.host(),
                        settings.subject(),
                        lease.channel(),
                        kill,
                        Optional.empty(),
                        pumps,
                        settings.killGrace(),
                        ignored -> {});
                log.info("{}: {} exited {}", settings.subject(), kill, result.exitCode());
            } finally {
                pool.release(lease);
            }
        } catch (RuntimeException e) {
            log.warn("{}: {} failed: {}", settings.subject(), kill, e.getMessage());
        }
    }

    private void acquireChannel(Command command) {
        try {
            if (!channels.tryAcquire(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransportException(
                        settings.host(),
                        message(
                                settings.subject(),
                                "`" + command + "` did not get an SSH channel within " + command.timeout(),
                                "",
                                settings.maxChannels() + " channels busy",
                                "Run fewer commands at once on this host or raise maxChannels."));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(
                    settings.host(), message(settings.subject(), "interrupted waiting for a channel", "", "", ""), e);
        }
    }
}
