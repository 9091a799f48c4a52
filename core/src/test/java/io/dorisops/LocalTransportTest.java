package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dorisops.internal.transport.ProcessTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(5));
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
