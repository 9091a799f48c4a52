package io.dorisops.ssh;

import static java.util.Objects.requireNonNull;

import io.dorisops.Secret;
import io.dorisops.SshSettings;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import io.dorisops.ssh.internal.Connector;
import io.dorisops.ssh.internal.HostSettings;
import io.dorisops.ssh.internal.HostSettings.HostPort;
import io.dorisops.ssh.internal.RunAsUpload;
import io.dorisops.ssh.internal.SessionCommands;
import io.dorisops.ssh.internal.SessionPool;
import io.dorisops.ssh.internal.SettingsCheck;
import io.dorisops.ssh.internal.SftpFiles;
import io.dorisops.ssh.internal.SftpUpload;
import io.dorisops.ssh.internal.SshFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
 * <p>Thread-safe. {@link #close()} closes the connections; further calls fail. The pool is {@code
 * internal.SessionPool}, commands run through {@code SessionCommands}, files through {@code
 * SftpFiles} and {@code SftpUpload}, the builder's checks are {@code SettingsCheck}.
 */
public final class SshTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(SshTransport.class);

    private final HostSettings settings;
    private final SessionPool pool;
    private final SessionCommands commands;
    private final SftpFiles files;

    private SshTransport(HostSettings settings) {
        this.settings = settings;
        this.pool = new SessionPool(settings, new Connector(settings), describe(settings));
        this.commands = new SessionCommands(settings, pool);
        this.files = new SftpFiles(settings, pool);
    }

    /** A builder for a transport to {@code host}, with the defaults of {@link SshSettings#disabled()}. */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    /**
     * Connects to {@code host} with the topology's SSH settings now, so bad settings fail here.
     *
     * @throws SshConnectException when the host cannot be reached or refuses the login
     */
    public static SshTransport connect(String host, SshSettings ssh) {
        SshTransport transport = builder(host).settings(ssh).build();
        try {
            transport.pool.connect();
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
        Command effective = runAsDefault(command);
        log.debug("{}: exec {}", settings.subject(), effective);
        return commands.run(effective);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On a session of its own, like {@link #exec(Command)}: the caller's stdin is sent on the channel
     * and its end sent as EOF; the channel's stdout is written to the caller's stream as it arrives (the
     * SSH window bounds what is in flight). A failure of either stream kills the command's process group.
     */
    @Override
    public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
        requireNonNull(command, "command");
        requireNonNull(stdin, "stdin");
        requireNonNull(stdout, "stdout");
        Command effective = runAsDefault(command);
        log.debug("{}: exec streaming {}", settings.subject(), effective);
        return commands.stream(effective, stdin, stdout);
    }

    private Command runAsDefault(Command command) {
        return command.runAs().isEmpty() && settings.runAs().isPresent()
                ? command.asUser(settings.runAs().get())
                : command;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Over SFTP, verified with SHA-256 on the host. Symbolic links in a tree are followed. A file
     * target is replaced atomically; a directory target must not exist yet. With a run-as user the files
     * become that user's own (staged, then copied into place as that user: {@code RunAsUpload}), so the
     * daemon reads its conf and writes beside it.
     */
    @Override
    public void upload(Path source, Path target, TransferListener listener) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        requireNonNull(listener, "listener");
        if (settings.runAs().isPresent()) {
            new RunAsUpload(
                            settings.host(),
                            settings.subject(),
                            settings.runAs().get(),
                            commands::run)
                    .upload(target, staged -> sftpUpload(source, staged, listener));
        } else {
            sftpUpload(source, target, listener);
        }
    }

    private void sftpUpload(Path source, Path target, TransferListener listener) {
        try {
            // Uploads run their commands as the login user, without the run-as default.
            new SftpUpload(settings.host(), settings.subject(), pool.sftp(), commands::run)
                    .upload(source, target, listener);
        } catch (IOException e) {
            pool.resetIfDead();
            throw SshFailures.failure(
                    settings, "upload of " + source + " to " + target + " failed", e, "Retry the upload.");
        }
    }

    @Override
    public String read(Path file, int maxBytes) {
        requireNonNull(file, "file");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        return files.read(file, maxBytes);
    }

    /** Fetches a file over SFTP into {@code target} on this machine (its parent is created). */
    @Override
    public void download(Path source, Path target) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        files.download(source, target);
    }

    @Override
    public boolean exists(Path path) {
        requireNonNull(path, "path");
        return files.exists(path);
    }

    @Override
    public void close() {
        pool.close();
        commands.close();
    }

    /** The host and user, never a secret. */
    @Override
    public String toString() {
        return describe(settings);
    }

    private static String describe(HostSettings settings) {
        return "SshTransport[" + settings.user() + "@" + settings.subject() + "]";
    }

    /**
     * Settings for an {@link SshTransport}. Defaults: the current user, port 22, the user's default
     * keys, {@code ~/.ssh/known_hosts} checked strictly, connect timeout 10 s, 3 connect attempts
     * 500 ms apart (doubling), at most 8 concurrent channels, 2 s between SIGTERM and SIGKILL on a
     * timeout.
     */
    public static final class Builder {
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
            settings(SshSettings.disabled());
        }

        private Builder(HostSettings from) {
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
        public Builder settings(SshSettings ssh) {
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

        private HostSettings settings() {
            SettingsCheck.check(
                    host, user, port, runAs, connectTimeout, connectAttempts, retryInterval, maxChannels, killGrace);
            return new HostSettings(
                    host,
                    user,
                    port,
                    identityFile,
                    passphrase,
                    password,
                    knownHosts,
                    acceptNewHostKeys,
                    jumpHost.map(text -> SettingsCheck.jumpHost(host, text)),
                    runAs,
                    connectTimeout,
                    connectAttempts,
                    retryInterval,
                    maxChannels,
                    killGrace);
        }
    }
}
