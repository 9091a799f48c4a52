package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.LocalTransport;
import io.dorisops.TransportException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streaming exec of {@link SshTransport} against the in-JVM server, paired with a local transport. */
class SshTransportStreamTest {
    @RegisterExtension
    final MinaSshServer server = new MinaSshServer();

    @Test
    void aTreeStreamsIntactFromTheSshHostToAnotherHostAndBack() throws Exception {
        Path source = Files.createDirectories(server.dir().resolve("source/image"));
        Random random = new Random(11);
        for (int i = 0; i < 4; i++) {
            byte[] bytes = new byte[5_000_000 + i];
            random.nextBytes(bytes);
            Files.write(source.resolve("image." + i), bytes);
        }
        Files.writeString(source.resolve("VERSION"), "clusterId=1\n");
        Path there = server.dir().resolve("there");
        Path back = server.dir().resolve("back");
        try (SshTransport ssh = server.transport().build();
                LocalTransport local = new LocalTransport("check-host")) {
            ExecResult[] out = pipe(
                    ssh,
                    Command.of("tar", "-cf", "-", "-C", source.getParent().toString(), "."),
                    local,
                    Command.script("mkdir -p \"$1\" && tar -xf - -C \"$1\"", there.toString()));
            assertThat(out[0].exitCode()).as(out[0].stderr()).isZero();
            assertThat(out[0].stdout()).isEmpty();
            assertThat(out[1].exitCode()).as(out[1].stderr()).isZero();

            ExecResult[] in = pipe(
                    local,
                    Command.of("tar", "-cf", "-", "-C", there.toString(), "."),
                    ssh,
                    Command.script("mkdir -p \"$1\" && tar -xf - -C \"$1\"", back.toString()));
            assertThat(in[0].exitCode()).isZero();
            assertThat(in[1].exitCode()).as(in[1].stderr()).isZero();
        }
        assertThat(digests(there)).isEqualTo(digests(source.getParent())).hasSize(5);
        assertThat(digests(back)).isEqualTo(digests(source.getParent()));
    }

    @Test
    void anOutputThatFailsStopsTheRemoteCommandAtOnceNamingTheHost() {
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
                    throw new IOException("the check host is gone");
                }
            }
        };
        try (SshTransport ssh = server.transport().build()) {
            // Unstopped, the command would fill the SSH window and block until its timeout.
            assertThatThrownBy(() -> ssh.exec(
                            Command.of("cat", "/dev/zero").withTimeout(Duration.ofMinutes(5)),
                            InputStream.nullInputStream(),
                            breaks))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("127.0.0.1")
                    .hasMessageContaining("`cat /dev/zero` was stopped: writing its output failed after")
                    .hasMessageContaining("the check host is gone")
                    .hasMessageNotContaining("timed out");
            assertThat(ssh.exec(Command.of("true")).succeeded()).isTrue();
        }
    }

    @Test
    void anInputThatFailsFailsTheRemoteCommandEvenWhenItExitsZero() {
        InputStream breaks = new InputStream() {
            private boolean sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (sent) {
                    throw new IOException("the master is gone");
                }
                sent = true;
                buffer[offset] = 'x';
                return 1;
            }
        };
        try (SshTransport ssh = server.transport().build()) {
            assertThatThrownBy(() -> ssh.exec(Command.of("cat"), breaks, OutputStream.nullOutputStream()))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("`cat` ")
                    .hasMessageContaining("reading its input failed after 1 bytes: the master is gone");
        }
    }

    /** Runs {@code from}'s stdout into {@code to}'s stdin through a pipe on this machine; both results. */
    private static ExecResult[] pipe(Transport fromHost, Command from, Transport toHost, Command to) throws Exception {
        Pipe pipe = Pipe.open();
        CompletableFuture<ExecResult> receiving = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Channels.newInputStream(pipe.source())) {
                return toHost.exec(to, in, OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecResult sent;
        try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
            sent = fromHost.exec(from, InputStream.nullInputStream(), out);
        }
        return new ExecResult[] {sent, receiving.get()};
    }

    private static Map<String, String> digests(Path tree) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                sums.put(tree.relativize(file).toString(), HexFormat.of().formatHex(digest));
            }
        }
        return sums;
    }
}
