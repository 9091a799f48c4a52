package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.context.TransferProgress;
import io.dorisops.internal.context.TransferProgress.Record;
import io.dorisops.internal.host.HostNodeControl;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.spi.BinaryStore;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.Transport;
import io.dorisops.ssh.MinaSshServer;
import io.dorisops.ssh.SshTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging a 200 MB package on 3 hosts over SSH (the in-JVM MINA server, one SSH connection per host) at
 * once, as the runner stages, tells each host's upload as TRANSFER events: increasing bytes, and a last
 * one equal to the package's size; the journal gets each upload's start and end only.
 */
class SshStagingProgressTest {

    static final long FILLER = 200L * 1024 * 1024;

    @RegisterExtension
    final MinaSshServer server = new MinaSshServer();

    @TempDir
    Path dir;

    @Test
    void a200MegabytePackageStagedOnThreeHostsOverSshReportsIncreasingBytesPerHostEndingAtItsSize() throws Exception {
        Path pkg = BigRelease.write(dir.resolve("apache-doris-2.1.8-bin-x64.tar.gz"), dir, FILLER);
        long size = Files.size(pkg);
        assertThat(size).isGreaterThan(FILLER);
        Topology topology = Topology.parse(
                """
                name: ssh-staging
                flavor: doris
                followers:
                  - {id: fe-1, host: host-0, home: %1$s/fe-1}
                backends:
                  - {id: be-1, host: host-1, home: %1$s/be-1}
                  - {id: be-2, host: host-2, home: %1$s/be-2}
                  - {id: be-3, host: host-3, home: %1$s/be-3}
                """
                        .formatted(dir),
                "ssh-staging.yaml");
        Map<String, Transport> transports = new ConcurrentHashMap<>();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        List<String> journaled = new CopyOnWriteArrayList<>();
        Record journal = (node, host, file, phase, bytes, elapsed) -> journaled.add(node + " " + phase + " " + bytes);
        Events run = new Events("upgrade-ssh", ProgressListener.of(events::add));
        PackageFile verified = PackageInfo.inspect(pkg, Flavor.DORIS).verified();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            BinaryStore binaries = HostNodeControl.of(
                            Flavor.DORIS,
                            node -> transports.computeIfAbsent(node.id(), any -> ssh()),
                            Duration.ofMinutes(5),
                            false)
                    .binaries()
                    .orElseThrow();
            List<Future<?>> staging = new ArrayList<>();
            for (Node node : topology.nodes(Role.BE)) {
                Files.createDirectories(node.home());
                staging.add(pool.submit(() ->
                        binaries.stage(node, verified, "20261207_220000", new TransferProgress(run, journal, node))));
            }
            for (Future<?> each : staging) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
            transports.values().forEach(Transport::close);
        }

        for (Node node : topology.nodes(Role.BE)) {
            List<ProgressEvent.Transfer> seen = events.stream()
                    .filter(e -> e.type() == ProgressEvent.Type.TRANSFER
                            && e.nodeId().equals(node.id()))
                    .map(e -> e.transfer().orElseThrow())
                    .toList();
            assertThat(seen.size()).as(node.id() + "'s transfer events").isGreaterThanOrEqualTo(3);
            assertThat(seen).allMatch(t -> t.host().equals(node.host()) && t.bytesTotal() == size);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).bytesDone())
                        .isGreaterThan(seen.get(i - 1).bytesDone());
            }
            assertThat(seen.get(seen.size() - 1).bytesDone()).isEqualTo(size);
            assertThat(seen.get(seen.size() - 1).bytesPerSecond()).isPositive();
            assertThat(journaled).containsSubsequence(node.id() + " started " + size, node.id() + " finished " + size);
            assertThat(node.home().resolve(".dorisops/staged/20261207_220000/bin"))
                    .isDirectory();
        }
        assertThat(journaled).hasSize(6);
    }

    private SshTransport ssh() {
        return SshTransport.builder("127.0.0.1")
                .user(MinaSshServer.USER)
                .port(server.port())
                .identityFile(server.userKey())
                .knownHosts(server.knownHosts())
                .build();
    }
}
