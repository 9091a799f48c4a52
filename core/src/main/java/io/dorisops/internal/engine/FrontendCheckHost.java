package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shell mechanics of the FE metadata compatibility check on one host, each a constant script
 * whose values arrive as positional parameters ({@link Command#script}). Reads of the live meta dir
 * are {@code tar -c}/{@code test -r} only: nothing here writes under a live home except the copy's
 * own temporary tarball under {@code <master home>/.dorisops/} when the copy crosses hosts.
 */
final class FrontendCheckHost {

    /** The file that marks a scratch home as the check's own, so only such a directory is ever removed. */
    static final String MARKER = ".dorisops-fe-check";

    private final Transport transport;
    private final Duration timeout;

    FrontendCheckHost(Transport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    String host() {
        return transport.host();
    }

    Transport transport() {
        return transport;
    }

    /** Every TCP port listening on the host now, from {@code /proc/net/tcp} and {@code tcp6}. */
    Set<Integer> listeningPorts() {
        ExecResult result = sh("for f in /proc/net/tcp /proc/net/tcp6; do [ -r \"$f\" ] || continue; "
                + "awk 'NR>1 && $4==\"0A\" {n=split($2,a,\":\"); print a[n]}' \"$f\"; done | sort -u | "
                + "while read -r h; do printf '%d\\n' \"0x$h\"; done");
        if (!result.succeeded()) {
            throw new DorisOpsException(host() + ": cannot list the listening ports (/proc/net/tcp): " + result.tail(3)
                    + "; the check must see them to choose free ones");
        }
        Set<Integer> ports = new TreeSet<>();
        for (String line : result.stdout().split("\n")) {
            if (line.strip().matches("\\d{1,5}")) {
                ports.add(Integer.parseInt(line.strip()));
            }
        }
        return ports;
    }

    /** Why the live meta dir cannot be copied (missing, unreadable, no {@code image/VERSION}), or empty. */
    String metaProblem(Path meta) {
        ExecResult result = sh(
                "if [ ! -d \"$1\" ]; then echo \"$1 does not exist or is not a directory\"; exit 0; fi; "
                        + "if [ ! -r \"$1\" ] || [ ! -x \"$1\" ]; then echo \"$1 is not readable\"; exit 0; fi; "
                        + "if [ ! -r \"$1/image/VERSION\" ]; then echo \"$1/image/VERSION is missing or unreadable\"; "
                        + "exit 0; fi; u=$(find \"$1\" ! -readable 2>/dev/null | head -n 3); "
                        + "if [ -n \"$u\" ]; then echo \"unreadable under $1: $u\"; fi",
                meta.toString());
        return result.succeeded() ? result.stdout().strip() : "cannot inspect " + meta + ": " + result.tail(3);
    }

    /** Why the scratch home cannot be used (exists and not empty), or empty. */
    String scratchProblem(Path scratch) {
        ExecResult result = sh(
                "if [ -e \"$1\" ] && [ -n \"$(ls -A \"$1\" 2>/dev/null)\" ]; then "
                        + "echo \"$1 exists and is not empty\"; fi",
                scratch.toString());
        return result.stdout().strip();
    }

    /**
     * Creates the scratch home with its marker and extracts the package's {@code <top>/fe} into {@code fe/},
     * checked as a staging is ({@link HostScripts#CHECKED_UNPACK}).
     */
    void install(Path scratch, Path packageOnHost, String topDir) {
        run(
                "install the test FE",
                HostScripts.CHECKED_UNPACK + "mkdir -p \"$1/fe\" && : > \"$1/" + MARKER + "\" && "
                        + "( cd \"$1/fe\" && unpack \"$2\" \"$3/fe\" ) && "
                        + "mkdir -p \"$1/fe/log\" \"$1/fe/conf\"",
                scratch.toString(),
                packageOnHost.toString(),
                topDir);
    }

    /** Copies a meta dir on this host into {@code target}, reading the source only. */
    void copyMetaHere(Path meta, Path target) {
        run(
                "copy the master's meta dir",
                "mkdir -p \"$2\" && tar -cf - -C \"$1\" . | tar -xf - -C \"$2\"",
                meta.toString(),
                target.toString());
    }

    /** Packs a meta dir on this host into a tarball (its parent created), reading the source only. */
    void packMeta(Path meta, Path tarball) {
        run(
                "pack the master's meta dir",
                "mkdir -p \"$(dirname \"$2\")\" && tar -czf \"$2\" -C \"$1\" .",
                meta.toString(),
                tarball.toString());
    }

    /** Extracts a packed meta dir into {@code target}. */
    void unpackMeta(Path tarball, Path target) {
        run(
                "unpack the meta copy",
                "mkdir -p \"$2\" && tar -xzf \"$1\" -C \"$2\" --no-same-owner",
                tarball.toString(),
                target.toString());
    }

    /** Sets {@code clusterId=} in the copy's {@code image/VERSION} (Java properties), keeping the rest. */
    void rewriteClusterId(Path versionFile, int clusterId) {
        run(
                "rewrite the copy's image/VERSION",
                "awk -v id=\"$2\" 'BEGIN{done=0} /^clusterId=/ {print \"clusterId=\" id; done=1; next} {print} "
                        + "END{if(!done) print \"clusterId=\" id}' \"$1\" > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"",
                versionFile.toString(),
                Integer.toString(clusterId));
    }

    /** Writes a text file (the test FE's fe.conf). */
    void write(Path file, String text) {
        run("write " + file.getFileName(), "printf '%s' \"$1\" > \"$2\"", text, file.toString());
    }

    /** Runs the test FE's start script with {@code --daemon} and the version's start option, if any. */
    ExecResult start(Path feHome, List<String> options) {
        List<String> argv = new ArrayList<>();
        argv.add(feHome.resolve("bin/start_fe.sh").toString());
        argv.add("--daemon");
        argv.addAll(options);
        return transport.exec(Command.of(argv).inDirectory(feHome).withTimeout(timeout));
    }

    /** The pid in the test FE's {@code bin/fe.pid} when that process lives, else empty. */
    String livePid(Path feHome) {
        return sh(
                        "p=$(cat \"$1\" 2>/dev/null | tr -dc 0-9); if [ -n \"$p\" ] && kill -0 \"$p\" 2>/dev/null; then "
                                + "echo \"$p\"; fi",
                        feHome.resolve("bin/fe.pid").toString())
                .stdout()
                .strip();
    }

    /** Stops the test FE with its stop script, then SIGKILL after 10 s if it still lives; waits until gone. */
    void stop(Path feHome) {
        String pid = livePid(feHome);
        if (pid.isEmpty()) {
            return;
        }
        transport.exec(Command.of(feHome.resolve("bin/stop_fe.sh").toString())
                .inDirectory(feHome)
                .withTimeout(Duration.ofSeconds(30)));
        sh(
                "i=0; while kill -0 \"$1\" 2>/dev/null; do i=$((i+1)); if [ $i -gt 100 ]; then kill -9 \"$1\"; fi; "
                        + "if [ $i -gt 200 ]; then exit 1; fi; sleep 0.1; done",
                pid);
    }

    /** Reads the tail of a file of the test FE, empty when it is not there. */
    String tail(Path file, int bytes) {
        return transport.exists(file) ? transport.read(file, bytes) : "";
    }

    /** Removes a scratch home, only when it carries the check's marker. */
    void remove(Path scratch) {
        run(
                "remove the scratch copy",
                "if [ -f \"$1/" + MARKER + "\" ]; then rm -rf -- \"$1\"; else echo \"$1 has no " + MARKER
                        + " marker: not removed\" >&2; exit 2; fi",
                scratch.toString());
    }

    /** Removes one file the check made (the meta tarball). */
    void removeFile(Path file) {
        sh("rm -f -- \"$1\"", file.toString());
    }

    private void run(String what, String script, String... args) {
        ExecResult result = sh(script, args);
        if (!result.succeeded()) {
            throw new DorisOpsException(host() + ": " + what + " failed: "
                    + result.tail(5).replace('\n', ' ').strip());
        }
    }

    private ExecResult sh(String script, String... args) {
        return transport.exec(Command.script(script, args).withTimeout(timeout));
    }
}
