package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.TransportException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.internal.Procs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SshTransportExecTest {
    @RegisterExtension
    final MinaSshServer server = new MinaSshServer();

    @Test
    void sendsNoEnvironmentVariablesOverTheChannelOnlyWhatTheCommandSets() {
        try (SshTransport ssh = server.transport().build()) {
            ExecResult result =
                    ssh.exec(Command.shell("echo \"$ONLY_THIS\"; env").withEnv("ONLY_THIS", "1"));

            assertThat(result.stdout()).startsWith("1\n");
        }
        // No "env" request at all: nothing of this process's environment (secrets included) leaves it;
        // a variable the command sets travels inside the quoted command line.
        assertThat(server.clientEnvironments()).isNotEmpty().allSatisfy(env -> assertThat(env)
                .isEmpty());
    }

    @Test
    void execReturnsExitCodeStdoutAndStderr() {
        try (SshTransport ssh = server.transport().build()) {
            ExecResult result = ssh.exec(Command.shell("echo out; echo err >&2; exit 3"));

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.stdout()).isEqualTo("out\n");
            assertThat(result.stderr()).isEqualTo("err\n");
            assertThat(result.truncated()).isFalse();
            assertThat(ssh.exec(Command.of("true")).succeeded()).isTrue();
        }
    }

    @Test
    void execPassesEveryArgumentUnchangedThroughTheRemoteShell() {
        List<String> awkward = List.of("a b", "it's", "$HOME", "`id`", "*", "semi;colon", "", "new\nline");
        List<String> argv = new ArrayList<>(List.of("printf", "[%s]"));
        argv.addAll(awkward);
        try (SshTransport ssh = server.transport().build()) {
            ExecResult result = ssh.exec(Command.of(argv));

            assertThat(result.stdout()).isEqualTo("[a b][it's][$HOME][`id`][*][semi;colon][][new\nline]");
        }
    }

    @Test
    void execRunsInTheWorkingDirectoryWithTheExtraEnvironment() throws Exception {
        Path work = Files.createDirectories(server.dir().resolve("work dir"));
        try (SshTransport ssh = server.transport().build()) {
            ExecResult result = ssh.exec(
                    Command.shell("pwd; echo \"$GREETING\"").inDirectory(work).withEnv("GREETING", "hello 'world'"));

            assertThat(result.stdout()).isEqualTo(work + "\nhello 'world'\n");
        }
    }

    @Test
    void timeoutKillsTheRemoteProcessAndItsChildren() throws Exception {
        Path pids = server.dir().resolve("pids");
        try (SshTransport ssh =
                server.transport().killGrace(Duration.ofMillis(500)).build()) {
            Command stuck = Command.shell("trap '' TERM; sleep 300 & echo $! > " + Command.quote(pids.toString())
                            + "; echo $$ >> " + Command.quote(pids.toString()) + "; wait")
                    .withTimeout(Duration.ofSeconds(1));

            assertThatThrownBy(() -> ssh.exec(stuck))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("127.0.0.1:" + server.port())
                    .hasMessageContaining("timed out after PT1S")
                    .hasMessageContaining("was killed");

            List<Long> started =
                    Files.readAllLines(pids).stream().map(Long::parseLong).toList();
            assertThat(started).hasSize(2);
            Await.until(Duration.ofSeconds(30), "remote processes " + started + " gone", () -> started.stream()
                    .allMatch(pid -> !Procs.alive(pid)));
            assertThat(ssh.exec(Command.of("true")).succeeded()).isTrue();
        }
    }

    @Test
    void aDaemonChildHoldingTheOutputDoesNotBlockExecAndSurvives() throws Exception {
        Path pid = server.dir().resolve("daemon.pid");
        try (SshTransport ssh = server.transport().build()) {
            ExecResult result =
                    ssh.exec(Command.shell("sleep 300 & echo $! > " + Command.quote(pid.toString()) + "; echo started")
                            .withTimeout(Duration.ofSeconds(120)));

            // The daemon sleeps 300 s: an exec that waited for it would end at the timeout, not before.
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("started\n");
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(60));
            ProcessHandle daemon = ProcessHandle.of(
                            Long.parseLong(Files.readString(pid).strip()))
                    .orElseThrow();
            assertThat(daemon.isAlive()).isTrue();
            daemon.destroyForcibly();
        }
    }

    @Test
    void outputBeyondTheLimitKeepsHeadAndTail() {
        try (SshTransport ssh = server.transport().build()) {
            ExecResult result =
                    ssh.exec(Command.shell("echo FIRST; head -c 400000 /dev/zero | tr '\\0' x; echo; echo LAST"));

            assertThat(result.truncated()).isTrue();
            assertThat(result.stdout()).startsWith("FIRST\n").endsWith("LAST\n").contains("bytes dropped");
            assertThat(result.stdout().length()).isLessThan(2 * 64 * 1024 + 100);
        }
    }

    @Test
    void concurrentCommandsRunTogetherOverOneConnection() throws Exception {
        int count = 6;
        Path rendezvous = Files.createDirectories(server.dir().resolve("rendezvous"));
        String dir = Command.quote(rendezvous.toString());
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try (SshTransport ssh = server.transport().build()) {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                // each command waits until all have arrived: this only finishes if they run at the same time
                Command meet = Command.shell("touch " + dir + "/" + i + "; while [ $(ls " + dir + " | wc -l) -lt "
                                + count + " ]; do sleep 0.05; done; echo " + i)
                        .withTimeout(Duration.ofSeconds(30));
                results.add(threads.submit(() -> ssh.exec(meet)));
            }
            for (int i = 0; i < count; i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
            }
            assertThat(server.sessions()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aServerRestartedMidRunIsReconnectedTransparently() throws Exception {
        try (SshTransport ssh = server.transport().build()) {
            assertThat(ssh.exec(Command.of("echo", "before")).stdout()).isEqualTo("before\n");

            server.restart();

            assertThat(ssh.exec(Command.of("echo", "after")).stdout()).isEqualTo("after\n");
            assertThat(ssh.exists(server.dir())).isTrue();
            assertThat(server.sessions()).isEqualTo(2);
        }
    }

    @Test
    void runAsWrapsTheCommandInSudo() {
        try (SshTransport ssh = server.transport().runAs("doris").build()) {
            ssh.exec(Command.of("id"));
            ssh.exec(Command.of("id").asUser("admin"));
        }

        assertThat(server.commands()).anyMatch(command -> command.contains("sudo -n -u doris -- id"));
        assertThat(server.commands()).anyMatch(command -> command.contains("sudo -n -u admin -- id"));
    }

    @Test
    void aCommandRunAsAnotherUserKeepsItsEnvironmentThroughSudo() throws Exception {
        // sudo resets the environment (env_reset): a stand-in that does just that, then runs the command
        Path tools = Files.createDirectories(server.dir().resolve("tools"));
        Path sudo = Files.writeString(
                tools.resolve("sudo"),
                "#!/bin/sh\n[ \"$1\" = -n ] && shift; [ \"$1\" = -u ] && shift 2; [ \"$1\" = -- ] && shift\n"
                        + "exec /usr/bin/env -i PATH=\"$PATH\" \"$@\"\n");
        Files.setPosixFilePermissions(sudo, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        server.prependPath(tools);

        try (SshTransport ssh = server.transport().runAs("doris").build()) {
            ExecResult result = ssh.exec(
                    Command.of("/bin/sh", "-c", "echo \"[$JAVA_OPTS]\"").withEnv("JAVA_OPTS", "-Xmx8g -Dx=$y"));

            assertThat(result.stdout()).isEqualTo("[-Xmx8g -Dx=$y]\n");
        }
    }
}
