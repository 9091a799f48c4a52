package io.dorisops.internal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.LocalTransport;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.internal.pkg.Tars;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package on a host, with the real {@code tar}, {@code sha512sum} and shell through {@link
 * LocalTransport} on real directories: staged whole or not at all, checked after unpacking, and every
 * copy on the host verified against the package's SHA-512. The packages are crafted and handed to the
 * host port as they are (the scan would refuse most of them): this is the host's own line of defence.
 */
class HostPackagesTest {

    private static final String TOP = "apache-doris-2.1.8-bin-x64";
    private static final String STAMP = "20261207_150000";

    @TempDir
    Path dir;

    private Path home;
    private Path staged;
    private Node node;
    private final LocalTransport local = new LocalTransport();

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("be-1"));
        staged = home.resolve(".dorisops/staged/" + STAMP);
        node = new Node("be-1", "127.0.0.1", Role.BE, home, Ports.beDefaults());
    }

    private static NodeControl ops(Transport transport) {
        return HostNodeControl.of(Flavor.DORIS, any -> transport, Duration.ofSeconds(60), false);
    }

    private static PackageInfo info(Path file) throws Exception {
        return new PackageInfo(
                file,
                TOP,
                Version.parse("2.1.8"),
                Set.of("fe", "be"),
                Files.size(file),
                sha512(file),
                Optional.empty());
    }

    private static String sha512(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }

    private static Tars withBigLibrary() {
        byte[] random = new byte[400_000];
        new Random(7).nextBytes(random);
        return Tars.release(TOP).entry(TOP + "/be/lib/big.so", '0', "", random);
    }

    @Test
    void aStageWhoseTarDiesMidExtractionIsNeverTakenAsDoneNorDeployedAndResumeStagesItWhole() throws Exception {
        Path pkg = dir.resolve(TOP + ".tar.gz");
        byte[] whole = Files.readAllBytes(withBigLibrary().writeTo(pkg));
        // The host's tar dies inside big.so: bin/ and lib/ are on disk, half-filled, as after a kill.
        Files.write(pkg, Arrays.copyOf(whole, whole.length * 2 / 3));
        PackageInfo cut = info(pkg);

        assertThatThrownBy(() -> ops(local).binaries().orElseThrow().stage(node, cut.verified(), STAMP))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("stage failed")
                .hasMessageContaining("nothing was staged");
        assertThat(staged).doesNotExist();
        assertThatThrownBy(() -> ops(local).binaries().orElseThrow().deploy(node, STAMP))
                .hasMessageContaining("nothing staged at");
        assertThat(home.resolve("lib")).doesNotExist();

        // resume (a new process): the package is whole again; the half-extraction is not "already staged".
        Files.write(pkg, whole);
        ops(local).binaries().orElseThrow().stage(node, info(pkg).verified(), STAMP);
        ops(local).binaries().orElseThrow().deploy(node, STAMP);

        assertThat(home.resolve("lib/big.so")).hasSize(400_000);
        assertThat(home.resolve("bin/start_be.sh")).exists();
    }

    /**
     * A real kill: the host's tar reads the package from a FIFO that this test feeds two thirds of it
     * and then holds open, so the extraction stops half-way for certain; then the script and its tar
     * are killed with SIGKILL (a runner killed with its ssh session), leaving what they wrote.
     */
    @Test
    void aStageKilledMidExtractionIsNeverTakenAsDoneNorDeployedAndResumeStagesItWhole() throws Exception {
        Path pkg = withBigLibrary().writeTo(dir.resolve(TOP + ".tar.gz"));
        byte[] whole = Files.readAllBytes(pkg);
        Path fifo = dir.resolve("fifo-" + TOP + ".tar.gz");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        CountDownLatch killed = new CountDownLatch(1);
        Thread feeder = new Thread(() -> {
            try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
                out.write(whole, 0, whole.length * 2 / 3);
                out.flush();
                killed.await();
            } catch (Exception e) {
                // the reader was killed: the pipe is broken, as intended
            }
        });
        feeder.start();
        HostPackages packages = new HostPackages(any -> local, Duration.ofMinutes(5));
        PackageInfo info = info(pkg);
        CompletableFuture<Void> stage = CompletableFuture.runAsync(
                () -> packages.stage(node, info.verified(), fifo, staged.toString(), STAMP, TOP + "/be"));
        Path partial = staged.resolveSibling(STAMP + ".partial");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.exists(partial.resolve("lib/x.jar"))
                && !Files.exists(staged.resolve("lib/x.jar"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(List.of(partial.resolve("lib/x.jar"), staged.resolve("lib/x.jar")))
                .as("tar got half-way")
                .anyMatch(Files::exists);
        // The stage's shell first (so nothing cleans up after the kill), then its tar: ours, by pid.
        List<ProcessHandle> tree = ProcessHandle.current()
                .descendants()
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(fifo.toString()))
                        .orElse(false))
                .sorted(java.util.Comparator.comparing((ProcessHandle process) ->
                        process.info().command().orElse("").endsWith("tar")))
                .toList();
        assertThat(tree).isNotEmpty();
        tree.forEach(ProcessHandle::destroyForcibly);
        killed.countDown();
        assertThatThrownBy(() -> stage.get(2, TimeUnit.MINUTES)).isInstanceOf(ExecutionException.class);
        feeder.join();

        assertThatThrownBy(() -> ops(local).binaries().orElseThrow().deploy(node, STAMP))
                .hasMessageContaining("nothing staged at");
        assertThat(staged).doesNotExist();

        // resume: the half-extraction is not "already staged"; it is thrown away and staged whole.
        ops(local).binaries().orElseThrow().stage(node, info.verified(), STAMP);
        ops(local).binaries().orElseThrow().deploy(node, STAMP);

        assertThat(home.resolve("lib/big.so")).hasSize(400_000);
        assertThat(partial).doesNotExist();
    }

    @Test
    void aPartialDirectoryLeftByAKilledStageIsThrownAwayAndExtractedAgain() throws Exception {
        Path pkg = Tars.release(TOP).writeTo(dir.resolve(TOP + ".tar.gz"));
        Path partial = Files.createDirectories(home.resolve(".dorisops/staged/" + STAMP + ".partial/lib"));
        Files.createDirectories(partial.resolveSibling("bin"));
        Files.writeString(partial.resolve("half.so"), "half");

        ops(local).binaries().orElseThrow().stage(node, info(pkg).verified(), STAMP);

        assertThat(partial.getParent()).doesNotExist();
        assertThat(staged.resolve("lib/x.jar")).exists();
        assertThat(staged.resolve("lib/half.so")).doesNotExist();
    }

    @Test
    void unpackingThatProducesAForbiddenEntryStagesNothingAndNamesIt() throws Exception {
        Path pkg = Tars.release(TOP)
                .special(TOP + "/be/lib/fifo", '6')
                .symlink(TOP + "/be/lib/passwd", "/etc/passwd")
                .symlink(TOP + "/be/lib/self", ".")
                // lexically inside the package, physically (self is lib) one level above it
                .symlink(TOP + "/be/lib/up", "self/../..")
                .writeTo(dir.resolve(TOP + ".tar.gz"));

        assertThatThrownBy(() -> ops(local)
                        .binaries()
                        .orElseThrow()
                        .stage(node, info(pkg).verified(), STAMP))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("unpacking produced what a package must not hold")
                .hasMessageContaining("./lib/fifo")
                .hasMessageContaining("./lib/passwd -> /etc/passwd")
                .hasMessageContaining("./lib/up -> self/../..")
                .hasMessageNotContaining("./lib/self ")
                .hasMessageContaining("Use the release tarball as published");
        assertThat(staged).doesNotExist();
        assertThat(staged.resolveSibling(STAMP + ".partial")).doesNotExist();
    }

    @Test
    void theModesOfThePackageAreNeverAppliedOnTheHost() throws Exception {
        Path pkg = Tars.release(TOP)
                .fileWithMode(TOP + "/be/bin/su", "4755")
                .fileWithMode(TOP + "/be/lib/open.so", "0777")
                .writeTo(dir.resolve(TOP + ".tar.gz"));

        ops(local).binaries().orElseThrow().stage(node, info(pkg).verified(), STAMP);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staged.resolve("lib/open.so"))))
                .isEqualTo("rwxr-xr-x");
        ExecResult mode = local.exec(
                Command.of("stat", "-c", "%a", staged.resolve("bin/su").toString()));
        assertThat(mode.stdout().strip()).isEqualTo("755");
    }

    @Test
    void aCopyAlreadyOnTheHostIsVerifiedBeforeItIsReused() throws Exception {
        Path pkg = Tars.release(TOP).writeTo(dir.resolve(TOP + ".tar.gz"));
        Path copy = home.resolve(".dorisops/packages/" + STAMP + "-" + TOP + ".tar.gz");
        Files.createDirectories(copy.getParent());
        // A copy of another package under the same name (an earlier run, a hand copy): never unpacked.
        Tars.release(TOP).file(TOP + "/be/lib/planted.so", "x").writeTo(copy);

        ops(local).binaries().orElseThrow().stage(node, info(pkg).verified(), STAMP);

        assertThat(sha512(copy)).isEqualTo(sha512(pkg));
        assertThat(staged.resolve("lib/planted.so")).doesNotExist();
        assertThat(staged.resolve("lib/x.jar")).exists();
    }

    @Test
    void anUploadDamagedOnTheWayIsRefusedNamingBothDigests() throws Exception {
        Path pkg = Tars.release(TOP).writeTo(dir.resolve(TOP + ".tar.gz"));
        Transport damaging = new Damaging(local);

        assertThatThrownBy(() -> ops(damaging)
                        .binaries()
                        .orElseThrow()
                        .stage(node, info(pkg).verified(), STAMP))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("has SHA-512 ")
                .hasMessageContaining("the package has " + sha512(pkg))
                .hasMessageContaining("the upload was damaged");
        assertThat(staged).doesNotExist();
    }

    @Test
    void anInstallUnpacksCheckedAndAForbiddenEntryInstallsNothing() throws Exception {
        Path bad = Tars.release(TOP).symlink(TOP + "/be/conf", "/etc").writeTo(dir.resolve(TOP + ".tar.gz"));
        assertThatThrownBy(() -> ops(local)
                        .installer()
                        .orElseThrow()
                        .install(node, info(bad).verified()))
                .hasMessageContaining("install failed")
                .hasMessageContaining("./conf -> /etc");
        assertThat(home.resolve("bin")).doesNotExist();
        assertThat(home.resolve("conf")).doesNotExist();

        Path good = Tars.release(TOP).writeTo(dir.resolve(TOP + ".tar.gz"));
        assertThat(ops(local).installer().orElseThrow().install(node, info(good).verified()))
                .isTrue();
        assertThat(home.resolve("bin/start_be.sh")).exists();
        assertThat(home.resolve(HostInstall.MARKER)).hasContent("2.1.8\n");
        assertThat(home.resolve(".dorisops/install.partial")).doesNotExist();
    }

    /** Uploads through the real local copy, then flips a byte of what arrived; closing leaves the copy open. */
    private static final class Damaging extends ForwardingTransport {
        Damaging(LocalTransport local) {
            super(local);
        }

        @Override
        public void upload(Path source, Path target, TransferListener listener) {
            delegate.upload(source, target, listener);
            try {
                byte[] bytes = Files.readAllBytes(target);
                bytes[bytes.length / 2] ^= 1;
                Files.write(target, bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {}
    }
}
