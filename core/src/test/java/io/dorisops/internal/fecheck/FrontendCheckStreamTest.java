package io.dorisops.internal.fecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.LocalTransport;
import io.dorisops.internal.host.ForwardingTransport;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meta copy of the FE metadata check across hosts: streamed from the master's host through this
 * machine into the check host, two local "hosts" under different names, each with its own transport.
 */
class FrontendCheckStreamTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String WHO = "master fe-1 (master-host)";

    @TempDir
    Path dir;

    /** Every command the master's host ran, streaming or not, and every upload to it. */
    private final List<String> onMaster = new CopyOnWriteArrayList<>();

    private Path meta;
    private Path copy;

    @BeforeEach
    void setUp() throws Exception {
        meta = Files.createDirectories(dir.resolve("master/doris-meta"));
        Files.createDirectories(meta.resolve("image"));
        Files.createDirectories(meta.resolve("bdb/empty"));
        Files.writeString(meta.resolve("image/VERSION"), "clusterId=1\ntoken=t\n");
        Random random = new Random(23);
        byte[] image = new byte[3_000_001];
        random.nextBytes(image);
        Files.write(meta.resolve("image/image.100"), image);
        byte[] journal = new byte[2_000_003];
        random.nextBytes(journal);
        Files.write(meta.resolve("bdb/00000000.jdb"), journal);
        Files.writeString(meta.resolve("bdb/je.info.0"), "bdb log\n");
        Path feHome = Files.createDirectories(dir.resolve("check/scratch/fe"));
        Files.setPosixFilePermissions(feHome, PosixFilePermissions.fromString("rwx------"));
        copy = feHome.resolve("doris-meta");
        Files.createDirectories(copy); // a Doris package ships an empty fe/doris-meta
    }

    private FrontendCheckHost master(Transport transport) {
        return new FrontendCheckHost(
                new ForwardingTransport(transport) {
                    @Override
                    public ExecResult exec(Command command) {
                        onMaster.add(String.join(" ", command.argv()));
                        return delegate.exec(command);
                    }

                    @Override
                    public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
                        onMaster.add(String.join(" ", command.argv()));
                        return delegate.exec(command, stdin, stdout);
                    }

                    @Override
                    public void upload(Path source, Path target, TransferListener listener) {
                        onMaster.add("upload " + target);
                        delegate.upload(source, target, listener);
                    }
                },
                TIMEOUT);
    }

    private static FrontendCheckHost checkHost() {
        return new FrontendCheckHost(new LocalTransport("check-host"), TIMEOUT);
    }

    @Test
    void aCopyAcrossHostsArrivesIntactPrivateAndWritesNothingOnTheMastersHost() throws Exception {
        Map<String, String> masterBefore = listing(dir.resolve("master"));

        FrontendCheckHost.streamMeta(master(new LocalTransport("master-host")), WHO, meta, checkHost(), copy);

        assertThat(digests(copy)).isEqualTo(digests(meta)).hasSize(4);
        assertThat(copy.resolve("bdb/empty")).isDirectory();
        try (Stream<Path> all = Files.walk(copy)) {
            assertThat(all.toList())
                    .allSatisfy(path -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                            .matches("rw[x-]------"));
        }
        assertThat(Path.of(copy + ".partial")).doesNotExist();
        // The master's host only ran the read; its home (meta dir and all beside it) is as it was.
        assertThat(onMaster).containsExactly("tar -cf - -C " + meta + " .");
        assertThat(listing(dir.resolve("master"))).isEqualTo(masterBefore);
    }

    @Test
    void aMasterWhoseReadFailsMidStreamFailsTheCopyNamingItsHostAndLeavesNoHalfCopy() {
        Transport failing = new ForwardingTransport(new LocalTransport("master-host")) {
            @Override
            public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
                return delegate.exec(
                        Command.script(
                                "tar -cf - -C \"$1\" . | head -c 3000000; echo \"tar: ./bdb/00000000.jdb: Read"
                                        + " error at byte 0, while reading 10240 bytes: Input/output error\" >&2;"
                                        + " exit 2",
                                meta.toString()),
                        stdin,
                        stdout);
            }
        };

        assertThatThrownBy(() -> FrontendCheckHost.streamMeta(master(failing), WHO, meta, checkHost(), copy))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith(WHO + ": streaming the meta dir " + meta + " to check-host failed: tar exit 2:")
                .hasMessageContaining("Read error at byte 0")
                .hasMessageContaining("the partial copy on check-host was removed, the check did not run on it");
        assertThat(Path.of(copy + ".partial")).doesNotExist();
        assertThat(copy).isEmptyDirectory();
    }

    /**
     * A live master's BDB JE log grows as it is read: GNU tar archives it and exits 1 ("file changed as we
     * read it"). Seen on the busy sandbox (`BusyRollingTest`); the copy is kept and the test FE decides.
     */
    @Test
    void aMetaDirThatChangedWhileItWasReadIsCopied() throws Exception {
        Transport live = new ForwardingTransport(new LocalTransport("master-host")) {
            @Override
            public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
                return delegate.exec(
                        Command.script(
                                "tar -cf - -C \"$1\" . && echo \"tar: ./bdb/00000000.jdb: file changed as we read"
                                        + " it\" >&2; exit 1",
                                meta.toString()),
                        stdin,
                        stdout);
            }
        };

        FrontendCheckHost.streamMeta(master(live), WHO, meta, checkHost(), copy);

        assertThat(digests(copy)).isEqualTo(digests(meta)).hasSize(4);
        assertThat(Path.of(copy + ".partial")).doesNotExist();
    }

    /** GNU tar that cannot read one file writes a whole archive of the rest and exits 2: the receiver is content. */
    @Test
    void aMasterWhoseReadFailedFailsTheCopyEvenWhenTheArchiveItSentWasWhole() {
        Transport skipping = new ForwardingTransport(new LocalTransport("master-host")) {
            @Override
            public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
                return delegate.exec(
                        Command.script(
                                "tar -cf - --exclude=./bdb/00000000.jdb -C \"$1\" . && echo \"tar:"
                                        + " ./bdb/00000000.jdb: Cannot open: Permission denied\" >&2; exit 2",
                                meta.toString()),
                        stdin,
                        stdout);
            }
        };

        assertThatThrownBy(() -> FrontendCheckHost.streamMeta(master(skipping), WHO, meta, checkHost(), copy))
                .hasMessageStartingWith(WHO + ": streaming the meta dir")
                .hasMessageContaining("Cannot open: Permission denied");
        assertThat(Path.of(copy + ".partial")).doesNotExist();
        assertThat(copy).isEmptyDirectory();
    }

    @Test
    void aCheckHostThatCannotUnpackIsBlamedAndTheMastersReadIsStoppedAtOnce() {
        Transport full = new ForwardingTransport(new LocalTransport("check-host")) {
            @Override
            public ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
                return delegate.exec(
                        Command.shell("echo 'tar: ./image/image.100: Cannot write: No space left on device' >&2;"
                                + " exit 2"),
                        stdin,
                        stdout);
            }
        };

        assertThatThrownBy(() -> FrontendCheckHost.streamMeta(
                        master(new LocalTransport("master-host")),
                        WHO,
                        meta,
                        new FrontendCheckHost(full, TIMEOUT),
                        copy))
                .hasMessageStartingWith("check-host: unpacking the meta copy streamed from " + WHO
                        + " failed: tar exit 2: tar: ./image/image.100: Cannot write: No space left on device");
        assertThat(copy).isEmptyDirectory();
    }

    @Test
    void aTransportThatCannotStreamIsNamedBeforeTheCheckRuns() {
        LocalTransport local = new LocalTransport("old-host");
        Transport old = new Transport() {
            @Override
            public String host() {
                return "old-host";
            }

            @Override
            public ExecResult exec(Command command) {
                return local.exec(command);
            }

            @Override
            public void upload(Path source, Path target, TransferListener listener) {
                local.upload(source, target, listener);
            }

            @Override
            public String read(Path file, int maxBytes) {
                return local.read(file, maxBytes);
            }

            @Override
            public boolean exists(Path path) {
                return local.exists(path);
            }

            @Override
            public void close() {}
        };

        assertThat(new FrontendCheckHost(old, TIMEOUT).streamProblem())
                .startsWith("old-host: this transport (")
                .contains("cannot stream a command's input or output")
                .endsWith("; the meta copy across hosts is streamed");
        assertThat(checkHost().streamProblem()).isEmpty();
    }

    /**
     * 200 MB of meta streamed by a JVM whose whole heap is 48 MB ({@link FrontendCheckStreamMain}): a copy
     * held in memory, or a byte[] of the whole, cannot fit.
     */
    @Test
    void aLargeMetaDirStreamsAcrossHostsInBoundedMemory() throws Exception {
        Path big = meta.resolve("image/image.200");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(200L * 1024 * 1024);
            sparse.seek(123_456_789);
            sparse.write("not only zeros".getBytes(StandardCharsets.UTF_8));
        }
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx48m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FrontendCheckStreamMain.class.getName(),
                        meta.toString(),
                        copy.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor()).as(out).isZero();
        assertThat(out).contains("max heap 48 MB");
        assertThat(Files.size(copy.resolve("image/image.200"))).isEqualTo(200L * 1024 * 1024);
        assertThat(digests(copy)).isEqualTo(digests(meta));
    }

    /** Every regular file under {@code tree} and its SHA-256, streamed (a 200 MB file is never held). */
    static Map<String, String> digests(Path tree) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                sums.put(tree.relativize(file).toString(), HexFormat.of().formatHex(digest.digest()));
            }
        }
        return sums;
    }

    /** Every path under {@code tree} with its size and modification time. */
    private static Map<String, String> listing(Path tree) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.toList()) {
                all.put(tree.relativize(path).toString(), Files.size(path) + " " + Files.getLastModifiedTime(path));
            }
        }
        return all;
    }
}
