package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import io.dorisops.internal.transport.ChildEnvironment;
import io.dorisops.internal.transport.LocalExec;
import io.dorisops.internal.transport.LocalFiles;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs commands on this machine with {@link ProcessBuilder} and moves files with the local file
 * system. The transport for loopback hosts.
 *
 * <ul>
 *   <li>{@link #exec} returns when the command's own process exits. Output still arriving from a
 *       background child that inherited the pipes (a start script run with {@code --daemon}) is read
 *       for a short {@linkplain Builder#drainGrace drain grace} and then left alone; the child is never
 *       killed on success.
 *   <li>On timeout the whole process tree is killed, descendants first: SIGTERM, then SIGKILL after
 *       the {@linkplain Builder#killGrace kill grace}; then a {@link TransportException} names the
 *       command, the host and the timeout.
 *   <li>Output capture is bounded: the first and last {@linkplain Builder#captureBytes capture bytes}
 *       of each stream are kept and {@link ExecResult#truncated()} is set when more was dropped.
 *   <li>{@link Command#runAs()} runs through {@code sudo -n -u USER --}.
 *   <li>The child's environment is built, not inherited: only the variables in {@link
 *       #PASSED_VARIABLES} (and {@code LC_*}) are copied from this process, plus any named with
 *       {@link Builder#passVariables}, plus what the {@link Command} sets. Never a variable named by
 *       {@link Builder#secretVariables} (the topology's {@code {env: NAME}} secrets), whatever the lists
 *       say: a daemon started here must not show the SQL password in {@code /proc/PID/environ}.
 * </ul>
 *
 * <pre>{@code
 * try (Transport local = new LocalTransport()) {
 *     ExecResult result = local.exec(Command.of("bin/start_be.sh", "--daemon").inDirectory(Path.of("/opt/doris/be")));
 * }
 * }</pre>
 *
 * <p>Thread-safe. The process mechanics are {@code internal.transport.LocalExec}, the file
 * operations {@code LocalFiles}, the environment {@code ChildEnvironment}.
 */
public final class LocalTransport implements Transport {

    /**
     * What a start script of Doris or StarRocks needs from the caller's environment: the runbooks'
     * {@code JAVA_HOME}, {@code DORIS_HOME} / {@code STARROCKS_HOME}, and the ordinary login variables.
     * {@code LC_*} variables are passed too.
     */
    public static final Set<String> PASSED_VARIABLES = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "SHELL",
            "LANG",
            "LANGUAGE",
            "TZ",
            "TMPDIR",
            "JAVA_HOME",
            "DORIS_HOME",
            "STARROCKS_HOME",
            "LD_LIBRARY_PATH");

    private final String host;
    private final Map<String, String> baseEnvironment;
    private final LocalExec processes;
    private final LocalFiles files;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A transport named {@code localhost} with the default limits. */
    public LocalTransport() {
        this(builder());
    }

    /** A transport with the default limits, named for the host it serves (as the topology spells it). */
    public LocalTransport(String host) {
        this(builder().host(host));
    }

    private LocalTransport(Builder builder) {
        this.host = builder.host;
        this.baseEnvironment = ChildEnvironment.of(
                builder.parentEnvironment, PASSED_VARIABLES, builder.passVariables, builder.secretVariables);
        this.processes =
                new LocalExec(host, baseEnvironment, builder.captureBytes, builder.killGrace, builder.drainGrace);
        this.files = new LocalFiles(host);
    }

    /** A builder with the defaults: host {@code localhost}, 64 KiB capture, 2 s kill grace, 200 ms drain grace. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ExecResult exec(Command command) {
        requireNonNull(command, "command");
        checkOpen();
        return processes.exec(command);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each stream is copied by a thread of its own, 64 KiB at a time. The command is done when it
     * exited and its stdout ended (a daemon child holding stdout holds the command until its timeout).
     */
    @Override
    public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
        requireNonNull(command, "command");
        requireNonNull(stdin, "stdin");
        requireNonNull(stdout, "stdout");
        checkOpen();
        return processes.stream(command, stdin, stdout);
    }

    @Override
    public void upload(Path source, Path target, TransferListener listener) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        requireNonNull(listener, "listener");
        checkOpen();
        files.upload(source, target, listener);
    }

    @Override
    public void download(Path source, Path target) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        checkOpen();
        files.download(source, target);
    }

    @Override
    public String read(Path file, int maxBytes) {
        requireNonNull(file, "file");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        checkOpen();
        return files.read(file, maxBytes);
    }

    @Override
    public boolean exists(Path path) {
        requireNonNull(path, "path");
        checkOpen();
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** Marks the transport closed; processes it started are not touched. */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "LocalTransport[" + host + "]";
    }

    /** The variables every child of this transport starts with (before the command's own). */
    Map<String, String> baseEnvironment() {
        return baseEnvironment;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new TransportException(host, host + ": the local transport is closed; open a new one");
        }
    }

    /** Builds a {@link LocalTransport}. */
    public static final class Builder {
        private String host = "localhost";
        private int captureBytes = 64 * 1024;
        private Duration killGrace = Duration.ofSeconds(2);
        private Duration drainGrace = Duration.ofMillis(200);
        private Map<String, String> parentEnvironment = System.getenv();
        private final Set<String> passVariables = new LinkedHashSet<>();
        private final Set<String> secretVariables = new LinkedHashSet<>();

        private Builder() {}

        /**
         * The environment children's variables are taken from. Default: this process's ({@link
         * System#getenv()}); tests and embedders pass their own.
         */
        public Builder parentEnvironment(Map<String, String> environment) {
            this.parentEnvironment = Map.copyOf(requireNonNull(environment, "environment"));
            return this;
        }

        /** More variables to pass from the parent environment, beyond {@link #PASSED_VARIABLES}. */
        public Builder passVariables(Set<String> names) {
            passVariables.addAll(requireNonNull(names, "names"));
            return this;
        }

        /**
         * Variables that hold secrets (those a topology's {@code {env: NAME}} secrets name): never passed
         * to a child, even when listed in {@link #PASSED_VARIABLES} or {@link #passVariables}. A
         * {@link Command} that sets one explicitly still gets it.
         */
        public Builder secretVariables(Set<String> names) {
            secretVariables.addAll(requireNonNull(names, "names"));
            return this;
        }

        /** The host name this transport serves, used in messages. Default {@code localhost}. */
        public Builder host(String host) {
            this.host = requireNonNull(host, "host");
            return this;
        }

        /** Bytes kept from the start and from the end of each output stream. Default 64 KiB. */
        public Builder captureBytes(int captureBytes) {
            if (captureBytes < 1) {
                throw new IllegalArgumentException("captureBytes must be at least 1, was " + captureBytes);
            }
            this.captureBytes = captureBytes;
            return this;
        }

        /** How long a timed-out process tree has between SIGTERM and SIGKILL. Default 2 s. */
        public Builder killGrace(Duration killGrace) {
            this.killGrace = Durations.nonNegative("killGrace", killGrace);
            return this;
        }

        /**
         * How long to keep reading output after the command exited, for data still in the pipes.
         * Default 200 ms; a daemon child holding the pipes never delays {@code exec} longer than this.
         */
        public Builder drainGrace(Duration drainGrace) {
            this.drainGrace = Durations.nonNegative("drainGrace", drainGrace);
            return this;
        }

        /** The transport. */
        public LocalTransport build() {
            return new LocalTransport(this);
        }
    }
}
