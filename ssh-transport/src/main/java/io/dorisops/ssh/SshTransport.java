package io.dorisops.ssh;

import static io.dorisops.DorisOpsException.message;
import static java.util.Objects.requireNonNull;

import io.dorisops.Command;
import io.dorisops.ExecResult;
import io.dorisops.Secret;
import io.dorisops.Topology;
import io.dorisops.Transport;
import io.dorisops.TransportException;
import io.dorisops.ssh.internal.Connector;
import io.dorisops.ssh.internal.Connector.Connection;
import io.dorisops.ssh.internal.RemoteExec;
import io.dorisops.ssh.internal.SftpUpload;
import io.dorisops.ssh.internal.SshSettings;
import io.dorisops.ssh.internal.SshSettings.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} over SSH: one authenticated connection per host, opened on first use and shared
 * by every command and transfer (each runs on its own channel, so calls from several threads run
 * concurrently), reopened when it died. Host keys are checked strictly against known_hosts; keys,
 * the user's default keys or a password authenticate; a jump host is supported. Transient connect
 * failures (refused, reset, connect timeout) are retried with backoff, authentication and host key
 * failures never; those throw {@link SshConnectException} with a distinct {@link
 * SshConnectException.Reason}.
 *
 * <p>Commands run in their own process group on the host ({@code setsid}), so a timeout ends the
 * whole tree there. Output is kept bounded (first and last 64 KiB per stream). Uploads go over SFTP
 * to a temporary name, are verified with SHA-256 on the host ({@code openssl} when present, else
 * {@code sha256sum}), then renamed into place. The host needs {@code setsid} (util-linux) and
 * {@code sha256sum} (coreutils), as every Linux has.
 *
 * <pre>{@code
 * try (SshTransport ssh = SshTransport.builder("10.0.0.12")
 *         .user("doris")
 *         .identityFile(Path.of("/home/ops/.ssh/id_ed25519"))
 *         .build()) {
 *     ExecResult result = ssh.exec(Command.of("bin/start_be.sh", "--daemon").inDirectory(Path.of("/opt/doris/be")));
 * }
 * }</pre>
 *
 * <p>Sessions: each command, and the SFTP subsystem, is one session (channel) on a pooled connection.
 * A server may cap the sessions per connection (OpenSSH {@code MaxSessions}, 10 by default); when it
 * refuses a session on a connection that is still alive, the transport remembers that connection's
 * limit, keeps it and the commands running on it, and opens the session on another pooled connection
 * (at most {@code maxChannels + 1} connections per host), or waits for a session to end when all are
 * at their limit (within the command's timeout). A connection is dropped and replaced only when it is
 * dead (the server closed it, the network failed).
 *
 * <p>Thread-safe. {@link #close()} closes the connections; further calls fail.
 */
public final class SshTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(SshTransport.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SshSettings settings;
    private final Connector connector;
    private final Semaphore channels;
    private final ExecutorService pumps;
    private final Object lock = new Object();
    /** Live connections, oldest first; guarded by {@link #lock}. */
    private final List<Pooled> pool = new ArrayList<>();

    private final int maxConnections;
    private SFTPClient sftp;
    private Pooled sftpHome;
    private boolean closed;

    private SshTransport(SshSettings settings) {
        this.settings = settings;
        this.connector = new Connector(settings);
        this.channels = new Semaphore(settings.maxChannels(), true);
        // One per command at worst (a server allowing a single session per connection), plus SFTP's.
        this.maxConnections = settings.maxChannels() + 1;
        this.pumps = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "dorisops-ssh-" + settings.host() + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A builder for a transport to {@code host}, with the defaults of {@link Topology.Ssh#disabled()}. */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    /**
     * Connects to {@code host} with the topology's SSH settings now, so bad settings fail here.
     *
     * @throws SshConnectException when the host cannot be reached or refuses the login
     */
    public static SshTransport connect(String host, Topology.Ssh ssh) {
        SshTransport transport = builder(host).settings(ssh).build();
        try {
            transport.connection();
            return transport;
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    @Override
    public String host() {
        return settings.host();
    }

    /** A builder holding this transport's settings. */
    public Builder toBuilder() {
        return new Builder(settings);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs as {@link Command#runAs()}, else as the configured run-as user, through {@code sudo -n -u}.
     *
     * @throws SshConnectException when the connection cannot be (re)opened
     */
    @Override
    public ExecResult exec(Command command) {
        requireNonNull(command, "command");
        Command effective = command.runAs().isEmpty() && settings.runAs().isPresent()
                ? command.asUser(settings.runAs().get())
                : command;
        log.debug("{}: exec {}", settings.subject(), effective);
        return run(effective, this::signal);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Over SFTP, verified with SHA-256 on the host. Symbolic links in a tree are followed. A file
     * target is replaced atomically; a directory target must not exist yet.
     */
    @Override
    public void upload(Path source, Path target, TransferListener listener) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        requireNonNull(listener, "listener");
        try {
            new SftpUpload(settings.host(), settings.subject(), sftp(), this::execPlain)
                    .upload(source, target, listener);
        } catch (IOException e) {
            resetIfDead();
            throw failure("upload of " + source + " to " + target + " failed", e, "Retry the upload.");
        }
    }

    @Override
    public String read(Path file, int maxBytes) {
        requireNonNull(file, "file");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        return withSftpRetry("read " + file, sftp -> {
            try (RemoteFile handle = sftp.open(file.toString())) {
                long size = handle.length();
                long from = Math.max(0, size - maxBytes);
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, maxBytes));
                try (InputStream in = handle.new ReadAheadRemoteFileInputStream(16, from)) {
                    byte[] buffer = new byte[32 * 1024];
                    int n;
                    while (out.size() < maxBytes
                            && (n = in.read(buffer, 0, Math.min(buffer.length, maxBytes - out.size()))) != -1) {
                        out.write(buffer, 0, n);
                    }
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        });
    }

    /** Fetches a file over SFTP into {@code target} on this machine (its parent is created). */
    @Override
    public void download(Path source, Path target) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        withSftpRetry("download " + source, sftp -> {
            java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
            sftp.get(source.toString(), new net.schmizz.sshj.xfer.FileSystemFile(target.toFile()));
            return null;
        });
    }

    @Override
    public boolean exists(Path path) {
        requireNonNull(path, "path");
        return withSftpRetry("stat " + path, sftp -> {
            FileAttributes attributes = sftp.statExistence(path.toString());
            return attributes != null;
        });
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            closeSftp();
            for (Pooled pooled : List.copyOf(pool)) {
                discard(pooled);
            }
        }
        pumps.shutdownNow();
    }

    /** The host and user, never a secret. */
    @Override
    public String toString() {
        return "SshTransport[" + settings.user() + "@" + settings.subject() + "]";
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

    /** A session (or SFTP client) opened on a pooled connection; {@link #release} it when done. */
    private record Lease<T>(T channel, Pooled home) {}

    /** Opens a session channel, or the SFTP subsystem, on a connection. */
    private interface Opener<T> {
        T open(Connection connection) throws IOException;
    }

    /** Connects now when no live connection is pooled. */
    private void connection() {
        synchronized (lock) {
            checkOpen();
            pruneDead();
            if (pool.isEmpty()) {
                pool.add(new Pooled(connector.open()));
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
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

    private void resetIfDead() {
        synchronized (lock) {
            pruneDead();
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

    private void release(Pooled home) {
        synchronized (lock) {
            home.open--;
            lock.notifyAll();
        }
    }

    /**
     * Opens a channel on a pooled connection. A refusal by a live connection (the server's
     * MaxSessions reached) keeps the connection, lowers its limit and tries elsewhere; a connection
     * that turns out dead is replaced, once per call.
     */
    private <T> Lease<T> open(Opener<T> opener, Duration wait, String what, String hint) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean replaced = false;
        while (true) {
            Pooled home = reserve(deadline, what);
            try {
                T channel = opener.open(home.connection);
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
                        throw failure(what + " failed", e, hint);
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

    private SFTPClient sftp() {
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
            if (sftp == null && pool.contains(lease.home())) {
                sftp = lease.channel();
                sftpHome = lease.home();
                return sftp;
            }
            // Another thread started SFTP meanwhile: keep that one.
            try {
                lease.channel().close();
            } catch (IOException e) {
                log.debug("{}: closing SFTP failed: {}", settings.subject(), e.toString());
            }
            lease.home().open--;
            lock.notifyAll();
            if (sftp == null) {
                throw new TransportException(
                        settings.host(), message(settings.subject(), "SFTP's connection died", "", "", "Retry."));
            }
            return sftp;
        }
    }

    private interface SftpCall<T> {
        T call(SFTPClient sftp) throws IOException;
    }

    private <T> T withSftpRetry(String what, SftpCall<T> call) {
        try {
            return call.call(sftp());
        } catch (net.schmizz.sshj.sftp.SFTPException e) {
            throw failure(what + " failed", e, "Check the path and its permissions on the host.");
        } catch (IOException first) {
            synchronized (lock) {
                // The SFTP channel may be broken on a live connection: restart SFTP, keep the connection.
                closeSftp();
                pruneDead();
            }
            try {
                return call.call(sftp());
            } catch (IOException e) {
                throw failure(what + " failed", e, "Check the path and its permissions on the host.");
            }
        }
    }

    /** Runs a command without the run-as default (uploads and kills run as the login user). */
    private ExecResult execPlain(Command command) {
        return run(command, this::signal);
    }

    /** Runs a command on a counted channel, in a session of its own on a pooled connection. */
    private ExecResult run(Command command, java.util.function.Consumer<Command> killer) {
        long started = System.nanoTime();
        acquireChannel(command);
        try {
            Duration left = command.timeout().minusNanos(System.nanoTime() - started);
            Lease<Session> lease = open(
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
                        pumps,
                        settings.killGrace(),
                        killer);
            } finally {
                release(lease.home());
            }
        } finally {
            channels.release();
        }
    }

    /** Sends a signal command on its own session (not counted: the timed-out command holds a channel). */
    private void signal(Command kill) {
        try {
            Lease<Session> lease = open(
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
                        pumps,
                        settings.killGrace(),
                        ignored -> {});
                log.info("{}: {} exited {}", settings.subject(), kill, result.exitCode());
            } finally {
                release(lease.home());
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

    private TransportException failure(String what, IOException e, String next) {
        return new TransportException(
                settings.host(),
                message(settings.subject(), what, "", e.getMessage() == null ? e.toString() : e.getMessage(), next),
                e);
    }

    /**
     * Settings for an {@link SshTransport}. Defaults: the current user, port 22, the user's default
     * keys, {@code ~/.ssh/known_hosts} checked strictly, connect timeout 10 s, 3 connect attempts
     * 500 ms apart (doubling), at most 8 concurrent channels, 2 s between SIGTERM and SIGKILL on a
     * timeout.
     */
    public static final class Builder {
        private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+");
        private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*[$]?");

        private final String host;
        private String user;
        private int port;
        private Optional<Path> identityFile;
        private Secret passphrase;
        private Secret password;
        private Path knownHosts;
        private boolean acceptNewHostKeys;
        private Optional<String> jumpHost = Optional.empty();
        private Optional<String> runAs;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int connectAttempts = 3;
        private Duration retryInterval = Duration.ofMillis(500);
        private int maxChannels = 8;
        private Duration killGrace = Duration.ofSeconds(2);

        private Builder(String host) {
            this.host = requireNonNull(host, "host");
            settings(Topology.Ssh.disabled());
        }

        private Builder(SshSettings from) {
            this.host = from.host();
            this.user = from.user();
            this.port = from.port();
            this.identityFile = from.identityFile();
            this.passphrase = from.passphrase();
            this.password = from.password();
            this.knownHosts = from.knownHosts();
            this.acceptNewHostKeys = from.acceptNewHostKeys();
            this.jumpHost = from.jumpHost().map(HostPort::toString);
            this.runAs = from.runAs();
            this.connectTimeout = from.connectTimeout();
            this.connectAttempts = from.connectAttempts();
            this.retryInterval = from.retryInterval();
            this.maxChannels = from.maxChannels();
            this.killGrace = from.killGrace();
        }

        /** Takes user, port, key, passphrase, password, known_hosts, accept-new, jump host and run-as from a topology. */
        public Builder settings(Topology.Ssh ssh) {
            requireNonNull(ssh, "ssh");
            this.user = ssh.user();
            this.port = ssh.port();
            this.identityFile = ssh.identityFile();
            this.passphrase = ssh.passphrase();
            this.password = ssh.password();
            this.knownHosts = ssh.knownHosts();
            this.acceptNewHostKeys = ssh.acceptNewHostKeys();
            this.jumpHost = ssh.jumpHost();
            this.runAs = ssh.runAs();
            return this;
        }

        /** The login user. */
        public Builder user(String user) {
            this.user = requireNonNull(user, "user");
            return this;
        }

        /** The SSH port, 22 by default. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A private key file (OpenSSH or PEM); without one the user's {@code ~/.ssh/id_*} keys are tried. */
        public Builder identityFile(Path identityFile) {
            this.identityFile = Optional.of(requireNonNull(identityFile, "identityFile"));
            return this;
        }

        /** The private key's passphrase. */
        public Builder passphrase(Secret passphrase) {
            this.passphrase = requireNonNull(passphrase, "passphrase");
            return this;
        }

        /** A login password, tried after the keys. */
        public Builder password(Secret password) {
            this.password = requireNonNull(password, "password");
            return this;
        }

        /** The known_hosts file, {@code ~/.ssh/known_hosts} by default. */
        public Builder knownHosts(Path knownHosts) {
            this.knownHosts = requireNonNull(knownHosts, "knownHosts");
            return this;
        }

        /** Accept and record unknown host keys (a changed key is still refused). Off by default. */
        public Builder acceptNewHostKeys(boolean acceptNewHostKeys) {
            this.acceptNewHostKeys = acceptNewHostKeys;
            return this;
        }

        /** A bastion, {@code [user@]host[:port]}, through which the host is reached. */
        public Builder jumpHost(String jumpHost) {
            this.jumpHost = Optional.of(requireNonNull(jumpHost, "jumpHost"));
            return this;
        }

        /** Run every command as this user through {@code sudo -n -u}, unless the command names its own. */
        public Builder runAs(String runAs) {
            this.runAs = Optional.of(requireNonNull(runAs, "runAs"));
            return this;
        }

        /** How long one TCP connect may take. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How many times a transient connect failure is tried, in all (1 = no retry). */
        public Builder connectAttempts(int connectAttempts) {
            this.connectAttempts = connectAttempts;
            return this;
        }

        /** The wait before the first retry; it doubles for each further one. */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = requireNonNull(retryInterval, "retryInterval");
            return this;
        }

        /**
         * At most this many commands run at once on the host (8 by default). They share one connection
         * while the server allows as many sessions on it (OpenSSH: MaxSessions, 10 by default), else
         * spread over up to {@code maxChannels + 1} connections.
         */
        public Builder maxChannels(int maxChannels) {
            this.maxChannels = maxChannels;
            return this;
        }

        /** After a timeout, how long SIGTERM may take before SIGKILL. */
        public Builder killGrace(Duration killGrace) {
            this.killGrace = requireNonNull(killGrace, "killGrace");
            return this;
        }

        /**
         * Validates the settings and builds the transport; it connects on first use.
         *
         * @throws IllegalArgumentException naming the host and the field that is wrong
         */
        public SshTransport build() {
            return new SshTransport(settings());
        }

        private SshSettings settings() {
            check(HOST.matcher(host).matches(), "host", "\"" + host + "\" is not a host name or address");
            check(USER.matcher(user).matches(), "user", "\"" + user + "\" is not a valid user name");
            check(port >= 1 && port <= 65535, "port", "must be 1..65535, was " + port);
            runAs.ifPresent(
                    name -> check(USER.matcher(name).matches(), "runAs", "\"" + name + "\" is not a valid user name"));
            check(positive(connectTimeout), "connectTimeout", "must be positive, was " + connectTimeout);
            check(connectAttempts >= 1, "connectAttempts", "must be at least 1, was " + connectAttempts);
            check(positive(retryInterval), "retryInterval", "must be positive, was " + retryInterval);
            check(maxChannels >= 1, "maxChannels", "must be at least 1, was " + maxChannels);
            check(positive(killGrace), "killGrace", "must be positive, was " + killGrace);
            return new SshSettings(
                    host,
                    user,
                    port,
                    identityFile,
                    passphrase,
                    password,
                    knownHosts,
                    acceptNewHostKeys,
                    jumpHost.map(this::parseJumpHost),
                    runAs,
                    connectTimeout,
                    connectAttempts,
                    retryInterval,
                    maxChannels,
                    killGrace);
        }

        private HostPort parseJumpHost(String text) {
            String rest = text;
            Optional<String> jumpUser = Optional.empty();
            int at = rest.indexOf('@');
            if (at >= 0) {
                jumpUser = Optional.of(rest.substring(0, at));
                rest = rest.substring(at + 1);
            }
            int jumpPort = 22;
            int colon = rest.lastIndexOf(':');
            if (colon >= 0 && rest.indexOf(':') == colon) {
                try {
                    jumpPort = Integer.parseInt(rest.substring(colon + 1));
                } catch (NumberFormatException e) {
                    jumpPort = -1;
                }
                rest = rest.substring(0, colon);
            }
            boolean valid = HOST.matcher(rest).matches()
                    && jumpPort >= 1
                    && jumpPort <= 65535
                    && jumpUser.map(name -> USER.matcher(name).matches()).orElse(true);
            check(valid, "jumpHost", "\"" + text + "\" is not [user@]host[:port]");
            return new HostPort(jumpUser, rest, jumpPort);
        }

        private static boolean positive(Duration duration) {
            return !duration.isNegative() && !duration.isZero();
        }

        private void check(boolean ok, String field, String problem) {
            if (!ok) {
                throw new IllegalArgumentException("ssh settings for host " + host + ": " + field + " " + problem
                        + "; fix ssh." + field + " in the topology or the builder call.");
            }
        }
    }
}
