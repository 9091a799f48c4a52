package io.dorisops.internal.fecheck;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.internal.host.HostScripts;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The shell mechanics of the FE metadata compatibility check on one host, each a constant script
 * whose values arrive as positional parameters ({@link Command#script}). Reads of the live meta dir
 * are {@code du}/{@code tar -c}/{@code test -r} only, and nothing is ever written on the master's host:
 * across hosts the copy is streamed ({@link #streamMeta}). A copy is made in {@code <copy>.partial} and
 * renamed into place only when both ends of the copy succeeded, so a half copy is never used. Every
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
     * Room for the copy, checked before anything is written, where it goes: the meta dir's size, plus
     * {@link #ROOM_MARGIN_PERCENT}% and {@link #ROOM_MARGIN_KB} for the test FE's own writes. Nothing is
     * written on the master's host (a copy across hosts is streamed), so the check never fills its disk.
     */
    static List<String> roomProblems(
            FrontendCheckHost source, Node master, Path meta, FrontendCheckHost target, Path scratch) {
        long size = source.sizeKilobytes(meta);
        if (size < 0) {
            return List.of("master " + master.label() + ": cannot read the size of " + meta + " (du)");
        }
        long need = size + size * ROOM_MARGIN_PERCENT / 100 + ROOM_MARGIN_KB;
        String here = target.roomProblem(scratch, need, "the copy of the master's meta dir");
        return here.isEmpty() ? List.of() : List.of(here);
    }

    /** Why this host's transport cannot stream a command's input or output (tried with {@code true}), or empty. */
    String streamProblem() {
        try {
            ExecResult result = transport.exec(
                    Command.of("true").withTimeout(timeout),
                    InputStream.nullInputStream(),
                    OutputStream.nullOutputStream());
            return result.succeeded() ? "" : host() + ": a streamed `true` exited " + result.exitCode();
        } catch (DorisOpsException e) {
            return e.getMessage() + "; the meta copy across hosts is streamed";
        }
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

    /**
     * Copies a meta dir on this host into {@code copy} (streamed {@code tar c | tar x}, private), reading
     * the source only. The reading tar's exit is kept in a file beside the copy, since a pipeline's status
     * is its last command's: a read that failed midway fails the copy; one that saw files change is
     * {@linkplain #CHANGED_WHILE_READ kept}.
     */
    void copyMetaHere(Path meta, Path copy) {
        run(
                "copy the master's meta dir",
                "umask 077; p=\"$2.partial\"; mkdir -p \"$p\" || exit 1; "
                        + "{ tar -cf - -C \"$1\" .; echo $? > \"$p.read-exit\"; } | "
                        + "tar -xf - -C \"$p\" --no-same-owner --no-same-permissions; x=$?; "
                        + "r=$(cat \"$p.read-exit\" 2>/dev/null); rm -f -- \"$p.read-exit\"; "
                        + "if [ \"$r\" != 0 ] && [ \"$r\" != " + CHANGED_WHILE_READ
                        + " ]; then echo \"reading $1 failed (tar exit $r)\" >&2; "
                        + "rm -rf -- \"$p\"; exit 1; fi; "
                        + "if [ $x != 0 ]; then rm -rf -- \"$p\"; exit 1; fi; "
                        + PLACE,
                meta.toString(),
                copy.toString());
    }

    /**
     * GNU tar's exit when creating an archive in which some files changed as they were read ("file
     * changed as we read it"; fatal errors exit 2): the normal case for a live master, whose BDB JE
     * log grows as it is copied and whose {@code catalog}/image files are replaced by rename. The copy
     * is kept: BDB JE's recovery drops a torn last log entry, and whether the test FE loads the copy is
     * what the check decides.
     */
    static final int CHANGED_WHILE_READ = 1;

    /**
     * Makes {@code $2.partial} private and renames it to {@code $2} (replacing the package's empty meta
     * dir, never a full one).
     */
    private static final String PLACE = "chmod -R go-rwx \"$2.partial\" && "
            + "{ [ ! -d \"$2\" ] || rmdir -- \"$2\"; } && mv -- \"$2.partial\" \"$2\"";

    /**
     * Streams a meta dir of {@code source}, another host, into {@code copy} on {@code target}: {@code tar
     * -cf -} there piped through this machine (an OS pipe: bounded memory, nothing held whole) into
     * {@code tar -xf -} here, into {@code <copy>.partial}, renamed to {@code copy} only when both ends
     * succeeded. Nothing is written on the source host. When either end fails the partial copy is removed
     * and the failure names the host, what failed and that the check did not run on a half copy.
     *
     * @param who the source for messages, e.g. {@code master fe-1 (10.0.0.11)}
     */
    static void streamMeta(FrontendCheckHost source, String who, Path meta, FrontendCheckHost target, Path copy) {
        Path partial = Path.of(copy + ".partial");
        Pipe pipe;
        try {
            pipe = Pipe.open();
        } catch (IOException e) {
            throw new DorisOpsException("cannot open a pipe on this machine for the meta copy: " + e.getMessage(), e);
        }
        CompletableFuture<ExecResult> received = new CompletableFuture<>();
        Thread receiver = new Thread(
                () -> {
                    // Closing the pipe when the receiving end is done stops a sender nobody reads any more.
                    try (InputStream in = Channels.newInputStream(pipe.source())) {
                        received.complete(target.transport.exec(
                                Command.script(
                                                "umask 077 && mkdir -p \"$1\" && tar -xf - -C \"$1\" "
                                                        + "--no-same-owner --no-same-permissions",
                                                partial.toString())
                                        .withTimeout(target.timeout),
                                in,
                                OutputStream.nullOutputStream()));
                    } catch (IOException | RuntimeException e) {
                        received.completeExceptionally(e);
                    }
                },
                "dorisops-fe-check-meta-" + target.host());
        receiver.setDaemon(true);
        receiver.start();
        OutputStream out = Channels.newOutputStream(pipe.sink());
        String sent;
        try {
            ExecResult result = source.transport.exec(
                    Command.of("tar", "-cf", "-", "-C", meta.toString(), ".").withTimeout(source.timeout),
                    InputStream.nullInputStream(),
                    out);
            sent = result.succeeded() || result.exitCode() == CHANGED_WHILE_READ
                    ? ""
                    : "tar exit " + result.exitCode() + ": " + oneLine(result.tail(3));
        } catch (DorisOpsException e) {
            sent = e.getMessage();
        }
        // The receiving end can only end before the sending one when it failed on its own: then it is to blame.
        boolean receiverFirst = received.isDone();
        try {
            out.close();
        } catch (IOException e) {
            sent = sent.isEmpty() ? "ending the stream failed: " + e.getMessage() : sent;
        }
        String unpacked;
        try {
            ExecResult result = received.join();
            unpacked = result.succeeded() ? "" : "tar exit " + result.exitCode() + ": " + oneLine(result.tail(3));
        } catch (CompletionException e) {
            unpacked = e.getCause().getMessage();
        }
        if (sent.isEmpty() && unpacked.isEmpty()) {
            target.run("place the meta copy", PLACE, partial.toString(), copy.toString());
            return;
        }
        target.sh("rm -rf -- \"$1\"", partial.toString());
        throw new DorisOpsException(
                sent.isEmpty() || (receiverFirst && !unpacked.isEmpty())
                        ? target.host() + ": unpacking the meta copy streamed from " + who + " failed: " + unpacked
                                + "; the partial copy was removed, the check did not run"
                        : who + ": streaming the meta dir " + meta + " to " + target.host() + " failed: " + sent
                                + "; the partial copy on " + target.host() + " was removed, the check did not"
                                + " run on it. Check the master's host and retry");
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').strip();
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

    /** Removes the meta copy from a kept scratch home (the logs and fe.conf stay), only under its marker. */
    void removeCopy(Path scratch, Path copy) {
        run(
                "remove the meta copy",
                "if [ -f \"$1/" + MARKER
                        + "\" ]; then case \"$2\" in \"$1\"/*) rm -rf -- \"$2\" \"$2.partial\";; esac; fi",
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
