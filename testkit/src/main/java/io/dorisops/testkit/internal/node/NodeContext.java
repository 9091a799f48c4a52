package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.Layout;
import io.dorisops.testkit.internal.Lease;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every simulated node process shares: its home, conf, version, log, pid file, faults and the
 * owner lease. The process writes its own log files (it plays a server), never stdout.
 */
final class NodeContext {

    final Path home;
    final Role role;
    final Flavor flavor;
    final Path sandboxDir;
    final String id;
    final String host;
    final String version;
    final Map<String, String> conf;
    final long startMillis = System.currentTimeMillis();
    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "sim-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final SpecHead head;
    private volatile SandboxSpec spec;
    private final Path logFile;
    private final Path faultFile;
    private volatile Map<String, String> faults;
    private FileChannel pidChannel;
    private Path pidFile;

    NodeContext(Path home, Role role) throws IOException {
        this.home = home;
        this.role = role;
        this.conf = readConf(home, role);
        this.sandboxDir =
                conf.containsKey(Layout.SANDBOX_KEY) ? Path.of(required(Layout.SANDBOX_KEY)) : sandboxAbove(home);
        this.head = SpecHead.read(sandboxDir);
        this.flavor = head.flavor();
        var declared = head.nodes().stream()
                .filter(node -> Path.of(node.home()).equals(home))
                .findFirst();
        this.id = declared.map(SpecHead.Member::id).orElse(home.getFileName().toString());
        String networks = conf.getOrDefault("priority_networks", "127.0.0.1/32");
        // A node knows its own address as the cluster names it: by host name in FQDN mode, else by the
        // address priority_networks selects. The sandbox declares which.
        this.host = declared.map(SpecHead.Member::host)
                .orElse(networks.isBlank() ? "127.0.0.1" : networks.split("[/;]")[0].strip());
        this.version = Layout.readVersion(home, flavor, role);
        this.logFile = home.resolve(flavor.mainLog(role));
        this.faultFile = FaultFile.of(sandboxDir, id);
        this.faults = FaultFile.read(faultFile);
    }

    /**
     * The whole {@code sandbox.json}, read on first use: only a frontend needs more than the {@link
     * SpecHead} (and the JSON data binding that reads it).
     */
    SandboxSpec spec() {
        SandboxSpec read = spec;
        if (read == null) {
            try {
                read = SandboxSpec.read(sandboxDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + sandboxDir.resolve(SandboxSpec.FILE), e);
            }
            spec = read;
        }
        return read;
    }

    /**
     * The sandbox a node home belongs to when its conf does not say (a home a deploy installed and
     * configured from a package): the nearest directory above it holding {@code sandbox.json}.
     */
    private static Path sandboxAbove(Path home) {
        for (Path dir = home.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(SandboxSpec.FILE))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + SandboxSpec.FILE + " above " + home + " and no " + Layout.SANDBOX_KEY
                + " in its conf file: this home is not in a sandbox");
    }

    /** The password of the SQL user {@code root}: the file {@code <sandbox>/sql-password}, none when absent. */
    String sqlPassword() {
        Path file = sandboxDir.resolve(io.dorisops.testkit.internal.SandboxTopology.PASSWORD_FILE);
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The HTTP port key of a backend: StarRocks {@code be_http_port} (alias {@code webserver_port}), Doris {@code webserver_port}. */
    String httpPortKey() {
        return conf.containsKey("be_http_port") ? "be_http_port" : "webserver_port";
    }

    private static Map<String, String> readConf(Path home, Role role) throws IOException {
        Map<String, String> conf = new HashMap<>();
        Path file = home.resolve(
                switch (role) {
                    case FE_FOLLOWER, FE_OBSERVER -> "conf/fe.conf";
                    case CN -> Files.exists(home.resolve("conf/cn.conf")) ? "conf/cn.conf" : "conf/be.conf";
                    case BE -> "conf/be.conf";
                    default -> "conf/doris_cloud.conf";
                });
        readInto(conf, file);
        // Doris reads the file its HTTP config endpoints persist to over the main one (ConfigBase.initCustom,
        // the BE's config::init of be_custom.conf); a StarRocks node never writes one.
        Path custom = home.resolve("conf").resolve(customConfFile(role));
        if (Files.exists(custom)) {
            readInto(conf, custom);
        }
        return conf;
    }

    /** The file a Doris node persists live config changes to: {@code fe_custom.conf}, {@code be_custom.conf}. */
    static String customConfFile(Role role) {
        return role.isFrontend() ? "fe_custom.conf" : "be_custom.conf";
    }

    private static void readInto(Map<String, String> conf, Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            int eq = text.indexOf('=');
            if (!text.startsWith("#") && eq > 0) {
                conf.put(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
            }
        }
    }

    String required(String key) {
        String value = conf.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("config item " + key + " is missing in the conf file of " + home);
        }
        return value;
    }

    int port(String key) {
        return Integer.parseInt(required(key));
    }

    /** Appends a line to the main log ({@code fe.log}, {@code be.INFO}, {@code doris_cloud.out}). */
    synchronized void log(String level, String message) {
        String line = timestamp(LocalDateTime.now()) + " " + level + " ("
                + Thread.currentThread().getName() + ") " + message + "\n";
        try (Writer out = Files.newBufferedWriter(
                logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss,SSS}, written out by hand: a {@code DateTimeFormatter} pattern
     * loads the locale data, a noticeable part of a node's start.
     */
    static String timestamp(LocalDateTime t) {
        StringBuilder out = new StringBuilder(23);
        out.append(t.getYear()).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append(',');
        return pad(out, t.getNano() / 1_000_000, 3).toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    void info(String message) {
        log("INFO", message);
    }

    /** Logs an error and exits with status 1, as a server does when it cannot start. */
    void fatal(String message) {
        log("ERROR", message);
        System.err.println(message);
        System.exit(1);
    }

    /** The faults in force (refreshed every 100 ms). */
    boolean fault(String name) {
        return faults.containsKey(name);
    }

    /** The value of a fault in seconds, 0 when absent. */
    double faultSeconds(String name) {
        String value = faults.get(name);
        return value == null || value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    /** The start-time faults, the pid file, the lease and fault watchers, and the shutdown hook. */
    void begin(String pidRelative, boolean lock) throws IOException {
        if (Lease.ownerGone(sandboxDir)) {
            fatal("the sandbox owner process is gone; not starting");
        }
        if (fault(FaultFile.FAIL_NEXT_START)) {
            FaultFile.remove(faultFile, FaultFile.FAIL_NEXT_START);
            fatal("failed to start: simulated start failure (fault " + FaultFile.FAIL_NEXT_START + ")");
        }
        pidFile = home.resolve(pidRelative);
        pidChannel = FileChannel.open(pidFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock pidLock = lock ? pidChannel.tryLock() : null;
        if (lock && pidLock == null) {
            fatal("pid file is already locked.");
        }
        pidChannel.truncate(0);
        pidChannel.write(java.nio.ByteBuffer.wrap(
                String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
        pidChannel.force(true);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "shutdown"));
        warnIfStopSignalsIgnored();
        if (flavor == Flavor.STARROCKS && role.isFrontend()) {
            onSignal("USR1", () -> System.exit(0));
        }
        timers.scheduleWithFixedDelay(this::watchFaults, 100, 100, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::watchLease, 200, 200, TimeUnit.MILLISECONDS);
        scheduleCrash(faultSeconds(FaultFile.CRASH_AFTER));
        info("process " + ProcessHandle.current().pid() + " started, version " + version);
    }

    /**
     * Handles a signal with {@code exit} on a thread of its own (which ends the process), logging
     * {@code received SIG<name>, graceful shutdown}: StarRocks {@code stop_fe.sh --graceful} sends SIGUSR1,
     * which would kill a JVM without its shutdown hooks while the real FE shuts down gracefully; a BE's
     * graceful stop ({@link BackendShutdown}) waits for its running fragments on SIGTERM before it exits.
     * {@code sun.misc.Signal} is reached by reflection so the build needs no internal API.
     */
    void onSignal(String name, Runnable exit) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = java.lang.reflect.Proxy.newProxyInstance(
                    handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            info("received SIG" + name + ", graceful shutdown");
                            new Thread(exit, "graceful-exit").start();
                        }
                        return null;
                    });
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log("WARN", "cannot handle SIG" + name + " (" + e + "); it will end the process without cleanup");
        }
    }

    /**
     * The start script resets SIGINT and SIGTERM to their defaults ({@code Scripts}); where it could not
     * (no {@code env --default-signal}, no perl), a JVM keeps them ignored and would not stop on its stop
     * script: say so in the log.
     */
    private void warnIfStopSignalsIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask =
                            Long.parseLong(line.substring("SigIgn:".length()).strip(), 16);
                    boolean interrupt = (mask & (1L << 1)) != 0;
                    boolean terminate = (mask & (1L << 14)) != 0;
                    if (interrupt || terminate) {
                        log(
                                "WARN",
                                (interrupt ? "SIGINT" : "") + (interrupt && terminate ? " and " : "")
                                        + (terminate ? "SIGTERM" : "")
                                        + " ignored (inherited): the stop script cannot stop"
                                        + " this process gracefully; install coreutils 8.31+ (env --default-signal) or perl");
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            log("WARN", "cannot read the signal dispositions: " + e.getMessage());
        }
    }

    private void scheduleCrash(double seconds) {
        if (seconds > 0) {
            timers.schedule(
                    () -> {
                        log("ERROR", "simulated crash (fault " + FaultFile.CRASH_AFTER + ")");
                        Runtime.getRuntime().halt(134);
                    },
                    (long) (seconds * 1000),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void watchFaults() {
        Map<String, String> now = FaultFile.read(faultFile);
        String crash = now.get(FaultFile.CRASH_AFTER);
        if (crash != null && !crash.equals(faults.get(FaultFile.CRASH_AFTER))) {
            scheduleCrash(Double.parseDouble(crash));
        }
        faults = now;
    }

    private void watchLease() {
        if (Lease.ownerGone(sandboxDir)) {
            log("WARN", "the sandbox owner process is gone; shutting down");
            System.exit(0);
        }
    }

    private void shutdown() {
        log("INFO", "received shutdown signal, " + id + " is exiting");
        try {
            if (pidFile != null
                    && Files.readString(pidFile)
                            .strip()
                            .equals(String.valueOf(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            log("WARN", "cannot remove pid file " + pidFile + ": " + e.getMessage());
        }
    }

    /** Binds a loopback listening socket, or exits naming the config key and port. */
    ServerSocket bind(String key, int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
            return socket;
        } catch (BindException e) {
            fatal(key + " " + port + " is already in use: " + e.getMessage()
                    + ". Stop the process holding it or change " + key + " in the conf file.");
        } catch (IOException e) {
            fatal("cannot listen on " + key + " " + port + ": " + e.getMessage());
        }
        throw new IllegalStateException("unreachable");
    }

    /** Sleeps through the simulated start-up time (and a slow-start fault), then honours hang-start. */
    void startupDelay() throws InterruptedException {
        long millis = head.startupDelayMillis().getOrDefault(role.key(), 0L)
                + (long) (faultSeconds(FaultFile.SLOW_START) * 1000);
        if (millis > 0) {
            Thread.sleep(millis);
        }
        while (fault(FaultFile.HANG_START)) {
            Thread.sleep(100);
        }
    }
}
