package io.dorisops.ssh.internal;

import static io.dorisops.DorisOpsException.message;
import static io.dorisops.ssh.internal.SshFailures.failure;

import io.dorisops.TransportException;
import io.dorisops.spi.Command;
import io.dorisops.ssh.SshTransport;
import io.dorisops.ssh.internal.Connector.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.sftp.SFTPClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one {@link SshTransport} to its host and the sessions open on them, plus the one
 * shared SFTP client. Each command, and the SFTP subsystem, is one session on a pooled connection.
 *
 * <ol>
 *   <li>A session takes a slot on the oldest live connection below its limit.
 *   <li>When every connection is at its limit, another is opened, up to {@code maxChannels + 1}; past
 *       that, the call waits for a slot until its deadline.
 *   <li>A server that refuses a session on a live connection (OpenSSH {@code MaxSessions}) teaches
 *       that connection's limit; it is kept, with the commands running on it, and the session is
 *       tried elsewhere.
 *   <li>A connection is dropped and replaced only when it is dead, at most once per call.
 * </ol>
 *
 * <p>Thread-safe: every field is guarded by one lock.
 */
public final class SessionPool {
    // The public transport's logger: its lines keep the category users configure.
    private static final Logger log = LoggerFactory.getLogger(SshTransport.class);

    private final HostSettings settings;
    private final Connector connector;
    private final String owner;
    private final int maxConnections;
    private final Object lock = new Object();
    /** Live connections, oldest first; guarded by {@link #lock}. */
    private final List<Pooled> pool = new ArrayList<>();

    private SFTPClient sftp;
    private Pooled sftpHome;
    private boolean closed;

    /** @param owner the transport, as messages name it ({@code SshTransport[user@host:port]}) */
    public SessionPool(HostSettings settings, Connector connector, String owner) {
        this.settings = settings;
        this.connector = connector;
        this.owner = owner;
        // One per command at worst (a server allowing a single session per connection), plus SFTP's.
        this.maxConnections = settings.maxChannels() + 1;
    }

    /** A session (or SFTP client) opened on a pooled connection; {@link #release} it when done. */
    public static final class Lease<T> {
        private final T channel;
        private final Pooled home;

        private Lease(T channel, Pooled home) {
            this.channel = channel;
            this.home = home;
        }

        public T channel() {
            return channel;
        }
    }

    /** Opens a session channel, or the SFTP subsystem, on a connection. */
    public interface Opener<T> {
        T open(Connection connection) throws IOException;
    }

    /** One pooled connection and the sessions open on it. Guarded by {@link #lock}. */
    private static final class Pooled {
        final Connection connection;
        /** Sessions open on it now, the SFTP subsystem included. */
        int open;
        /** At most this many at once: learned when the server refused one more (OpenSSH MaxSessions). */
        int limit = Integer.MAX_VALUE;
        /** Whether a session was ever opened on it. */
        boolean served;

        Pooled(Connection connection) {
            this.connection = connection;
        }
    }

    /** Connects now when no live connection is pooled. */
    public void connect() {
        synchronized (lock) {
            checkOpen();
            pruneDead();
            if (pool.isEmpty()) {
                pool.add(new Pooled(connector.open()));
            }
        }
    }

    /** Closes SFTP and every connection; further calls fail. */
    public void close() {
        synchronized (lock) {
            closed = true;
            closeSftp();
            for (Pooled pooled : List.copyOf(pool)) {
                discard(pooled);
            }
        }
    }

    /** Drops the connections that died. */
    public void resetIfDead() {
        synchronized (lock) {
            pruneDead();
        }
    }

    /** Closes the SFTP client (its channel may be broken on a live connection) and drops dead connections. */
    public void restartSftp() {
        synchronized (lock) {
            closeSftp();
            pruneDead();
        }
    }

    /** Gives a session's slot back. */
    public void release(Lease<?> lease) {
        synchronized (lock) {
            lease.home.open--;
            lock.notifyAll();
        }
    }

    /**
     * Opens a channel on a pooled connection. A refusal by a live connection (the server's
     * MaxSessions reached) keeps the connection, lowers its limit and tries elsewhere; a connection
     * that turns out dead is replaced, once per call.
     */
    public <T> Lease<T> open(Opener<T> opener, Duration wait, String what, String hint) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean replaced = false;
        while (true) {
            Pooled home = reserve(deadline, what);
            try {
                T channel = openOn(home, opener);
                synchronized (lock) {
                    home.served = true;
                }
                return new Lease<>(channel, home);
            } catch (IOException e) {
                synchronized (lock) {
                    home.open--;
                    lock.notifyAll();
                    boolean alive = home.connection.isAlive();
                    if (alive && refused(e)) {
                        if (home.open == 0 && !home.served) {
                            throw failure(
                                    settings,
                                    what + " failed: the server refused to open a session on a new connection",
                                    e,
                                    "Check MaxSessions (it must be at least 1) and the server's log.");
                        }
                        int limit = Math.max(1, home.open);
                        if (limit < home.limit) {
                            log.info(
                                    "{}: the server refused session {} on one connection ({}); keeping it and"
                                            + " using at most {} sessions on it",
                                    settings.subject(),
                                    home.open + 1,
                                    describe(e),
                                    limit);
                            home.limit = limit;
                        }
                        continue;
                    }
                    if (replaced || (alive && home.open > 0)) {
                        // A live connection busy with other commands is not torn down for one failure.
                        throw failure(settings, what + " failed", e, hint);
                    }
                    log.warn(
                            "{}: opening an SSH channel failed ({}); replacing the connection",
                            settings.subject(),
                            describe(e));
                    if (pool.contains(home)) {
                        discard(home);
                    }
                    replaced = true;
                }
            }
        }
    }

    /**
     * Opens a channel on the connection; sshj's {@code IllegalStateException("Not connected")}, thrown when the
     * connection died after the pool took it as alive (a server restarted between two commands), is the
     * {@link IOException} of a dead connection, so the connection is replaced like any other dead one.
     */
    private static <T> T openOn(Pooled home, Opener<T> opener) throws IOException {
        try {
            return opener.open(home.connection);
        } catch (IllegalStateException notConnected) {
            throw new IOException(
                    "the connection closed before the channel opened (" + notConnected.getMessage() + ")",
                    notConnected);
        }
    }

    /** The shared SFTP client, started on a pooled connection when there is none or its connection died. */
    public SFTPClient sftp() {
        synchronized (lock) {
            checkOpen();
            if (sftp != null && pool.contains(sftpHome) && sftpHome.connection.isAlive()) {
                return sftp;
            }
            closeSftp();
        }
        Lease<SFTPClient> lease = open(
                connection -> connection.client().newSFTPClient(),
                Command.DEFAULT_TIMEOUT,
                "starting SFTP",
                "Enable the sftp subsystem in sshd_config (Subsystem sftp internal-sftp).");
        synchronized (lock) {
            if (sftp == null && pool.contains(lease.home)) {
                sftp = lease.channel;
                sftpHome = lease.home;
                return sftp;
            }
            // Another thread started SFTP meanwhile: keep that one.
            try {
                lease.channel.close();
            } catch (IOException e) {
                log.debug("{}: closing SFTP failed: {}", settings.subject(), e.toString());
            }
            lease.home.open--;
            lock.notifyAll();
            if (sftp == null) {
                throw new TransportException(
                        settings.host(), message(settings.subject(), "SFTP's connection died", "", "", "Retry."));
            }
            return sftp;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
    }

    /** Drops the connections that died (their running commands failed with them). Under {@link #lock}. */
    private void pruneDead() {
        for (Pooled pooled : List.copyOf(pool)) {
            if (!pooled.connection.isAlive()) {
                log.warn("{}: an SSH connection died; replacing it", settings.subject());
                discard(pooled);
            }
        }
    }

    /** Removes a connection from the pool and closes it (and SFTP when it lived there). Under {@link #lock}. */
    private void discard(Pooled pooled) {
        if (sftpHome == pooled) {
            closeSftp();
        }
        pool.remove(pooled);
        pooled.connection.close();
        lock.notifyAll();
    }

    private void closeSftp() {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException e) {
                log.debug("{}: closing SFTP failed: {}", settings.subject(), e.toString());
            }
            sftpHome.open--;
            sftp = null;
            sftpHome = null;
            lock.notifyAll();
        }
    }

    /**
     * Takes a session slot on a pooled connection below its limit, opening another connection when all
     * are full and the pool may grow, else waiting for a slot until {@code deadline} (nanoTime).
     */
    private Pooled reserve(long deadline, String what) {
        synchronized (lock) {
            while (true) {
                checkOpen();
                pruneDead();
                for (Pooled pooled : pool) {
                    if (pooled.open < pooled.limit) {
                        pooled.open++;
                        return pooled;
                    }
                }
                if (pool.size() < maxConnections) {
                    Pooled fresh = new Pooled(connector.open());
                    if (!pool.isEmpty()) {
                        log.info(
                                "{}: every SSH connection is at the server's session limit; opening connection {}",
                                settings.subject(),
                                pool.size() + 1);
                    }
                    pool.add(fresh);
                    fresh.open++;
                    return fresh;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TransportException(
                            settings.host(),
                            message(
                                    settings.subject(),
                                    what + " did not get an SSH session in time",
                                    "",
                                    pool.size() + " connections each at the server's session limit ("
                                            + pool.stream().map(p -> p.open).toList() + " open)",
                                    "Run fewer commands at once on this host, or raise MaxSessions in the"
                                            + " server's sshd_config."));
                }
                try {
                    // Woken by a release; the timeout re-checks pooled connections that may have died.
                    lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransportException(
                            settings.host(),
                            message(settings.subject(), "interrupted waiting for an SSH session", "", "", ""),
                            e);
                }
            }
        }
    }

    /** The server answered the channel open with a refusal (SSH_MSG_CHANNEL_OPEN_FAILURE). */
    private static boolean refused(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OpenFailException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
