package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Version;
import io.dorisops.Wait;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The node-operations port on hosts: the flavor's scripts and a few constant shell scripts, run in
 * the node's home through its host's {@link Transport}. Every script is a constant of {@link
 * HostScripts} whose values arrive as positional parameters ({@link Command#script}), so no home,
 * path or stamp is ever parsed as shell text.
 *
 * <p>Only {@code bin}, {@code lib}, their backups and the staging area under {@code .dorisops/} are
 * moved; data directories ({@code meta_dir}, {@code storage_root_path}) are never named.
 */
public final class HostNodeOps implements NodeOps {

    /** Lines of a log that mean the process failed to start. */
    private static final Pattern FATAL = Pattern.compile(
            "(?m)^.*(\\bFATAL\\b|\\bERROR\\b|Exception in thread|Address already in use|[Ff]ail(ed)? to start).*$");

    /** What {@code grep -E} on the host lets through for {@link #FATAL}: every such line, and a few more. */
    private static final String FATAL_ON_HOST =
            "FATAL|ERROR|Exception in thread|Address already in use|ail(ed)? to start";

    /**
     * Lines of a running node's log that mean it is dying: FATAL, a glog {@code F} line, a failed check,
     * a signal dump, an out-of-memory. Plain ERROR lines are not among them: a serving BE logs many.
     */
    private static final Pattern CRASH = Pattern.compile("(?m)^.*(\\bFATAL\\b|Check failed|\\*\\*\\* Aborted at"
            + "|\\bSIGSEGV\\b|\\bSIGABRT\\b|terminate called|OutOfMemoryError).*$|(?m)^F\\d{4} .*$");

    /** What {@code grep -E} on the host lets through for {@link #CRASH}. */
    private static final String CRASH_ON_HOST =
            "FATAL|Check failed|[*][*][*] Aborted at|SIGSEGV|SIGABRT|terminate called|OutOfMemoryError|^F[0-9]{4} ";

    /** How long a start may take to write its pid file. */
    private static final Duration NO_PID_FILE_GRACE = Duration.ofSeconds(10);

    private final Flavor flavor;
    private final boolean separateRecycler;
    private final Function<Node, Transport> transports;
    private final Duration commandTimeout;
    private final HostPackages packages;
    private final HostInstall install;

    /**
     * @param separateRecycler whether the topology has a RECYCLER node ({@link Flavor#startArgs(io.dorisops.Role,
     *     boolean)})
     */
    public HostNodeOps(
            Flavor flavor, Function<Node, Transport> transports, Duration commandTimeout, boolean separateRecycler) {
        this.flavor = flavor;
        this.separateRecycler = separateRecycler;
        this.transports = transports;
        this.commandTimeout = commandTimeout;
        this.packages = new HostPackages(transports, commandTimeout);
        this.install = new HostInstall(flavor, transports, commandTimeout, packages);
    }

    /** What the node's pid file says: the number, and whether that process lives. */
    record PidState(OptionalLong pid, boolean alive) implements StartMark {}

    /** The pid before a start, and a cursor on the logs for its failure and one for a crash while it runs. */
    private record Mark(PidState pid, LogCursor start, LogCursor crash) implements StartMark {}

    PidState pidState(Node node) {
        ExecResult result = sh(node, HostScripts.PID_STATE, path(node, flavor.pidFile(node.role())));
        String[] parts = result.stdout().strip().split(" ");
        if (parts[0].isEmpty()) {
            return new PidState(OptionalLong.empty(), false);
        }
        return new PidState(OptionalLong.of(Long.parseLong(parts[0])), parts.length > 1);
    }

    @Override
    public boolean running(Node node) {
        return pidState(node).alive();
    }

    @Override
    public StartMark mark(Node node) {
        LogCursor logs = LogCursor.atEnd(
                transport(node),
                node,
                List.of(flavor.outLog(node.role()), flavor.mainLog(node.role())),
                commandTimeout);
        return new Mark(pidState(node), logs, logs.copy());
    }

    @Override
    public boolean start(Node node) {
        return start(node, List.of());
    }

    @Override
    public boolean start(Node node, List<String> args) {
        if (running(node)) {
            return false;
        }
        List<String> argv = new ArrayList<>();
        argv.add(path(node, "bin/" + flavor.startScript(node.role())));
        argv.addAll(flavor.startArgs(node.role(), separateRecycler));
        argv.addAll(args);
        ExecResult result =
                transport(node).exec(Command.of(argv).inDirectory(node.home()).withTimeout(commandTimeout));
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    "start",
                    DorisOpsException.message(
                            node.label(),
                            "the start script failed",
                            "exit 0 from " + String.join(" ", argv),
                            "exit " + result.exitCode() + ": " + oneLine(result.tail(5)),
                            "Read " + node.home().resolve(flavor.outLog(node.role())) + " on the node.\n"
                                    + logTail(node)));
        }
        return true;
    }

    @Override
    public boolean stop(Node node, boolean graceful, Duration timeout, Consumer<String> waiting) {
        PidState state = pidState(node);
        if (!state.alive()) {
            return false;
        }
        List<String> argv = new ArrayList<>();
        argv.add(path(node, "bin/" + flavor.stopScript(node.role())));
        argv.addAll(flavor.stopArgs(node.role(), graceful));
        ExecResult result =
                transport(node).exec(Command.of(argv).inDirectory(node.home()).withTimeout(timeout));
        long pid = state.pid().getAsLong();
        Wait.until(node.label(), "stopped", () -> processAlive(node, pid))
                .succeedsWhen(alive -> !alive)
                .describedBy(alive -> alive
                        ? "process " + pid + " still running (stop script exit " + result.exitCode() + ")"
                        : "gone")
                .timeout(timeout)
                .pollInterval(Duration.ofMillis(200))
                .hint("Stop it by hand (kill " + pid + ") or run the stop script without graceful mode.")
                .onPoll(seen -> waiting.accept(node.label() + " not stopped yet: " + seen.seen()))
                .build()
                .await();
        return true;
    }

    boolean processAlive(Node node, long pid) {
        return sh(node, HostScripts.PROCESS_ALIVE, Long.toString(pid)).succeeded();
    }

    @Override
    public Optional<String> startFailure(Node node, StartMark mark, Duration sinceStart) {
        Mark before = (Mark) mark;
        PidState now = pidState(node);
        if (now.alive()) {
            return Optional.empty();
        }
        Optional<String> fatal = before.start().next(transport(node), node, FATAL_ON_HOST, FATAL, commandTimeout);
        if (fatal.isPresent()) {
            return Optional.of("the process is not running and its log says: " + fatal.get());
        }
        if (now.pid().isPresent() && !now.pid().equals(before.pid().pid())) {
            return Optional.of("the process in " + flavor.pidFile(node.role()) + " has exited");
        }
        if (sinceStart.compareTo(NO_PID_FILE_GRACE) > 0) {
            return Optional.of("no process started: no pid file after " + NO_PID_FILE_GRACE.toSeconds() + "s");
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> fatalLogLine(Node node, StartMark mark) {
        return ((Mark) mark).crash().next(transport(node), node, CRASH_ON_HOST, CRASH, commandTimeout);
    }

    @Override
    public boolean install(Node node, PackageInfo pkg) {
        return install.install(node, pkg);
    }

    @Override
    public Optional<Version> installedVersion(Node node) {
        return install.installedVersion(node);
    }

    @Override
    public void writeConf(Node node, Map<String, String> keys, List<Path> dataDirs) {
        install.writeConf(node, keys, dataDirs);
    }

    @Override
    public List<String> dataFiles(Node node, List<Path> dirs) {
        return install.dataFiles(node, dirs);
    }

    @Override
    public List<Integer> openPorts(Node node, String host, List<Integer> ports) {
        return install.openPorts(node, host, ports);
    }

    @Override
    public Optional<Version> reportedVersion(Node node) {
        if (!node.role().isMetaService()) {
            return Optional.empty();
        }
        ExecResult result = transport(node)
                .exec(Command.of(path(node, "bin/" + flavor.startScript(node.role())), "--version")
                        .inDirectory(node.home())
                        .withTimeout(commandTimeout));
        try {
            return result.succeeded() ? Optional.of(Version.parse(result.stdout())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean hasBackup(Node node, String stamp) {
        return transport(node).exists(node.home().resolve("bin_backup_" + stamp))
                || transport(node).exists(node.home().resolve("lib_backup_" + stamp));
    }

    @Override
    public void backup(Node node, String stamp) {
        run(
                node,
                "backup",
                HostScripts.BACKUP,
                "Check the node's home directory; the backup keeps the old bin/ and lib/ beside the new ones.",
                stamp,
                node.home().toString());
    }

    @Override
    public void deploy(Node node, String stamp) {
        run(
                node,
                "deploy",
                HostScripts.DEPLOY,
                "Stage the package again (resume does) or restore the backup with rollback.",
                stagedDir(node, stamp));
    }

    @Override
    public boolean restore(Node node, String stamp) {
        if (!hasBackup(node, stamp)) {
            return false;
        }
        run(
                node,
                "restore",
                HostScripts.RESTORE,
                "Move the backup directories back by hand: they are beside bin/ and lib/.",
                stamp,
                stagedDir(node, stamp));
        return true;
    }

    @Override
    public void setAsideStorage(Node node, String stamp) {
        // storage_root_path = /a;/b,medium:SSD ... with ${DORIS_HOME}/${STARROCKS_HOME}; default <home>/storage.
        run(
                node,
                "set-aside-storage",
                HostScripts.SET_ASIDE_STORAGE,
                "Move the storage directories aside by hand (they are named in be.conf storage_root_path).",
                stamp,
                node.home().resolve(flavor.confFile(node.role())).toString(),
                node.home().toString());
    }

    @Override
    public void stage(Node node, PackageInfo pkg, String stamp) {
        Path onHost = packages.copyOn(
                node,
                pkg,
                node.home()
                        .resolve(
                                ".dorisops/packages/" + stamp + "-" + pkg.file().getFileName()));
        String component = pkg.topDir() + "/" + flavor.packageComponentDir(node.role());
        packages.stage(node, pkg, onHost, stagedDir(node, stamp), stamp, component);
    }

    @Override
    public void pruneStaged(Node node, int keep) {
        // Package files are named <stamp>-<file>, so name order is time order.
        sh(node, HostScripts.PRUNE_STAGED, Integer.toString(keep + 1));
    }

    @Override
    public Optional<String> claim(Node node, String runId, String holder, String takeOver) {
        // noclobber makes the create atomic: of two operators claiming at once, one wins.
        ExecResult result = sh(node, HostScripts.CLAIM, runId, holder, takeOver);
        if (result.succeeded()) {
            return Optional.empty();
        }
        if (result.exitCode() == 3) {
            return Optional.of(result.stdout().strip());
        }
        throw new DorisOpsException(node.label() + ": cannot write the run marker " + markerLocation(node) + ": "
                + oneLine(result.tail(3)));
    }

    @Override
    public void release(Node node, String runId) {
        sh(node, HostScripts.RELEASE, runId);
    }

    @Override
    public String markerLocation(Node node) {
        return node.home().resolve(".dorisops/run.lock") + " on " + node.host();
    }

    @Override
    public long freeKilobytes(Node node) {
        ExecResult result = sh(node, HostScripts.FREE_KILOBYTES, node.home().toString());
        String out = result.stdout().strip();
        if (!result.succeeded() || !out.matches("\\d+")) {
            throw new DorisOpsException(
                    node.label() + ": cannot read free disk space with df: " + oneLine(result.tail(3)));
        }
        return Long.parseLong(out);
    }

    @Override
    public String logTail(Node node) {
        StringBuilder text = new StringBuilder();
        for (String log : List.of(flavor.mainLog(node.role()), flavor.outLog(node.role()))) {
            Path file = node.home().resolve(log);
            if (!transport(node).exists(file)) {
                continue;
            }
            String tail = transport(node).read(file, 2048).strip();
            if (!tail.isEmpty()) {
                String[] lines = tail.split("\n");
                text.append("last lines of ").append(file).append(":\n");
                for (int i = Math.max(0, lines.length - 8); i < lines.length; i++) {
                    text.append("  | ").append(lines[i]).append('\n');
                }
                break;
            }
        }
        return text.toString().stripTrailing();
    }

    private String stagedDir(Node node, String stamp) {
        return path(node, ".dorisops/staged/" + stamp);
    }

    private void run(Node node, String step, String script, String next, String... args) {
        ExecResult result = sh(node, script, args);
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    step,
                    DorisOpsException.message(node.label(), step + " failed", "", oneLine(result.tail(5)), next));
        }
    }

    private ExecResult sh(Node node, String script, String... args) {
        return transport(node)
                .exec(Command.script(script, args).inDirectory(node.home()).withTimeout(commandTimeout));
    }

    private Transport transport(Node node) {
        return transports.apply(node);
    }

    private static String path(Node node, String relative) {
        return node.home().resolve(relative).toString();
    }

    private static String oneLine(String text) {
        return text.isBlank() ? "no output" : text.replace('\n', ' ').strip();
    }
}
