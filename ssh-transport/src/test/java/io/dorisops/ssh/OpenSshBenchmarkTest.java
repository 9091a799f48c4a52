package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.spi.Command;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measures the transport against baselines on the same local OpenSSH server in one run, and prints
 * the numbers (never asserts timing). It logs in as a dedicated user with a plain {@code /bin/sh} and
 * no rc files, so that both sides pay SSH, not a login shell's start-up. Run with {@code ./mvnw -B -Pbench -pl ssh-transport -am verify}.
 */
@Tag("bench")
class OpenSshBenchmarkTest {
    @RegisterExtension
    static final OpenSshServer sshd = new OpenSshServer("dorisops-bench");

    @Test
    void pooledCommandsVersusSshProcesses() throws Exception {
        int count = 200;
        try (SshTransport ssh = sshd.transport().build()) {
            for (int i = 0; i < 20; i++) {
                ssh.exec(Command.of("true"));
            }
            long pooled = time(() -> {
                for (int i = 0; i < count; i++) {
                    assertThat(ssh.exec(Command.of("true")).exitCode()).isZero();
                }
            });
            List<String> ssh1 = new ArrayList<>(List.of("ssh"));
            ssh1.addAll(sshd.sshOptions());
            ssh1.addAll(List.of(sshd.user() + "@127.0.0.1", "true"));
            run(ssh1);
            long processes = time(() -> {
                for (int i = 0; i < count; i++) {
                    run(ssh1);
                }
            });
            report(
                    "200 short commands",
                    "pooled SshTransport " + ms(pooled) + " ms (" + ms(pooled) / count + " ms each), `ssh host true` "
                            + ms(processes) + " ms (" + ms(processes) / count + " ms each)",
                    (double) processes / pooled);
        }
    }

    @Test
    void uploadThroughputVersusScp() throws Exception {
        Path file = sshd.workDir().resolve("package-200m.bin");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] block = new byte[1024 * 1024];
            new java.util.Random(1).nextBytes(block);
            for (int i = 0; i < 200; i++) {
                block[0] = (byte) i;
                out.write(block);
            }
        }
        long size = Files.size(file);
        List<String> scp = new ArrayList<>(List.of("scp", "-q"));
        List<String> options = new ArrayList<>(sshd.sshOptions());
        options.set(options.indexOf("-p"), "-P");
        scp.addAll(options);
        scp.addAll(List.of(
                file.toString(), sshd.user() + "@127.0.0.1:" + sshd.workDir().resolve("scp-copy.bin")));
        try (SshTransport ssh = sshd.transport().build()) {
            // warm-up (JIT of the crypto and SFTP paths), not timed: one full upload
            ssh.upload(file, sshd.workDir().resolve("warm-up.bin"));
            run(scp);
            long ours = time(() -> ssh.upload(file, sshd.workDir().resolve("sftp-copy.bin")));
            long theirs = time(() -> run(scp));
            report(
                    "upload 200 MB",
                    "SshTransport.upload (SFTP + remote SHA-256) " + mbps(size, ours) + " MB/s, scp "
                            + mbps(size, theirs) + " MB/s",
                    (double) theirs / ours);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(sshd.workDir().resolve("sftp-copy.bin"));
            Files.deleteIfExists(sshd.workDir().resolve("warm-up.bin"));
            Files.deleteIfExists(sshd.workDir().resolve("scp-copy.bin"));
        }
    }

    @Test
    void fiftyHostsProbedConcurrentlyVersusSequentially() throws Exception {
        int hosts = 50;
        long sequential = time(() -> {
            for (int i = 0; i < hosts; i++) {
                probe();
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(hosts);
        try {
            long concurrent = time(() -> {
                List<Future<?>> probes = new ArrayList<>();
                for (int i = 0; i < hosts; i++) {
                    probes.add(threads.submit(OpenSshBenchmarkTest::probe));
                }
                for (Future<?> probe : probes) {
                    probe.get();
                }
            });
            report(
                    "50 hosts probed (connect + exec, same sshd 50 times)",
                    "sequential " + ms(sequential) + " ms, concurrent " + ms(concurrent) + " ms",
                    (double) sequential / concurrent);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void probe() {
        try (SshTransport ssh = sshd.transport().build()) {
            assertThat(ssh.exec(Command.of("true")).exitCode()).isZero();
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static long time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed");
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String mbps(long bytes, long nanos) {
        return String.format("%.1f", bytes / 1e6 / (nanos / 1e9));
    }

    private static void report(String name, String numbers, double ratio) {
        System.out.printf("BENCH ssh-transport | %s | %s | ratio %.2fx%n", name, numbers, ratio);
    }
}
