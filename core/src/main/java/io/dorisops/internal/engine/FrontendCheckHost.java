package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shell mechanics of the FE metadata compatibility check on one host, each a constant script
 * whose values arrive as positional parameters ({@link Command#script}). Reads of the live meta dir
 * are {@code du}/{@code tar -c}/{@code test -r} only: nothing here writes under a live home except the
 * copy's own temporary tarball in a private directory under {@code <master home>/.dorisops/} when the
 * copy crosses hosts, made only after the room for it was checked and removed in every outcome. Every
 * directory the check makes is {@code 0700} and every file of the copy {@code 0600}: the copy holds the
 * cluster's metadata (users, password hashes); fe.conf travels as a file, never as an argument.
 */
final class FrontendCheckHost {

    /** The file that marks a scratch home as the check's own, so only such a directory is ever removed. */
    static final String MARKER = ".dorisops-fe-check";

    private final Transport transport;
    private final Duration timeout;

    /** The room the copy needs beyond the meta dir's size: this share of it, and this many kilobytes. */
    private static final long ROOM_MARGIN_PERCENT = 20;

    private static final long ROOM_MARGIN_KB = 64 * 1024;

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

    /** Kilobytes a directory holds ({@code du -sk}), or -1 when it cannot be read. */
    long sizeKilobytes(Path dir) {
        String out = sh("du -sk \"$1\" 2>/dev/null | awk '{print $1}'", dir.toString())
                .stdout()
                .strip();
        return out.matches("\\d{1,18}") ? Long.parseLong(out) : -1;
    }

    /** Free kilobytes of the file system {@code dir} is (or, not made yet, would be) on, or -1 when unknown. */
    long freeKilobytes(Path dir) {
        String out = sh(
                        "d=\"$1\"; while [ ! -d \"$d\" ]; do d=$(dirname \"$d\"); done; "
                                + "df -Pk \"$d\" | awk 'NR==2{print $4}'",
                        dir.toString())
                .stdout()
                .strip();
        return out.matches("\\d{1,18}") ? Long.parseLong(out) : -1;
    }

    /**
     * Why {@code needKilobytes} do not fit under {@code dir} on this host (naming the host, the path, the
     * need and what is free), or empty.
     */
    String roomProblem(Path dir, long needKilobytes, String what) {
        long free = freeKilobytes(dir);
        if (free < 0) {
            return "cannot read the free space at " + dir + " on " + host() + " (df); the check must know it";
        }
        if (free >= needKilobytes) {
            return "";
        }
        return "not enough room for " + what + " at " + dir + " on " + host() + ": it needs " + megabytes(needKilobytes)
                + ", the file system has " + megabytes(free) + " free; free space there or choose another"
                + " directory";
    }

    /**
     * Room for the copy, checked before anything is written: where it goes (the meta dir's size, plus
     * {@link #ROOM_MARGIN_PERCENT}% and {@link #ROOM_MARGIN_KB} for the test FE's own writes) and, when it
     * crosses hosts, on the master for its packed form, so the check never fills the master's disk.
     */
    static List<String> roomProblems(
            FrontendCheckHost source, Node master, Path meta, FrontendCheckHost target, Path scratch) {
        long size = source.sizeKilobytes(meta);
        if (size < 0) {
            return List.of("master " + master.label() + ": cannot read the size of " + meta + " (du)");
        }
        long need = size + size * ROOM_MARGIN_PERCENT / 100 + ROOM_MARGIN_KB;
        List<String> problems = new ArrayList<>();
        String here = target.roomProblem(scratch, need, "the copy of the master's meta dir");
        if (!here.isEmpty()) {
            problems.add(here);
        }
        if (!FrontendCheck.sameMachine(master.host(), target.host())) {
            String there = source.roomProblem(master.home().resolve(".dorisops"), need, "the packed meta copy");
            if (!there.isEmpty()) {
                problems.add("master " + master.label() + ": " + there);
            }
        }
        return problems;
    }

    private static String megabytes(long kilobytes) {
        return (kilobytes + 1023) / 1024 + " MB";
    }

    /**
     * Creates the scratch home (0700) with its marker and extracts the package's {@code <top>/fe} into
     * {@code fe/}, checked as a staging is ({@link HostScripts#CHECKED_UNPACK}).
     */
    void install(Path scratch, Path packageOnHost, String topDir) {
        run(
                "install the test FE",
                HostScripts.CHECKED_UNPACK + "umask 077 && mkdir -p \"$1\" && chmod 700 \"$1\" && : > \"$1/"
                        + MARKER + "\" && mkdir -p \"$1/fe\" && ( cd \"$1/fe\" && unpack \"$2\" \"$3/fe\" ) && "
                        + "mkdir -p \"$1/fe/log\" \"$1/fe/conf\"",
                scratch.toString(),
                packageOnHost.toString(),
                topDir);
    }

    /** Copies a meta dir on this host into {@code target} (streamed, private), reading the source only. */
    void copyMetaHere(Path meta, Path target) {
        run(
                "copy the master's meta dir",
                "umask 077 && mkdir -p \"$2\" && tar -cf - -C \"$1\" . | "
                        + "tar -xf - -C \"$2\" --no-same-owner --no-same-permissions && chmod -R go-rwx \"$2\"",
                meta.toString(),
                target.toString());
    }

    /** Packs a meta dir on this host into a tarball (its parent created 0700), reading the source only. */
    void packMeta(Path meta, Path tarball) {
        run(
                "pack the master's meta dir",
                "umask 077 && mkdir -p \"$(dirname \"$2\")\" && chmod 700 \"$(dirname \"$2\")\" && "
                        + "tar -czf \"$2\" -C \"$1\" .",
                meta.toString(),
                tarball.toString());
    }

    /** Extracts a packed meta dir into {@code target}. */
    void unpackMeta(Path tarball, Path target) {
        run(
                "unpack the meta copy",
                "umask 077 && mkdir -p \"$2\" && tar -xzf \"$1\" -C \"$2\" --no-same-owner --no-same-permissions"
                        + " && chmod -R go-rwx \"$2\"",
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

    /**
     * Writes a text file (the test FE's fe.conf), 0600: through a private file on this machine and an
     * upload, never as a command's argument (which {@code ps} shows every user of the host).
     */
    void write(Path file, String text) {
        try {
            Path local = Files.createTempFile("dorisops-fe-check-", ".conf"); // 0600
            try {
                Files.writeString(local, text, StandardCharsets.UTF_8);
                transport.upload(local, file);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot write " + file.getFileName() + " for " + host() + ": " + e.getMessage(), e);
        }
        run("make " + file.getFileName() + " private", "chmod 600 \"$1\"", file.toString());
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

    /** Removes one file the check made (the meta tarball) and its private directory when that is empty. */
    void removeFile(Path file) {
        sh("rm -f -- \"$1\"; rmdir -- \"$(dirname \"$1\")\" 2>/dev/null; true", file.toString());
    }

    /** Removes the meta copy from a kept scratch home (the logs and fe.conf stay), only under its marker. */
    void removeCopy(Path scratch, Path copy) {
        run(
                "remove the meta copy",
                "if [ -f \"$1/" + MARKER + "\" ]; then case \"$2\" in \"$1\"/*) rm -rf -- \"$2\";; esac; fi",
                scratch.toString(),
                copy.toString());
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
