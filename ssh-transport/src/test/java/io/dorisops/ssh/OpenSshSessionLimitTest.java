package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Against a real OpenSSH server with {@code MaxSessions 2}: refused session opens neither fail commands
 * nor tear down the pooled connection; a connection the server closed is replaced. Skipped when {@code
 * /usr/sbin/sshd} is absent.
 */
class OpenSshSessionLimitTest {
    @RegisterExtension
    static final OpenSshServer sshd = new OpenSshServer().maxSessions(2);

    @Test
    void eightConcurrentCommandsRunOnAServerWithMaxSessions2() throws Exception {
        long before = sshd.connections();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (SshTransport ssh = sshd.transport().build()) {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // Long enough that all eight overlap, so the server's limit is reached, even on a loaded
                // machine where opening eight sessions takes seconds (1 s was too short there).
                Command command = Command.shell("sleep 5; echo " + i).withTimeout(Duration.ofSeconds(60));
                results.add(threads.submit(() -> ssh.exec(command)));
            }
            for (int i = 0; i < 8; i++) {
                ExecResult result = results.get(i).get(60, TimeUnit.SECONDS);
                assertThat(result.exitCode()).as("command %d: %s", i, result).isZero();
                assertThat(result.stdout()).isEqualTo(i + "\n");
            }
            // The same transport goes on working, SFTP included (one more session).
            assertThat(ssh.exists(sshd.dir())).isTrue();
            assertThat(ssh.exec(Command.of("echo", "after")).stdout()).isEqualTo("after\n");
        } finally {
            threads.shutdownNow();
        }
        // 2 sessions per connection: at least 4 connections for 8 at once, at most one per command + SFTP.
        Await.until(Duration.ofSeconds(30), "sshd logged the connections", () -> sshd.connections() - before >= 4);
        assertThat(sshd.connections() - before).isBetween(4L, 9L);
    }

    @Test
    void aRefusedSessionDoesNotTearDownTheConnectionItsCommandsRunOn() throws Exception {
        Path marker = sshd.dir().resolve("long-" + System.nanoTime());
        String file = Command.quote(marker.toString());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (SshTransport ssh = sshd.transport().build()) {
            // Two long commands fill the first connection's two sessions.
            List<Future<ExecResult>> long_ = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Command command = Command.shell("echo x >> " + file + "; sleep 2; echo long")
                        .withTimeout(Duration.ofSeconds(30));
                long_.add(threads.submit(() -> ssh.exec(command)));
            }
            Await.until(Duration.ofSeconds(30), "both long commands started", () -> lines(marker) == 2);

            // A third is refused on that connection and runs on a second one.
            assertThat(ssh.exec(Command.of("echo", "third")).stdout()).isEqualTo("third\n");

            for (Future<ExecResult> running : long_) {
                assertThat(running.get(30, TimeUnit.SECONDS).stdout()).isEqualTo("long\n");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aConnectionTheServerClosedIsReplaced() throws Exception {
        try (SshTransport ssh = sshd.transport().build()) {
            assertThat(ssh.exec(Command.of("echo", "before")).stdout()).isEqualTo("before\n");
            long before = sshd.connections();

            sshd.dropConnections();

            assertThat(ssh.exec(Command.of("echo", "after")).stdout()).isEqualTo("after\n");
            assertThat(ssh.read(sshd.dir().resolve("sshd_config"), 4096)).contains("MaxSessions 2");
            Await.until(Duration.ofSeconds(30), "sshd logged the new connection", () -> sshd.connections() > before);
            assertThat(sshd.connections() - before).isEqualTo(1);
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
