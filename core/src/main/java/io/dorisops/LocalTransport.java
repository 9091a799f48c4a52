package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import io.dorisops.internal.transport.BoundedCapture;
import io.dorisops.internal.transport.ProcessTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Thread-safe.
 */
public final class LocalTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(LocalTransport.class);

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
    private final int captureBytes;
    private final Duration killGrace;
    private final Duration drainGrace;
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
        this.baseEnvironment = childEnvironment(builder);
        this.captureBytes = builder.captureBytes;
        this.killGrace = builder.killGrace;
        this.drainGrace = builder.drainGrace;
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

    @Override
    public void upload(Path source, Path target, TransferListener listener) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        requireNonNull(listener, "listener");
        checkOpen();
        if (!Files.exists(source)) {
            throw new TransportException(host, host + ": cannot upload " + source + ": it does not exist");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TransportException(
                    host,
                    DorisOpsException.message(
                            host,
                            "cannot upload " + source + " to " + target,
                            "",
                            "",
                            "The target is an existing directory; remove it or choose a new path"));
        }
        Path absoluteTarget = target.toAbsolutePath();
        Path temp = absoluteTarget.resolveSibling("." + absoluteTarget.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(absoluteTarget.getParent());
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(source)) {
                walk.forEach(files::add);
            }
            long total = 0;
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
            long[] done = {0};
            for (Path file : files) {
                Path to = temp.resolve(source.relativize(file).toString());
                if (Files.isSymbolicLink(file)) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    continue;
                }
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    copy(file, to, done, total, listener);
                }
                // bin/*.sh must stay executable.
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(file));
            }
            Files.move(temp, absoluteTarget, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof TransportException transport) {
                throw transport;
            }
            String reason = e instanceof DirectoryNotEmptyException || e instanceof FileAlreadyExistsException
                    ? "the target appeared while copying"
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new TransportException(
                    host,
                    DorisOpsException.message(
                            host,
                            "cannot upload " + source + " to " + target,
                            "",
                            "",
                            reason + "; check free space and permissions"),
                    e);
        }
    }

    @Override
    public void download(Path source, Path target) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        checkOpen();
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TransportException(
                    host, host + ": cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String read(Path file, int maxBytes) {
        requireNonNull(file, "file");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        checkOpen();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException || !Files.exists(file) ? "no such file" : e.getMessage();
            throw new TransportException(host, host + ": cannot read " + file + ": " + reason, e);
        }
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

    private static Map<String, String> childEnvironment(Builder builder) {
        Map<String, String> passed = new TreeMap<>();
        builder.parentEnvironment.forEach((name, value) -> {
            boolean wanted =
                    PASSED_VARIABLES.contains(name) || name.startsWith("LC_") || builder.passVariables.contains(name);
            if (wanted && !builder.secretVariables.contains(name)) {
                passed.put(name, value);
            }
        });
        return Collections.unmodifiableMap(passed);
    }

    private List<String> argv(Command command) {
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

    private void copy(Path from, Path to, long[] done, long total, TransferListener listener) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(from);
                OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done[0] += n;
                try {
                    listener.progress(from, done[0], total);
                } catch (RuntimeException e) {
                    log.warn("{}: transfer listener failed on {}; carrying on", host, from, e);
                }
            }
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new TransportException(host, host + ": the local transport is closed; open a new one");
        }
    }

    private static String excerpt(BoundedCapture stdout, BoundedCapture stderr) {
        String text = stderr.snapshot().isBlank() ? stdout.snapshot() : stderr.snapshot();
        text = text.strip();
        if (text.isEmpty()) {
            return "";
        }
        return "\"" + (text.length() > 200 ? "..." + text.substring(text.length() - 200) : text) + "\"";
    }

    private void killQuietly(Process process) {
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

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("cannot remove temporary {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("cannot remove temporary {}: {}", path, e.getMessage());
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
            requireNonNull(killGrace, "killGrace");
            if (killGrace.isNegative()) {
                throw new IllegalArgumentException("killGrace must not be negative, was " + killGrace);
            }
            this.killGrace = killGrace;
            return this;
        }

        /**
         * How long to keep reading output after the command exited, for data still in the pipes.
         * Default 200 ms; a daemon child holding the pipes never delays {@code exec} longer than this.
         */
        public Builder drainGrace(Duration drainGrace) {
            requireNonNull(drainGrace, "drainGrace");
            if (drainGrace.isNegative()) {
                throw new IllegalArgumentException("drainGrace must not be negative, was " + drainGrace);
            }
            this.drainGrace = drainGrace;
            return this;
        }

        /** The transport. */
        public LocalTransport build() {
            return new LocalTransport(this);
        }
    }
}
