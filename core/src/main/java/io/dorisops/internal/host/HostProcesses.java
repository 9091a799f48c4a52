package io.dorisops.internal.host;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Wait;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.ProcessControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Process control on hosts: the flavor's start and stop scripts in the node's home, its pid file, and
 * its logs read through cursors ({@link LogCursor}) for a failed start or a crash while it runs.
 */
final class HostProcesses implements ProcessControl {

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
    private final HostShell shell;

    /**
     * @param separateRecycler whether the topology has a RECYCLER node ({@link Flavor#startArgs(io.dorisops.Role,
     *     boolean)})
     */
    HostProcesses(Flavor flavor, HostShell shell, boolean separateRecycler) {
        this.flavor = flavor;
        this.shell = shell;
        this.separateRecycler = separateRecycler;
    }

    /** What the node's pid file says: the number, and whether that process lives. */
    record PidState(OptionalLong pid, boolean alive) implements StartMark {}

    /** The pid before a start, and a cursor on the logs for its failure and one for a crash while it runs. */
    private record Mark(PidState pid, LogCursor start, LogCursor crash) implements StartMark {}

    PidState pidState(Node node) {
        ExecResult result = shell.sh(node, HostScripts.PID_STATE, HostShell.path(node, flavor.pidFile(node.role())));
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
                shell.transport(node),
                node,
                List.of(flavor.outLog(node.role()), flavor.mainLog(node.role())),
                shell.commandTimeout());
        return new Mark(pidState(node), logs, logs.copy());
    }

    @Override
    public boolean start(Node node, List<String> args) {
        if (running(node)) {
            return false;
        }
        List<String> argv = new ArrayList<>();
        argv.add(HostShell.path(node, "bin/" + flavor.startScript(node.role())));
        argv.addAll(flavor.startArgs(node.role(), separateRecycler));
        argv.addAll(args);
        ExecResult result = shell.transport(node)
                .exec(Command.of(argv).inDirectory(node.home()).withTimeout(shell.commandTimeout()));
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    "start",
                    DorisOpsException.message(
                            node.label(),
                            "the start script failed",
                            "exit 0 from " + String.join(" ", argv),
                            "exit " + result.exitCode() + ": " + HostShell.oneLine(result.tail(5)),
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
        argv.add(HostShell.path(node, "bin/" + flavor.stopScript(node.role())));
        argv.addAll(flavor.stopArgs(node.role(), graceful));
        ExecResult result = shell.transport(node)
                .exec(Command.of(argv).inDirectory(node.home()).withTimeout(timeout));
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
        return shell.sh(node, HostScripts.PROCESS_ALIVE, Long.toString(pid)).succeeded();
    }

    @Override
    public Optional<String> startFailure(Node node, StartMark mark, Duration sinceStart) {
        Mark before = (Mark) mark;
        PidState now = pidState(node);
        if (now.alive()) {
            return Optional.empty();
        }
        Optional<String> fatal =
                before.start().next(shell.transport(node), node, FATAL_ON_HOST, FATAL, shell.commandTimeout());
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
        return ((Mark) mark).crash().next(shell.transport(node), node, CRASH_ON_HOST, CRASH, shell.commandTimeout());
    }

    @Override
    public String logTail(Node node) {
        StringBuilder text = new StringBuilder();
        for (String log : List.of(flavor.mainLog(node.role()), flavor.outLog(node.role()))) {
            Path file = node.home().resolve(log);
            if (!shell.transport(node).exists(file)) {
                continue;
            }
            String tail = shell.transport(node).read(file, 2048).strip();
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
}
