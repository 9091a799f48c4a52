package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dorisops.TransportException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.ssh.SshConnectException.Reason;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.internal.Procs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same behaviour against real OpenSSH; skipped when {@code /usr/sbin/sshd} is absent. */
class OpenSshTransportTest {
    @RegisterExtension
    static final OpenSshServer sshd = new OpenSshServer();

    @Test
    void execReturnsExitCodesAndOutputFromOpenSsh() {
        try (SshTransport ssh = sshd.transport().build()) {
            ExecResult result = ssh.exec(Command.shell("echo out; echo err >&2; exit 42"));

            assertThat(result.exitCode()).isEqualTo(42);
            assertThat(result.stdout()).isEqualTo("out\n");
            assertThat(result.stderr()).isEqualTo("err\n");
            assertThat(ssh.exec(Command.of("printf", "%s|", "a b", "it's")).stdout())
                    .isEqualTo("a b|it's|");
        }
    }

    @Test
    void timeoutKillsTheRemoteProcessGroupUnderOpenSsh() throws Exception {
        Path pids = sshd.dir().resolve("pids-" + System.nanoTime());
        String file = Command.quote(pids.toString());
        try (SshTransport ssh =
                sshd.transport().killGrace(Duration.ofMillis(500)).build()) {
            Command stuck = Command.shell(
                            "trap '' TERM; sleep 300 & echo $! > " + file + "; echo $$ >> " + file + "; wait")
                    .withTimeout(Duration.ofSeconds(1));

            assertThatThrownBy(() -> ssh.exec(stuck))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("timed out after PT1S")
                    .hasMessageContaining("was killed");

            List<Long> started =
                    Files.readAllLines(pids).stream().map(Long::parseLong).toList();
            assertThat(started).hasSize(2);
            Await.until(Duration.ofSeconds(10), "remote processes " + started + " gone", () -> started.stream()
                    .allMatch(pid -> !Procs.alive(pid)));
        }
    }

    @Test
    void aDaemonChildHoldingTheOutputDoesNotBlockExecUnderOpenSsh() throws Exception {
        Path pid = sshd.dir().resolve("daemon-" + System.nanoTime() + ".pid");
        try (SshTransport ssh = sshd.transport().build()) {
            ExecResult result =
                    ssh.exec(Command.shell("sleep 300 & echo $! > " + Command.quote(pid.toString()) + "; echo started")
                            .withTimeout(Duration.ofSeconds(30)));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("started\n");
            ProcessHandle daemon = ProcessHandle.of(
                            Long.parseLong(Files.readString(pid).strip()))
                    .orElseThrow();
            assertThat(daemon.isAlive()).isTrue();
            daemon.destroyForcibly();
        }
    }

    @Test
    void uploadsATreeOverOpenSshSftpAndVerifiesIt() throws Exception {
        Path source = Files.createDirectories(sshd.dir().resolve("src-" + System.nanoTime() + "/lib"));
        byte[] data = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(data);
        Files.write(source.resolve("doris-fe.jar"), data);
        Files.writeString(source.resolve("version"), "2.1.7\n");
        Path target = sshd.dir().resolve("deployed-" + System.nanoTime());
        List<Long> done = new ArrayList<>();

        try (SshTransport ssh = sshd.transport().build()) {
            ssh.upload(source, target, (path, bytes, total) -> done.add(bytes));
            assertThat(ssh.read(target.resolve("version"), 100)).isEqualTo("2.1.7\n");
        }

        assertThat(Files.readAllBytes(target.resolve("doris-fe.jar"))).isEqualTo(data);
        assertThat(done).isSorted().last().isEqualTo((long) data.length + 6);
    }

    @Test
    void concurrentCommandsShareOneOpenSshConnection() throws Exception {
        long before = sshd.connections();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (SshTransport ssh = sshd.transport().build()) {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Command echo = Command.of("echo", String.valueOf(i));
                results.add(threads.submit(() -> ssh.exec(echo)));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sshd.connections() - before).isEqualTo(1);
    }

    @Test
    void unknownHostKeyAndWrongKeyAreRefusedByOpenSshWithoutRetry() throws Exception {
        Path empty = Files.writeString(sshd.dir().resolve("empty-" + System.nanoTime()), "");
        SshConnectException unknown = catchThrowableOfType(SshConnectException.class, () -> {
            try (SshTransport ssh = sshd.transport().knownHosts(empty).build()) {
                ssh.exec(Command.of("true"));
            }
        });
        assertThat(unknown.reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
        assertThat(unknown.getMessage()).contains(TestKeys.fingerprint(sshd.hostKey()));

        Path stranger = TestKeys.ed25519(sshd.dir(), "id_stranger_" + System.nanoTime());
        long before = sshd.connections();
        SshConnectException rejected = catchThrowableOfType(SshConnectException.class, () -> {
            try (SshTransport ssh =
                    sshd.transport().identityFile(stranger).connectAttempts(3).build()) {
                ssh.exec(Command.of("true"));
            }
        });
        assertThat(rejected.reason()).isEqualTo(Reason.AUTH_REJECTED);
        assertThat(rejected.attempts()).isEqualTo(1);
        Await.until(Duration.ofSeconds(5), "sshd logged the connection", () -> sshd.connections() > before);
        assertThat(sshd.connections() - before).isEqualTo(1);
    }

    @Test
    void anOpenSshRestartMidRunIsReconnected() throws Exception {
        try (SshTransport ssh = sshd.transport().connectAttempts(5).build()) {
            assertThat(ssh.exec(Command.of("echo", "before")).stdout()).isEqualTo("before\n");

            sshd.restart();

            assertThat(ssh.exec(Command.of("echo", "after")).stdout()).isEqualTo("after\n");
            assertThat(ssh.exists(sshd.dir())).isTrue();
        }
    }
}
