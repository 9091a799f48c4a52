package io.dorisops.internal.fecheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.LocalTransport;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.ProgressListener;
import io.dorisops.Version;
import io.dorisops.internal.context.Events;
import io.dorisops.spi.PackageFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FE metadata check's package upload to a test host on another machine (step 3) is told to the run's
 * listener like every other upload of a run: a start, ticks, and an end equal to the package's size, under
 * the event node {@code fe-check}; on this machine nothing is uploaded.
 */
class FrontendCheckUploadTest {

    @TempDir
    Path dir;

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    private PackageFile pkg() throws Exception {
        byte[] bytes = new byte[3_000_000];
        new Random(11).nextBytes(bytes);
        Path file = Files.write(dir.resolve("apache-doris-3.0.3-bin-x64.tar.gz"), bytes);
        String sha512 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        return new PackageFile(file, "apache-doris-3.0.3-bin-x64", Version.parse("3.0.3"), sha512);
    }

    private Path upload(String host, PackageFile pkg) throws Exception {
        FrontendCheckHost target = new FrontendCheckHost(new LocalTransport(host), Duration.ofMinutes(1));
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        return FrontendCheck.packageOn(
                target,
                pkg,
                scratch,
                Duration.ofMinutes(1),
                FrontendCheck.upload(new Events("run-1", ProgressListener.of(events::add)), target));
    }

    @Test
    void thePackageUploadToAnotherMachineIsToldToTheListenerWithAFinalEventEqualToItsSize() throws Exception {
        PackageFile pkg = pkg();

        Path onHost = upload("check-host", pkg);

        assertThat(onHost).hasSameBinaryContentAs(pkg.file());
        List<ProgressEvent.Transfer> transfers = events.stream()
                .filter(event -> event.type() == Type.TRANSFER)
                .peek(event -> assertThat(event.nodeId()).isEqualTo("fe-check"))
                .peek(event -> assertThat(event.runId()).isEqualTo("run-1"))
                .map(event -> event.transfer().orElseThrow())
                .toList();
        assertThat(transfers).hasSizeGreaterThanOrEqualTo(2);
        assertThat(transfers).allSatisfy(transfer -> {
            assertThat(transfer.host()).isEqualTo("check-host");
            assertThat(transfer.file()).isEqualTo(pkg.file().getFileName().toString());
            assertThat(transfer.bytesTotal()).isEqualTo(Files.size(pkg.file()));
        });
        assertThat(transfers.get(0).bytesDone()).isZero();
        assertThat(transfers.get(transfers.size() - 1).bytesDone()).isEqualTo(Files.size(pkg.file()));
        assertThat(transfers).extracting(ProgressEvent.Transfer::bytesDone).isSorted();
    }

    @Test
    void onThisMachineThePackageIsUsedWhereItIsAndNothingIsUploaded() throws Exception {
        PackageFile pkg = pkg();

        assertThat(upload("127.0.0.1", pkg)).isEqualTo(pkg.file().toAbsolutePath());
        assertThat(events).isEmpty();
    }
}
