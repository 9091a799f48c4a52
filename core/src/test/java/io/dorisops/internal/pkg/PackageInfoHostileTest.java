package io.dorisops.internal.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and corrupt packages are refused before anything is deployed, each naming the entry. */
class PackageInfoHostileTest {

    static final String TOP = "apache-doris-2.1.8-bin-x64";

    @TempDir
    Path dir;

    static Stream<Arguments> hostilePackages() {
        return Stream.of(
                refused(
                        "symlinked be/bin to a directory outside the package",
                        t -> t.symlink(TOP + "/ms/bin", "../../../outside/bin"),
                        "entry \"" + TOP
                                + "/ms/bin\" is a symbolic link to \"../../../outside/bin\", which leaves the package"),
                refused(
                        "symlinked be/bin inside the package",
                        t -> t.dir(TOP + "/ms/").symlink(TOP + "/ms/bin", "../fe/bin"),
                        "entry \"" + TOP + "/ms/bin\" is a symbolic link to \"../fe/bin\"; a component's bin must be"
                                + " a directory inside the package"),
                refused(
                        "bin is a regular file",
                        t -> t.dir(TOP + "/ms/").file(TOP + "/ms/bin", "#!/bin/sh\n"),
                        "entry \"" + TOP + "/ms/bin\" is a regular file; a component's bin must be a directory"),
                refused(
                        "lib is a regular file",
                        t -> t.dir(TOP + "/ms/").file(TOP + "/ms/lib", "x"),
                        "entry \"" + TOP + "/ms/lib\" is a regular file; a component's lib must be a directory"),
                refused(
                        "a library symlinked to an absolute path",
                        t -> t.symlink(TOP + "/be/lib/libjvm.so", "/etc/passwd"),
                        "is a symbolic link to the absolute path \"/etc/passwd\", outside the package"),
                refused(
                        "a symlink climbing out with ..",
                        t -> t.symlink(TOP + "/be/lib/evil", "../../../../etc"),
                        "is a symbolic link to \"../../../../etc\", which leaves the package"),
                refused(
                        "an entry written through an earlier symlink",
                        t -> t.symlink(TOP + "/be/conf", "../fe").file(TOP + "/be/conf/be.conf", "x"),
                        "entry \"" + TOP + "/be/conf/be.conf\" is written through the symbolic link \"" + TOP
                                + "/be/conf\""),
                refused(
                        "a hard link to an absolute path",
                        t -> t.hardlink(TOP + "/be/lib/h", "/etc/shadow"),
                        "is a hard link to the absolute path \"/etc/shadow\", outside the package"),
                refused(
                        "a hard link outside the top directory",
                        t -> t.hardlink(TOP + "/be/lib/h", "other/file"),
                        "is a hard link to \"other/file\", which leaves the package"),
                refused("a character device", t -> t.special(TOP + "/be/bin/tty", '3'), "is a device file"),
                refused("a block device", t -> t.special(TOP + "/be/lib/sda", '4'), "is a device file"),
                refused("a FIFO", t -> t.special(TOP + "/be/bin/fifo", '6'), "is a FIFO"),
                refused(
                        "an absolute entry name",
                        t -> t.file("/etc/cron.d/dorisops", "* * * * * root sh"),
                        "entry \"/etc/cron.d/dorisops\" has an absolute name"),
                refused(
                        "a .. entry name",
                        t -> t.file(TOP + "/../../.ssh/authorized_keys", "ssh-ed25519 AAAA"),
                        "contains \"..\" and would extract outside the package"),
                refused(
                        "a pax path with ..",
                        t -> t.paxPath(TOP + "/../x").file(TOP + "/harmless", "x"),
                        "entry \"" + TOP + "/../x\" contains \"..\""),
                refused(
                        "a GNU long name with ..",
                        t -> t.gnuLongName(TOP + "/" + "d/".repeat(60) + "../../../../../../../../../../../../"
                                        + "../../../../../../../../../../../../../../../../../../../../../../../../"
                                        + "../../../../../../../../../../../../../x")
                                .file("short", "x"),
                        "contains \"..\" and would extract outside the package"),
                refused("an unknown entry type", t -> t.special(TOP + "/be/x", 'Z'), "has the unknown tar type \"Z\""),
                refused(
                        "a control character in a name",
                        t -> t.file(TOP + "/be/bin/\u001b[2Jclear", "x"),
                        "has control characters in its name"),
                refused(
                        "a size field that is not octal",
                        t -> t.rawSize(TOP + "/be/x", "12x4"),
                        "bad tar header at offset 7680 of the tar stream (the size field \"12x4\" is not an octal"
                                + " number)"),
                refused(
                        "a pax global header setting every entry's path",
                        t -> t.pax('g', "path", TOP + "/be/lib/x.jar").file(TOP + "/be/lib/y", "x"),
                        "a pax global header at offset 7680 of the tar stream sets \"path\", which GNU tar applies"
                                + " to every entry after it; a package's global header may carry only comment, mtime,"),
                refused(
                        "a pax global header setting every link's target",
                        t -> t.pax('g', "linkpath", "/etc/shadow").symlink(TOP + "/be/lib/l", "x.jar"),
                        "sets \"linkpath\", which GNU tar applies to every entry after it"),
                refused(
                        "a pax global header setting every entry's size",
                        t -> t.pax('g', "size", "0").file(TOP + "/be/lib/y", "x"),
                        "sets \"size\", which GNU tar applies to every entry after it"),
                refused(
                        "a pax record GNU.sparse.name",
                        t -> t.pax('x', "GNU.sparse.name", "/etc/cron.d/x").file(TOP + "/be/lib/y", "x"),
                        "entry \"" + TOP + "/be/lib/y\" carries the pax record \"GNU.sparse.name\", which GNU"
                                + " tar reads as the entry's name or layout"),
                refused(
                        "a setuid file",
                        t -> t.fileWithMode(TOP + "/be/bin/su", "4755"),
                        "entry \"" + TOP + "/be/bin/su\" has mode 4755, with the setuid bit"),
                refused(
                        "a setgid directory",
                        t -> t.dirWithMode(TOP + "/be/lib/g/", "2755"),
                        "has mode 2755, with the setgid bit"),
                refused(
                        "a world-writable file",
                        t -> t.fileWithMode(TOP + "/be/bin/start_be.sh", "0777"),
                        "entry \"" + TOP + "/be/bin/start_be.sh\" has mode 0777 and is world-writable"),
                refused(
                        "a world-writable directory",
                        t -> t.dirWithMode(TOP + "/be/lib/tmp/", "1777"),
                        "has mode 1777 and is world-writable"),
                refused(
                        "a header whose checksum is wrong",
                        t -> t.file(TOP + "/be/y", "x").corruptLastHeader(),
                        "bad tar header at offset 7680 of the tar stream (its checksum is"));
    }

    private static Arguments refused(String what, UnaryOperator<Tars> change, String message) {
        return Arguments.of(what, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePackages")
    void aHostilePackageIsRefusedNamingTheEntry(String what, UnaryOperator<Tars> change, String message)
            throws Exception {
        Path file = change.apply(Tars.release(TOP)).writeTo(dir.resolve(TOP + ".tar.gz"));

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("package " + file + " is ")
                .hasMessageContaining(message)
                .hasMessageNotContaining("NumberFormatException")
                .hasMessageNotContaining("(null)");
    }

    @Test
    void aPackageWithLinksInsideItIsAccepted() throws Exception {
        Path file = Tars.release(TOP)
                .symlink(TOP + "/be/lib/libx.so", "libx.so.1")
                .symlink(TOP + "/fe/lib/shared", "../../be/lib")
                .hardlink(TOP + "/be/lib/copy.jar", TOP + "/be/lib/x.jar")
                .writeTo(dir.resolve(TOP + ".tar.gz"));

        assertThat(PackageInfo.inspect(file, Flavor.DORIS).components()).containsExactlyInAnyOrder("fe", "be");
    }

    @Test
    void aGlobalHeaderCarryingOnlyHarmlessKeysIsAccepted() throws Exception {
        // git archive writes the commit as a global comment; GNU tar's own --format=pax writes times.
        Path release = Tars.of()
                .pax('g', "comment", "4f1c2ab", "mtime", "1700000000.5", "uname", "doris", "uid", "1000")
                .dir(TOP + "/")
                .dir(TOP + "/be/")
                .dir(TOP + "/be/bin/")
                .dir(TOP + "/be/lib/")
                .writeTo(dir.resolve(TOP + ".tar.gz"));

        assertThat(PackageInfo.inspect(release, Flavor.DORIS).components()).containsExactly("be");
    }

    /**
     * The fixture is checked against the real GNU tar first: with a global {@code size=0} the data of
     * an innocent entry is read as further entries (a FIFO, a setuid file) that a scan skipping that
     * data never sees.
     */
    @Test
    void theScanSeesWhatGnuTarUnpacksAGlobalSizeCannotHideEntries() throws Exception {
        byte[] hidden = Tars.of()
                .special(TOP + "/be/lib/fifo", '6')
                .fileWithMode(TOP + "/be/bin/su", "4755")
                .tarBytes();
        Path file = Tars.release(TOP)
                .pax('g', "size", "0")
                .entry(TOP + "/be/lib/cover.jar", '0', "", Arrays.copyOf(hidden, hidden.length - 1024))
                .writeTo(dir.resolve(TOP + ".tar.gz"));
        Process list = new ProcessBuilder("tar", "-tvzf", file.toString())
                .redirectErrorStream(true)
                .start();
        String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor()).isZero();
        assertThat(listed)
                .containsPattern("(?m)^p.* " + TOP + "/be/lib/fifo$")
                .containsPattern("(?m)^-rws.* " + TOP + "/be/bin/su$");

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .hasMessageContaining("sets \"size\", which GNU tar applies to every entry after it");
    }

    @Test
    void aTruncatedPackageIsReportedAsTruncated() throws Exception {
        Path whole =
                Tars.release(TOP).file(TOP + "/be/lib/big.jar", random(200_000)).writeTo(dir.resolve("w"));
        byte[] bytes = Files.readAllBytes(whole);
        Path file = Files.write(dir.resolve(TOP + ".tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .hasMessageStartingWith("package " + file + " is truncated: the archive ends inside entry \"" + TOP
                        + "/be/lib/big.jar\" at offset ")
                .hasMessageEndingWith("of the tar stream; download it again");
    }

    private static String random(int length) {
        java.util.Random random = new java.util.Random(42);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    @Test
    void aPackageCutInsideTheGzipTrailerIsTruncatedToo() throws Exception {
        byte[] bytes = Files.readAllBytes(Tars.release(TOP).writeTo(dir.resolve("w")));
        Path file = Files.write(dir.resolve(TOP + ".tar.gz"), Arrays.copyOf(bytes, bytes.length - 4));

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS)).hasMessageContaining(" is truncated: ");
    }

    @Test
    void filesThatAreNotGzipAreNamedForWhatTheyAre() throws Exception {
        Path text = Files.writeString(dir.resolve("a.tar.gz"), "not a tarball");
        Path zip = Files.write(dir.resolve("b.tar.gz"), new byte[] {'P', 'K', 3, 4, 0, 0});
        Path empty = Files.write(dir.resolve("c.tar.gz"), new byte[0]);

        assertThatThrownBy(() -> PackageInfo.inspect(text, Flavor.DORIS))
                .hasMessage("package " + text + " is not a gzip-compressed tar file: it starts with bytes 6e 6f 74 20;"
                        + " pass the release tarball as downloaded, e.g. apache-doris-2.1.8-bin-x64.tar.gz");
        assertThatThrownBy(() -> PackageInfo.inspect(zip, Flavor.DORIS))
                .hasMessageContaining("it starts with bytes 50 4b 03 04 (a zip file)");
        assertThatThrownBy(() -> PackageInfo.inspect(empty, Flavor.DORIS)).hasMessageContaining(": it is empty;");
    }

    @Test
    void aDamagedGzipStreamIsReportedInWords() throws Exception {
        byte[] bytes = Files.readAllBytes(Tars.release(TOP).writeTo(dir.resolve("w")));
        for (int i = 20; i < bytes.length - 20; i += 7) {
            bytes[i] ^= 0x5a;
        }
        Path file = Files.write(dir.resolve(TOP + ".tar.gz"), bytes);

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .hasMessageStartingWith("package " + file + " is ")
                .hasMessageNotContaining("NumberFormatException")
                .hasMessageNotContaining("(null)")
                .hasMessageContaining("download it again");
    }

    // --- checksums ---

    private Path release() throws Exception {
        return Tars.release(TOP).writeTo(dir.resolve(TOP + ".tar.gz"));
    }

    private static String sha512(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }

    private static Path sidecar(Path file, String text) throws Exception {
        return Files.writeString(file.resolveSibling(file.getFileName() + ".sha512"), text, StandardCharsets.UTF_8);
    }

    @Test
    void theChecksumFileBesideThePackageIsVerifiedInEveryPublishedForm() throws Exception {
        Path file = release();
        String hex = sha512(file);
        for (String form : new String[] {
            hex + "  " + TOP + ".tar.gz\n",
            hex + " *" + TOP + ".tar.gz\n",
            hex.toUpperCase(java.util.Locale.ROOT) + "\n",
            "SHA512 (" + TOP + ".tar.gz) = " + hex + "\n",
            hex + "  /home/release/" + TOP + ".tar.gz\n"
        }) {
            sidecar(file, form);
            assertThat(PackageInfo.inspect(file, Flavor.DORIS).sha512())
                    .as(form)
                    .isEqualTo(hex);
        }
    }

    @Test
    void aChecksumMismatchNamesBothDigests() throws Exception {
        Path file = release();
        String actual = sha512(file);
        String wrong = "ab".repeat(64);
        sidecar(file, wrong + "  " + TOP + ".tar.gz\n");

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .hasMessage("package " + file + " does not match its checksum: SHA-512 " + actual + ", " + TOP
                        + ".tar.gz.sha512 says " + wrong + "; download the package again from the release site, or"
                        + " check the checksum you were given");
    }

    @Test
    void anExpectedChecksumIsVerifiedAndAMismatchNamesBoth() throws Exception {
        Path file = release();
        String actual = sha512(file);

        assertThat(PackageInfo.inspect(file, Flavor.DORIS, Optional.of(actual.toUpperCase(java.util.Locale.ROOT)))
                        .sha512())
                .isEqualTo(actual);
        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS, Optional.of("0".repeat(128))))
                .hasMessageContaining("SHA-512 " + actual + ", expected " + "0".repeat(128));
        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS, Optional.of("abc")))
                .hasMessage("the expected SHA-512 \"abc\" is not a SHA-512; give the 128 hex digits the release site"
                        + " publishes");
    }

    @Test
    void aChecksumFileForAnotherPackageOrWithoutADigestIsRefused() throws Exception {
        Path file = release();
        String hex = sha512(file);

        sidecar(file, hex + "  apache-doris-2.1.7-bin-x64.tar.gz\n");
        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .hasMessageContaining("is for \"apache-doris-2.1.7-bin-x64.tar.gz\", not for " + TOP + ".tar.gz");
        sidecar(file, "<html>404 Not Found</html>\n");
        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .hasMessageContaining("holds no SHA-512 (128 hex digits), it starts \"<html>404 Not Found</html>\"");
    }
}
