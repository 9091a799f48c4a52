package io.dorisops.internal.fecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.LocalTransport;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.internal.host.ForwardingTransport;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy and cleanup of the FE metadata check on one host, through a real shell. */
class FrontendCheckHostTest {

    @TempDir
    Path dir;

    private final List<Command> commands = new CopyOnWriteArrayList<>();
    /** What {@code df} answers, in kilobytes; negative: the real {@code df}. */
    private volatile long freeKilobytes = -1;

    private FrontendCheckHost host;
    private Path meta;

    @BeforeEach
    void setUp() throws Exception {
        Transport recording = new ForwardingTransport(new LocalTransport()) {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public ExecResult exec(Command command) {
                commands.add(command);
                if (freeKilobytes >= 0 && String.join(" ", command.argv()).contains("df -Pk")) {
                    return new ExecResult(0, freeKilobytes + "\n", "", Duration.ZERO, false);
                }
                return delegate.exec(command);
            }
        };
        host = new FrontendCheckHost(recording, Duration.ofSeconds(30));
        meta = Files.createDirectories(dir.resolve("master/doris-meta/image"));
        Files.writeString(meta.resolve("VERSION"), "clusterId=1\ntoken=t\n");
        Files.write(meta.resolve("image.100"), new byte[200_000]);
        Files.setPosixFilePermissions(meta.resolve("VERSION"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(meta, PosixFilePermissions.fromString("rwxr-xr-x"));
        meta = meta.getParent();
    }

    private static boolean privateToItsOwner(Path path) throws Exception {
        return Files.getPosixFilePermissions(path).stream()
                .noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
    }

    @Test
    void theMetaCopyIsPrivateToItsOwner() throws Exception {
        Path copy = dir.resolve("scratch/fe/doris-meta");

        host.copyMetaHere(meta, copy);

        try (Stream<Path> all = Files.walk(copy)) {
            for (Path path : all.toList()) {
                assertThat(privateToItsOwner(path))
                        .as(path + " " + Files.getPosixFilePermissions(path))
                        .isTrue();
            }
        }
        assertThat(copy.resolve("image/VERSION")).hasContent("clusterId=1\ntoken=t");
    }

    /**
     * GNU tar that cannot read one file archives the rest and exits 2; in {@code tar c | tar x} only the
     * second exit is the pipeline's, so the read's own exit must fail the copy.
     */
    @Test
    void aReadThatFailsOnTheMastersHostFailsTheCopyAndLeavesNoHalfCopy() throws Exception {
        LocalTransport shimmed = creatingTar("tar --exclude=./image/image.100 \"$@\";"
                + " echo 'tar: ./image/image.100: Cannot open: Permission denied' >&2; exit 2");
        Path copy = Files.createDirectories(dir.resolve("scratch/fe/doris-meta"));

        assertThatThrownBy(() -> new FrontendCheckHost(shimmed, Duration.ofSeconds(30)).copyMetaHere(meta, copy))
                .hasMessageStartingWith("127.0.0.1: copy the master's meta dir failed:")
                .hasMessageContaining("reading " + meta + " failed (tar exit 2)");
        assertThat(copy).isEmptyDirectory();
        assertThat(Path.of(copy + ".partial")).doesNotExist();
    }

    /**
     * A live master's meta dir changes as it is read (its BDB JE log grows, its catalog is replaced by
     * rename): GNU tar archives it all and exits 1, which is not a failed read.
     */
    @Test
    void aMetaDirThatChangedWhileItWasReadIsCopied() throws Exception {
        LocalTransport shimmed =
                creatingTar("tar \"$@\" || exit $?; echo 'tar: ./image: file changed as we read it' >&2; exit 1");
        Path copy = Files.createDirectories(dir.resolve("scratch/fe/doris-meta"));

        new FrontendCheckHost(shimmed, Duration.ofSeconds(30)).copyMetaHere(meta, copy);

        assertThat(copy.resolve("image/VERSION")).hasContent("clusterId=1\ntoken=t");
        assertThat(Path.of(copy + ".partial")).doesNotExist();
    }

    /** A local transport whose {@code tar -cf} runs {@code create} instead (a shim first on the PATH). */
    private LocalTransport creatingTar(String create) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tar = bin.resolve("tar");
        Files.writeString(
                tar,
                "#!/bin/sh\nPATH=" + System.getenv("PATH") + "\nif [ \"$1\" = -cf ]; then " + create + "; fi\n"
                        + "exec tar \"$@\"\n");
        Files.setPosixFilePermissions(tar, PosixFilePermissions.fromString("rwx------"));
        return LocalTransport.builder()
                .host("127.0.0.1")
                .parentEnvironment(Map.of("PATH", bin + ":" + System.getenv("PATH")))
                .build();
    }

    @Test
    void feConfIsNeverACommandArgumentAndIsPrivate() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("scratch/fe/conf")).resolve("fe.conf");

        host.write(conf, "http_port = 20000\nenable_secret = s3cr3t-value\n");

        assertThat(conf).hasContent("http_port = 20000\nenable_secret = s3cr3t-value");
        assertThat(Files.getPosixFilePermissions(conf))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(commands)
                .noneMatch(command -> String.join(" ", command.argv()).contains("s3cr3t-value"));
    }

    @Test
    void aCopyThatDoesNotFitIsRefusedNamingTheHostThePathTheNeedAndWhatIsFree() {
        freeKilobytes = 2048;
        Node master = new Node("fe-1", "127.0.0.1", Role.FE_FOLLOWER, dir.resolve("master"), Ports.feDefaults());

        List<String> problems =
                FrontendCheckHost.roomProblems(host, master, meta, host, dir.resolve("work/dorisops-fe-check-1"));

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .contains("not enough room for the copy of the master's meta dir at "
                        + dir.resolve("work/dorisops-fe-check-1") + " on 127.0.0.1")
                .contains("it needs 65 MB")
                .contains("the file system has 2 MB free"));
    }

    @Test
    void aCopyThatFitsIsNoProblem() {
        Node master = new Node("fe-1", "127.0.0.1", Role.FE_FOLLOWER, dir.resolve("master"), Ports.feDefaults());

        assertThat(FrontendCheckHost.roomProblems(host, master, meta, host, dir.resolve("work/x")))
                .isEmpty();
    }

    @Test
    void aKeptScratchKeepsItsLogsButNeverTheMetaCopy() throws Exception {
        Path scratch = dir.resolve("scratch");
        Path copy = scratch.resolve("fe/doris-meta");
        host.copyMetaHere(meta, copy);
        Files.writeString(scratch.resolve(FrontendCheckHost.MARKER), "");
        Path log = Files.createDirectories(scratch.resolve("fe/log")).resolve("fe.log");
        Files.writeString(log, "failed\n");

        host.removeCopy(scratch, copy);

        assertThat(copy).doesNotExist();
        assertThat(log).exists();
    }
}
