package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dorisops.internal.transport.ProcessTrees;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTransportTest {

    private final LocalTransport local = LocalTransport.builder()
            .host("node-a")
            .killGrace(Duration.ofMillis(300))
            .build();

    @TempDir
    Path dir;

    @Test
    void returnsExitCodeStdoutAndStderr() {
        ExecResult result = local.exec(Command.shell("echo out; echo err >&2; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.truncated()).isFalse();
        assertThat(result.duration()).isPositive();
    }

    @Test
    void streamsAnInputOfAnySizeThroughACommandIntoAnOutputIntact() throws Exception {
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        InputStream input = new InputStream() {
            private final long total = 24L * chunk.length;
            private long position;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position == total) {
                    return -1;
                }
                int from = (int) (position % chunk.length);
                int n = (int) Math.min(Math.min(length, total - position), chunk.length - from);
                System.arraycopy(chunk, from, buffer, offset, n);
                sent.update(buffer, offset, n);
                position += n;
                return n;
            }
        };

        ExecResult result = local.exec(
                Command.shell("cat; echo done >&2"),
                input,
                new DigestOutputStream(OutputStream.nullOutputStream(), received));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("done\n");
        assertThat(received.digest()).isEqualTo(sent.digest());
    }

    @Test
    void anOutputThatFailsStopsAStreamingCommandAtOnceNamingTheHost() {
        OutputStream breaks = new OutputStream() {
            private long written;

            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                written += length;
                if (written > 1 << 20) {
                    throw new IOException("connection reset");
                }
            }
        };

        // Unstopped, the command would fill the pipe and block until its timeout.
        assertThatThrownBy(() -> local.exec(
                        Command.of("cat", "/dev/zero").withTimeout(Duration.ofMinutes(5)),
                        InputStream.nullInputStream(),
                        breaks))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("node-a: `cat /dev/zero` was stopped: writing its output failed after")
                .hasMessageContaining("connection reset")
                .hasMessageNotContaining("did not finish");
    }

    @Test
    void anInputThatFailsFailsTheStreamingCommandEvenWhenItExitsZero() {
        InputStream breaks = new InputStream() {
            private boolean sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (sent) {
                    throw new IOException("source host gone");
                }
                sent = true;
                buffer[offset] = 'x';
                return 1;
            }
        };

        assertThatThrownBy(() -> local.exec(Command.of("cat"), breaks, OutputStream.nullOutputStream()))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("node-a: `cat` ")
                .hasMessageContaining("reading its input failed after 1 bytes: source host gone");
    }

    @Test
    void passesEnvironmentAndWorkingDirectory() throws Exception {
        ExecResult result = local.exec(Command.shell("echo \"$GREETING\"; pwd")
                .withEnv("GREETING", "hello world")
                .inDirectory(dir));

        assertThat(result.stdout()).isEqualTo("hello world\n" + dir.toRealPath() + "\n");
    }

    @Test
    void boundsTheOutputOfAChattyProcess() {
        LocalTransport small = LocalTransport.builder().captureBytes(1024).build();

        ExecResult result =
                small.exec(Command.shell("echo BEGIN; head -c 20000000 /dev/zero | tr '\\0' a; echo; echo END"));

        assertThat(result.truncated()).isTrue();
        assertThat(result.stdout()).startsWith("BEGIN\n").endsWith("\nEND\n").contains("[... output truncated ...]");
        assertThat(result.stdout().length()).isLessThan(2 * 1024 + 100);
    }

    @Test
    void killsAProcessThatIgnoresSigtermOnTimeout() throws Exception {
        Path pidFile = dir.resolve("pid");
        Command stubborn = Command.shell("trap '' TERM; echo $$ > " + pidFile + "; exec sleep 600")
                .withTimeout(Duration.ofMillis(500));

        TransportException e = catchThrowableOfType(() -> local.exec(stubborn), TransportException.class);

        assertThat(e.host()).isEqualTo("node-a");
        assertThat(e.getMessage())
                .startsWith("node-a: `/bin/sh -c trap '' TERM; echo $$ > " + pidFile)
                .contains("did not finish within 500ms")
                .contains("process tree");
        assertGone(pid(pidFile));
    }

    @Test
    void killsAProcessAndTheChildrenItSpawnedOnTimeout() throws Exception {
        Path parent = dir.resolve("parent");
        Path child = dir.resolve("child");
        Path stubbornChild = dir.resolve("stubborn-child");
        Command spawner = Command.shell(
                        "sleep 600 & echo $! > " + child + "; (trap '' TERM; exec sleep 600) & echo $! > "
                                + stubbornChild + "; echo $$ > " + parent + "; wait")
                .withTimeout(Duration.ofMillis(500));

        assertThatThrownBy(() -> local.exec(spawner)).isInstanceOf(TransportException.class);

        assertGone(pid(parent));
        assertGone(pid(child));
        assertGone(pid(stubbornChild));
    }

    @Test
    void returnsPromptlyWhenADaemonChildHoldsThePipesAndLeavesItRunning() throws Exception {
        Path sleeperFile = dir.resolve("sleeper");
        Command daemonStart = Command.shell("sleep 600 & echo $! > " + sleeperFile + "; echo started")
                .withTimeout(Duration.ofSeconds(60));
        long sleeper = -1;
        try {
            ExecResult result = local.exec(daemonStart);
            sleeper = pid(sleeperFile);

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("started\n");
            // The daemon sleeps 600 s: an exec that waited for it would end at the 60 s timeout.
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(30));
            assertThat(ProcessHandle.of(sleeper).map(ProcessTrees::alive)).contains(true);
        } finally {
            ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertGone(sleeper);
    }

    @Test
    void aMissingProgramIsATransportExceptionNamingIt() {
        assertThatThrownBy(() -> local.exec(Command.of("/no/such/program", "--flag")))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("node-a: cannot run `/no/such/program --flag`");
    }

    @Test
    void runAsGoesThroughSudoNonInteractively() {
        Command asDoris = Command.of("id", "-un").asUser("doris");
        boolean hasSudo =
                Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "sudo")));
        if (hasSudo) {
            ExecResult result = local.exec(asDoris);
            assertThat(result.succeeded() ? result.stdout() : result.stderr()).containsAnyOf("doris", "sudo");
        } else {
            assertThatThrownBy(() -> local.exec(asDoris)).hasMessageContaining("Cannot run program \"sudo\"");
        }
    }

    @Test
    void uploadsADirectoryTreeAtomicallyWithProgress() throws Exception {
        Path source = dir.resolve("pkg");
        Files.createDirectories(source.resolve("bin"));
        Files.writeString(source.resolve("bin/start_be.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(source.resolve("bin/start_be.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(source.resolve("lib.bin"), new byte[300_000]);
        Path target = dir.resolve("deploy/be");
        List<Long> progress = new ArrayList<>();
        List<Boolean> targetVisibleDuringCopy = new ArrayList<>();
        List<Long> totals = new ArrayList<>();

        local.upload(source, target, (path, done, total) -> {
            progress.add(done);
            targetVisibleDuringCopy.add(Files.exists(target));
            totals.add(total);
        });

        assertThat(targetVisibleDuringCopy).isNotEmpty().containsOnly(false);
        assertThat(totals).containsOnly(300_018L);
        assertThat(progress).isSorted().last().isEqualTo(300_018L);
        assertThat(Files.readString(target.resolve("bin/start_be.sh"))).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(Files.isExecutable(target.resolve("bin/start_be.sh"))).isTrue();
        assertThat(Files.size(target.resolve("lib.bin"))).isEqualTo(300_000);
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertThat(siblings).containsExactly(target);
        }
    }

    @Test
    void uploadReplacesAFileAtomically() throws Exception {
        Path source = Files.writeString(dir.resolve("new.conf"), "new");
        Path target = Files.writeString(dir.resolve("be.conf"), "old");

        local.upload(source, target);

        assertThat(Files.readString(target)).isEqualTo("new");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(source, target);
        }
    }

    @Test
    void uploadRefusesToReplaceADirectoryAndLeavesNothingBehind() throws Exception {
        Path source = Files.createDirectories(dir.resolve("src"));
        Path target = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(target.resolve("keep"), "x");

        assertThatThrownBy(() -> local.upload(source, target))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("existing directory");
        assertThat(Files.readString(target.resolve("keep"))).isEqualTo("x");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(source, target);
        }
    }

    @Test
    void readReturnsTheTailOfAFile() throws Exception {
        Path log = Files.writeString(dir.resolve("be.INFO"), "line 1\nline 2\nline 3\n");

        assertThat(local.read(log, 7)).isEqualTo("line 3\n");
        assertThat(local.read(log, 1000)).isEqualTo("line 1\nline 2\nline 3\n");
        assertThatThrownBy(() -> local.read(dir.resolve("missing.log"), 10))
                .isInstanceOf(TransportException.class)
                .hasMessage("node-a: cannot read " + dir.resolve("missing.log") + ": no such file");
    }

    @Test
    void existsSeesFilesAndDirectories() throws Exception {
        assertThat(local.exists(dir)).isTrue();
        assertThat(local.exists(dir.resolve("nope"))).isFalse();
    }

    @Test
    void aClosedTransportRefusesWork() {
        local.close();

        assertThatThrownBy(() -> local.exec(Command.of("true")))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aDaemonGetsOnlyThePassedVariablesNeverASecret() throws Exception {
        LocalTransport scrubbed = LocalTransport.builder()
                .parentEnvironment(Map.of(
                        "PATH", System.getenv("PATH"),
                        "JAVA_HOME", "/opt/jdk",
                        "LC_ALL", "C.UTF-8",
                        "DORIS_PW", "s3cret",
                        "AWS_SECRET_ACCESS_KEY", "k3y",
                        "EXTRA", "yes"))
                .passVariables(Set.of("EXTRA"))
                .secretVariables(Set.of("EXTRA_SECRET"))
                .build();

        long daemon = Long.parseLong(scrubbed.exec(
                        Command.shell("sleep 60 >/dev/null 2>&1 & echo $!").withEnv("SET_BY_COMMAND", "1"))
                .stdout()
                .strip());
        try {
            // Read while the shell's child execs, /proc/<pid>/environ can be empty for a moment.
            Map<String, String> environ = Wait.until("the daemon's environment", "readable", () -> environ(daemon))
                    .succeedsWhen(read -> read.containsKey("PATH"))
                    .timeout(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .build()
                    .await();
            assertThat(environ).doesNotContainKeys("DORIS_PW", "AWS_SECRET_ACCESS_KEY");
            assertThat(environ)
                    .containsEntry("JAVA_HOME", "/opt/jdk")
                    .containsEntry("LC_ALL", "C.UTF-8")
                    .containsEntry("EXTRA", "yes")
                    .containsEntry("SET_BY_COMMAND", "1")
                    .containsKey("PATH");
        } finally {
            ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aSecretVariableIsNeverPassedEvenWhenListed() {
        LocalTransport scrubbed = LocalTransport.builder()
                .parentEnvironment(Map.of("JAVA_HOME", "/opt/jdk", "LC_PW", "x", "PATH", "/bin:/usr/bin"))
                .secretVariables(Set.of("JAVA_HOME", "LC_PW"))
                .build();

        assertThat(scrubbed.exec(Command.shell("env")).stdout())
                .doesNotContain("JAVA_HOME")
                .doesNotContain("LC_PW")
                .contains("PATH=/bin:/usr/bin");
    }

    @Test
    void aDaemonStartedForATopologyDoesNotInheritItsSqlPassword() throws Exception {
        // The test JVM's own environment cannot be set: a child JVM gets DORIS_PW and starts the daemon.
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder child = new ProcessBuilder(
                        javaBinary.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EnvLeakMain.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        child.environment().put("DORIS_PW", "s3cret-in-parent");
        child.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = child.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        long daemon = Long.parseLong(out.strip());
        try {
            Map<String, String> environ = environ(daemon);
            assertThat(environ).doesNotContainKey("DORIS_PW").containsKey("JAVA_HOME");
            assertThat(String.join("\n", environ.values())).doesNotContain("s3cret-in-parent");
        } finally {
            ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static Map<String, String> environ(long pid) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> environ = new java.util.HashMap<>();
        for (String entry : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environ.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return environ;
    }

    private static long pid(Path file) throws Exception {
        // core's tests cannot use the testkit's Await (the testkit depends on core): Wait itself, as Await does
        Wait.until("pid file " + file, "written", () -> Files.exists(file) && readable(file))
                .timeout(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .build()
                .await();
        return Long.parseLong(Files.readString(file).trim());
    }

    private static boolean readable(Path file) {
        try {
            return !Files.readString(file).isBlank();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void assertGone(long pid) {
        Wait.until("process " + pid, "gone", () -> ProcessHandle.of(pid)
                        .map(p -> !ProcessTrees.alive(p))
                        .orElse(true))
                .timeout(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .build()
                .await();
    }
}
