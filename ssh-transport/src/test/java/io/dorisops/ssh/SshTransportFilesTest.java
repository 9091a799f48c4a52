package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.TransportException;
import io.dorisops.spi.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SshTransportFilesTest {
    @RegisterExtension
    final MinaSshServer server = new MinaSshServer();

    @Test
    void uploadsATreeWithProgressKeepingContentAndPermissions() throws IOException {
        Path source = server.dir().resolve("package");
        Files.createDirectories(source.resolve("bin"));
        Files.createDirectories(source.resolve("lib/deep"));
        Files.writeString(source.resolve("bin/start_be.sh"), "#!/bin/sh\necho start\n");
        Files.setPosixFilePermissions(source.resolve("bin/start_be.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        Files.write(source.resolve("lib/deep/doris_be"), big);
        Files.write(source.resolve("lib/empty"), new byte[0]);
        Path target = server.dir().resolve("remote/opt/doris/be-2.1.7");
        List<long[]> progress = new CopyOnWriteArrayList<>();

        try (SshTransport ssh = server.transport().build()) {
            ssh.upload(source, target, (file, done, total) -> progress.add(new long[] {done, total}));

            assertThat(ssh.exists(target.resolve("lib/deep/doris_be"))).isTrue();
        }

        assertThat(Files.readAllBytes(target.resolve("lib/deep/doris_be"))).isEqualTo(big);
        assertThat(Files.readString(target.resolve("bin/start_be.sh"))).isEqualTo("#!/bin/sh\necho start\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("bin/start_be.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(target.resolve("lib/empty")).isEmptyFile();
        long total = big.length + "#!/bin/sh\necho start\n".length();
        assertThat(progress).isNotEmpty().allMatch(step -> step[1] == total);
        assertThat(progress.stream().mapToLong(step -> step[0])).isSorted();
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(total);
        assertThat(progress.size()).isGreaterThan(3);
        assertThat(leftovers(target.getParent())).isEmpty();
    }

    @Test
    void downloadFetchesAFileByteForByteAndNamesAMissingOne() throws IOException {
        byte[] meta = new byte[1024 * 1024 + 5];
        new Random(11).nextBytes(meta);
        Path remote = Files.write(server.dir().resolve("remote-meta.tar.gz"), meta);
        Path local = server.dir().resolve("here/copy/meta.tar.gz");

        try (SshTransport ssh = server.transport().build()) {
            ssh.download(remote, local);

            assertThat(Files.readAllBytes(local)).isEqualTo(meta);
            assertThatThrownBy(() -> ssh.download(server.dir().resolve("absent.tar.gz"), local))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("download " + server.dir().resolve("absent.tar.gz"));
        }
    }

    @Test
    void uploadReplacesAnExistingFileAtomically() throws IOException {
        Path first = Files.writeString(server.dir().resolve("first.tar.gz"), "old package");
        Path second = Files.writeString(server.dir().resolve("second.tar.gz"), "new package, longer");
        Path target = server.dir().resolve("remote/pkg.tar.gz");

        try (SshTransport ssh = server.transport().build()) {
            ssh.upload(first, target);
            assertThat(Files.readString(target)).isEqualTo("old package");
            ssh.upload(second, target);
        }

        assertThat(Files.readString(target)).isEqualTo("new package, longer");
        assertThat(leftovers(target.getParent())).isEmpty();
    }

    @Test
    void aChecksumMismatchDiscardsTheUpload() throws IOException {
        Path tools = Files.createDirectories(server.dir().resolve("tools"));
        String zeros = "0".repeat(64);
        for (String tool : List.of("sha256sum", "openssl")) {
            // a disk that returns other bytes: whichever hasher the host uses sees zeros
            Path fake = Files.writeString(
                    tools.resolve(tool), "#!/bin/sh\nfor f; do :; done\necho \"" + zeros + "  $f\"\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        server.prependPath(tools);
        Path source = Files.writeString(server.dir().resolve("pkg.tar.gz"), "package bytes");
        Path target = server.dir().resolve("remote/pkg.tar.gz");

        try (SshTransport ssh = server.transport().build()) {
            assertThatThrownBy(() -> ssh.upload(source, target))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("checksum mismatch for " + target + " after upload")
                    .hasMessageContaining("on the host " + zeros)
                    .hasMessageContaining("The upload was discarded");
        }

        assertThat(target).doesNotExist();
        assertThat(leftovers(target.getParent())).isEmpty();
    }

    @Test
    void uploadRefusesToReplaceAnExistingDirectory() throws IOException {
        Path source = Files.createDirectories(server.dir().resolve("tree"));
        Files.writeString(source.resolve("a"), "a");
        Path target = Files.createDirectories(server.dir().resolve("existing"));

        try (SshTransport ssh = server.transport().build()) {
            assertThatThrownBy(() -> ssh.upload(source, target))
                    .isInstanceOf(TransportException.class)
                    .hasMessage("127.0.0.1:" + server.port() + ": upload target " + target
                            + " already exists; a directory cannot be replaced atomically. Move or remove it first,"
                            + " or upload to a new path.");
        }
    }

    @Test
    void uploadOfAMissingSourceNamesThePath() {
        Path missing = server.dir().resolve("nothing-here");
        try (SshTransport ssh = server.transport().build()) {
            assertThatThrownBy(() -> ssh.upload(missing, server.dir().resolve("x")))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("upload source " + missing + " does not exist on this machine");
        }
    }

    @Test
    void readReturnsAtMostTheLastBytesOfAFile() throws IOException {
        Path log = server.dir().resolve("be.WARNING");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);

        try (SshTransport ssh = server.transport().build()) {
            assertThat(ssh.read(log, 20)).isEqualTo(text.substring(text.length() - 20));
            assertThat(ssh.read(log, 1_000_000)).isEqualTo(text.toString());
            assertThatThrownBy(() -> ssh.read(server.dir().resolve("missing.log"), 10))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("read " + server.dir().resolve("missing.log") + " failed");
        }
    }

    @Test
    void existsTellsFilesAndDirectoriesFromMissingPaths() throws IOException {
        Path pid = Files.writeString(server.dir().resolve("be.pid"), "123", StandardCharsets.UTF_8);
        try (SshTransport ssh = server.transport().build()) {
            assertThat(ssh.exists(pid)).isTrue();
            assertThat(ssh.exists(server.dir())).isTrue();
            assertThat(ssh.exists(server.dir().resolve("fe.pid"))).isFalse();
        }
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().contains(".tmp-"))
                    .toList();
        }
    }

    @Test
    void anUploadForARunAsUserIsThatUsersOwnSoItsDaemonReadsItsConf() throws Exception {
        // A real switch of user: root, setpriv and the user nobody are needed (this machine has them).
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to stand in for sudo");
        Path tools = Files.createDirectories(server.dir().resolve("tools"));
        Path sudo = Files.writeString(
                tools.resolve("sudo"),
                "#!/bin/sh\n[ \"$1\" = -n ] && shift; [ \"$1\" = -u ] && { u=\"$2\"; shift 2; }; [ \"$1\" = -- ] && shift\n"
                        + "exec /usr/bin/setpriv --reuid=\"$u\" --regid=\"$(id -g \"$u\")\" --clear-groups "
                        + "/usr/bin/env -i PATH=\"$PATH\" \"$@\"\n");
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
        server.prependPath(tools);
        // The daemon's home belongs to the daemon's user, as on a real host.
        Path base = Files.createTempDirectory(Path.of("/tmp"), "dorisops-runas-");
        try {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path home = Files.createDirectories(base.resolve("be"));
            java.nio.file.attribute.UserPrincipal nobody =
                    home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(home, nobody);
            Path conf = Files.writeString(server.dir().resolve("be.conf"), "be_port = 9060\n"); // 0600 locally
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
            Path target = home.resolve("conf/be.conf");

            try (SshTransport ssh = server.transport().runAs("nobody").build()) {
                ssh.upload(conf, target);

                assertThat(Files.getOwner(target)).isEqualTo(nobody);
                assertThat(Files.getOwner(target.getParent())).isEqualTo(nobody);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                        .isEqualTo("rw-r--r--");
                assertThat(ssh.exec(Command.of("cat", target.toString())).stdout())
                        .isEqualTo("be_port = 9060\n");
            }
            try (java.util.stream.Stream<Path> left = Files.list(Path.of("/tmp"))) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".dorisops-upload-"));
            }
        } finally {
            TestKeys.run(List.of("rm", "-rf", base.toString()));
        }
    }
}
