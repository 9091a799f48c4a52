package io.dorisops.internal.engine;

import static io.dorisops.Command.quote;

import io.dorisops.Command;
import io.dorisops.DorisOpsException;
import io.dorisops.ExecResult;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The shell-level operations on one node, through its transport: is it running, start, stop, back up
 * and swap {@code bin/} and {@code lib/}, stage a package, read its logs. Every value that reaches a
 * shell is quoted with {@link Command#quote}; every operation is idempotent, so a resumed run can
 * repeat the one that was cut short.
 *
 * <p>Data directories ({@code meta_dir}, {@code storage_root_path}) are never named here: only {@code
 * bin}, {@code lib}, their backups and the staging directory under {@code .dorisops/} are moved.
 */
final class NodeControl {

    /** Lines of a log that mean the process failed to start. */
    private static final Pattern FATAL = Pattern.compile(
            "(?m)^.*(\\bFATAL\\b|\\bERROR\\b|Exception in thread|Address already in use|[Ff]ail(ed)? to start).*$");

    /**
     * Shell test: process {@code $p} exists and is not a zombie. A killed daemon whose parent is gone
     * stays a zombie where init does not reap it (some containers); it is not running.
     */
    private static final String LIVE = "[ -r /proc/$p/stat ] && [ \"$(sed 's/.*) //' /proc/$p/stat | cut -c1)\" != Z ]";

    private final Flavor flavor;
    private final Node node;
    private final Transport transport;
    private final Duration commandTimeout;

    NodeControl(Flavor flavor, Node node, Transport transport, Duration commandTimeout) {
        this.flavor = flavor;
        this.node = node;
        this.transport = transport;
        this.commandTimeout = commandTimeout;
    }

    Node node() {
        return node;
    }

    /**
     * What the node's pid file says.
     *
     * @param pid the number in the pid file, empty when there is no file or no number
     * @param alive true when that process is alive
     */
    record PidState(OptionalLong pid, boolean alive) {}

    /** Reads the pid file and whether its process lives, in one command. */
    PidState pidState() {
        String pidFile = home(flavor.pidFile(node.role()));
        ExecResult result = sh("p=$(cat " + quote(pidFile) + " 2>/dev/null | tr -dc 0-9); " + "if [ -n \"$p\" ] && "
                + LIVE + "; then echo \"$p alive\"; else echo \"$p\"; fi");
        String[] parts = result.stdout().strip().split(" ");
        if (parts[0].isEmpty()) {
            return new PidState(OptionalLong.empty(), false);
        }
        return new PidState(OptionalLong.of(Long.parseLong(parts[0])), parts.length > 1);
    }

    /** The pid in the node's pid file when that process is alive. */
    OptionalLong runningPid() {
        PidState state = pidState();
        return state.alive() ? state.pid() : OptionalLong.empty();
    }

    /**
     * Runs the start script with {@code --daemon}.
     *
     * @return false when the node was already running (nothing done)
     */
    boolean start() {
        if (runningPid().isPresent()) {
            return false;
        }
        List<String> argv = new ArrayList<>();
        argv.add(home("bin/" + flavor.startScript(node.role())));
        argv.addAll(flavor.startArgs(node.role()));
        ExecResult result =
                transport.exec(Command.of(argv).inDirectory(node.home()).withTimeout(commandTimeout));
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    "start",
                    DorisOpsException.message(
                            node.label(),
                            "the start script failed",
                            "exit 0 from " + String.join(" ", argv),
                            "exit " + result.exitCode() + ": " + oneLine(result.tail(5)),
                            "Read " + node.home().resolve(flavor.outLog(node.role())) + " on the node.\n" + logTail()));
        }
        return true;
    }

    /**
     * Runs the stop script and waits until the process is gone.
     *
     * @return false when the node was already stopped (nothing done)
     */
    boolean stop(boolean graceful, Duration timeout, Waiter waiter) {
        OptionalLong pid = runningPid();
        if (pid.isEmpty()) {
            return false;
        }
        List<String> argv = new ArrayList<>();
        argv.add(home("bin/" + flavor.stopScript(node.role())));
        argv.addAll(flavor.stopArgs(node.role(), graceful));
        ExecResult result =
                transport.exec(Command.of(argv).inDirectory(node.home()).withTimeout(timeout));
        long stopped = pid.getAsLong();
        waiter.await(
                node.label(),
                "stopped",
                () -> processAlive(stopped),
                alive -> !alive,
                alive -> alive
                        ? "process " + stopped + " still running (stop script exit " + result.exitCode() + ")"
                        : "gone",
                timeout,
                "Stop it by hand (kill " + stopped + ") or run the stop script without graceful mode.");
        return true;
    }

    boolean processAlive(long pid) {
        return sh("p=" + pid + "; " + LIVE).succeeded();
    }

    /**
     * The version the start script reports with {@code --version} (MetaService and Recycler {@code
     * bin/start.sh --version}); empty for roles whose scripts have none, or when it prints no version.
     */
    Optional<io.dorisops.Version> scriptVersion() {
        if (!node.role().isMetaService()) {
            return Optional.empty();
        }
        ExecResult result = transport.exec(Command.of(home("bin/" + flavor.startScript(node.role())), "--version")
                .inDirectory(node.home())
                .withTimeout(commandTimeout));
        try {
            return result.succeeded() ? Optional.of(io.dorisops.Version.parse(result.stdout())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when {@code bin_backup_<stamp>} or {@code lib_backup_<stamp>} exists. */
    boolean hasBackup(String stamp) {
        return transport.exists(node.home().resolve("bin_backup_" + stamp))
                || transport.exists(node.home().resolve("lib_backup_" + stamp));
    }

    /** Moves {@code bin} and {@code lib} to {@code bin_backup_<stamp>}, {@code lib_backup_<stamp>}; done parts are skipped. */
    void backup(String stamp) {
        run(
                "backup",
                "for d in bin lib; do "
                        + "if [ -e \"${d}_backup_" + stamp + "\" ]; then continue; fi; "
                        + "if [ ! -d \"$d\" ]; then echo \"no $d/ in " + home("") + "\" >&2; exit 2; fi; "
                        + "mv \"$d\" \"${d}_backup_" + stamp + "\" || exit 3; done",
                "Check the node's home directory; the backup keeps the old bin/ and lib/ beside the new ones.");
    }

    /** Moves the staged {@code bin} and {@code lib} into place; {@code conf/} and data stay. */
    void deploy(String stamp) {
        String staged = stagedDir(stamp);
        run(
                "deploy",
                "for d in bin lib; do "
                        + "if [ -e \"$d\" ]; then continue; fi; "
                        + "if [ ! -d " + quote(staged) + "/\"$d\" ]; then echo \"nothing staged at " + staged
                        + "/$d\" >&2; exit 2; fi; "
                        + "mv " + quote(staged) + "/\"$d\" \"$d\" || exit 3; done; rmdir " + quote(staged)
                        + " 2>/dev/null; true",
                "Stage the package again (resume does) or restore the backup with rollback.");
    }

    /**
     * Puts {@code bin_backup_<stamp>} and {@code lib_backup_<stamp>} back; the new ones are kept as
     * {@code bin_failed_<stamp>}.
     *
     * @return false when there was no backup to restore (the node was not upgraded)
     */
    boolean restore(String stamp) {
        if (!hasBackup(stamp)) {
            return false;
        }
        run(
                "restore",
                "for d in bin lib; do "
                        + "if [ ! -e \"${d}_backup_" + stamp + "\" ]; then continue; fi; "
                        + "if [ -e \"$d\" ]; then mv \"$d\" \"${d}_failed_" + stamp + "_$(date +%s)\" || exit 3; fi; "
                        + "mv \"${d}_backup_" + stamp + "\" \"$d\" || exit 3; done",
                "Move the backup directories back by hand: they are beside bin/ and lib/.");
        return true;
    }

    /** Extracts the role's {@code bin/} and {@code lib/} from a package already on the host into the staging directory. */
    void stage(Path packageOnHost, String packageTopDir, String stamp) {
        String component = packageTopDir + "/" + flavor.packageComponentDir(node.role());
        String staged = stagedDir(stamp);
        run(
                "stage",
                "if [ -d bin_backup_" + stamp + " ] && [ -d bin ]; then exit 0; fi; "
                        + "if [ -d " + quote(staged) + "/bin ] && [ -d " + quote(staged) + "/lib ]; then exit 0; fi; "
                        + "rm -rf " + quote(staged) + " && mkdir -p " + quote(staged) + " && "
                        + "tar -xzf " + quote(packageOnHost.toString()) + " -C " + quote(staged)
                        + " --strip-components=2 " + quote(component + "/bin") + " " + quote(component + "/lib"),
                "Check that the package holds " + component + "/bin and /lib and that the disk has room.");
    }

    /** Free kilobytes on the file system of the node's home. */
    long freeKilobytes() {
        ExecResult result = sh("df -Pk " + quote(home("")) + " | awk 'NR==2{print $4}'");
        String out = result.stdout().strip();
        if (!result.succeeded() || !out.matches("\\d+")) {
            throw new DorisOpsException(
                    node.label() + ": cannot read free disk space with df: " + oneLine(result.tail(3)));
        }
        return Long.parseLong(out);
    }

    /** The sizes of the out and main logs, to read only what a start adds. */
    long[] logSizes() {
        ExecResult result =
                sh("for f in " + quote(flavor.outLog(node.role())) + " " + quote(flavor.mainLog(node.role()))
                        + "; do if [ -f \"$f\" ]; then wc -c < \"$f\"; else echo 0; fi; done");
        String[] parts = result.stdout().strip().split("\\s+");
        return new long[] {parse(parts, 0), parse(parts, 1)};
    }

    /** The first fatal line the logs gained since {@code sizes}, if any. */
    Optional<String> fatalLineSince(long[] sizes) {
        String added = sh("tail -c +" + (sizes[0] + 1) + " " + quote(flavor.outLog(node.role())) + " 2>/dev/null; "
                        + "tail -c +" + (sizes[1] + 1) + " " + quote(flavor.mainLog(node.role())) + " 2>/dev/null")
                .stdout();
        var matcher = FATAL.matcher(added);
        return matcher.find() ? Optional.of(matcher.group().strip()) : Optional.empty();
    }

    /** The last lines of the node's logs, for messages. */
    String logTail() {
        StringBuilder text = new StringBuilder();
        for (String log : List.of(flavor.mainLog(node.role()), flavor.outLog(node.role()))) {
            Path file = node.home().resolve(log);
            if (!transport.exists(file)) {
                continue;
            }
            String tail = transport.read(file, 2048).strip();
            if (!tail.isEmpty()) {
                String[] lines = tail.split("\n");
                int from = Math.max(0, lines.length - 8);
                text.append("last lines of ").append(file).append(":\n");
                for (int i = from; i < lines.length; i++) {
                    text.append("  | ").append(lines[i]).append('\n');
                }
            }
            if (!text.isEmpty()) {
                break;
            }
        }
        return text.toString().stripTrailing();
    }

    String stagedDir(String stamp) {
        return home(".dorisops/staged/" + stamp);
    }

    private void run(String step, String script, String next) {
        ExecResult result = sh(script);
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    step,
                    DorisOpsException.message(node.label(), step + " failed", "", oneLine(result.tail(5)), next));
        }
    }

    private ExecResult sh(String script) {
        return transport.exec(Command.shell(script).inDirectory(node.home()).withTimeout(commandTimeout));
    }

    private String home(String relative) {
        return relative.isEmpty()
                ? node.home().toString()
                : node.home().resolve(relative).toString();
    }

    private static long parse(String[] parts, int index) {
        return index < parts.length && parts[index].matches("\\d+") ? Long.parseLong(parts[index]) : 0;
    }

    private static String oneLine(String text) {
        return text.isBlank() ? "no output" : text.replace('\n', ' ').strip();
    }
}
