package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.spi.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The command benchmark against the in-JVM server, whose commands run with a plain {@code /bin/sh}:
 * it shows the transport's own cost where a login shell with heavy start-up files (as root's
 * {@code ~/.bashrc} on some machines) would dominate both sides against OpenSSH.
 */
@Tag("bench")
class MinaBenchmarkTest {
    @RegisterExtension
    final MinaSshServer server = new MinaSshServer();

    @Test
    void pooledCommandsVersusSshProcessesAgainstTheInJvmServer() throws Exception {
        int count = 200;
        List<String> ssh1 = new ArrayList<>(List.of(
                "ssh",
                "-o",
                "BatchMode=yes",
                "-o",
                "UserKnownHostsFile=" + server.knownHosts(),
                "-o",
                "StrictHostKeyChecking=yes",
                "-i",
                server.userKey().toString(),
                "-p",
                String.valueOf(server.port()),
                MinaSshServer.USER + "@127.0.0.1",
                "true"));
        try (SshTransport ssh = server.transport().build()) {
            for (int i = 0; i < 20; i++) {
                ssh.exec(Command.of("true"));
                run(ssh1);
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                assertThat(ssh.exec(Command.of("true")).exitCode()).isZero();
            }
            long pooled = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                run(ssh1);
            }
            long processes = System.nanoTime() - start;
            System.out.printf(
                    "BENCH ssh-transport | 200 short commands (in-JVM MINA server, /bin/sh) | pooled SshTransport %d ms"
                            + " (%.1f ms each), `ssh host true` %d ms (%.1f ms each) | ratio %.2fx%n",
                    TimeUnit.NANOSECONDS.toMillis(pooled),
                    pooled / 1e6 / count,
                    TimeUnit.NANOSECONDS.toMillis(processes),
                    processes / 1e6 / count,
                    (double) processes / pooled);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed");
        }
    }
}
