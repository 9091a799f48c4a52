package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.internal.host.HostNodeControl;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.spi.BinaryStore;
import io.dorisops.spi.Command;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging one 500 MB package to 8 loopback SSH hosts (the in-JVM MINA server, one SSH connection per
 * host): one host after the other, then {@code transferParallel} at once as {@link StagingRun} does, in
 * the same run. Each staging is the real one: the upload over SFTP, the copy's SHA-512 on the host, the
 * extraction of {@code bin/} and {@code lib/}.
 */
@Tag("bench")
class StagingBench {

    static final int HOSTS = 8;
    static final long FILLER = 500L * 1024 * 1024;

    @RegisterExtension
    final MinaSshServer server = new MinaSshServer();

    @TempDir
    Path dir;

    @Test
    void stagingOnePackageToEightSshHostsSequentialAgainstParallel() throws Exception {
        Path pkg = BigRelease.write(dir.resolve("apache-doris-2.1.8-bin-x64.tar.gz"), dir, FILLER);
        PackageFile verified = PackageInfo.inspect(pkg, Flavor.DORIS).verified();
        long sequential = stage(verified, 1, "seq");
        long parallel4 = stage(verified, RunOptions.TRANSFER_PARALLEL, "par");
        long parallel8 = stage(verified, HOSTS, "all");
        System.out.printf(
                "BENCH staging | %d MB package to %d SSH hosts (in-JVM MINA, loopback) | sequential %d ms,"
                        + " transferParallel %d %d ms (%.2fx), transferParallel %d %d ms (%.2fx) | %d cores, load %s%n",
                Files.size(pkg) / 1_000_000,
                HOSTS,
                sequential,
                RunOptions.TRANSFER_PARALLEL,
                parallel4,
                (double) sequential / parallel4,
                HOSTS,
                parallel8,
                (double) sequential / parallel8,
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        assertThat(parallel4).isPositive();
    }

    /** Stages the package on {@link #HOSTS} fresh homes, {@code parallel} at once; returns the milliseconds. */
    private long stage(PackageFile pkg, int parallel, String name) throws Exception {
        String yaml = "name: bench-" + name + "\nflavor: doris\nfollowers:\n  - {id: fe-1, host: fe, home: "
                + dir.resolve(name + "/fe") + "}\nbackends:\n"
                + IntStream.rangeClosed(1, HOSTS)
                        .mapToObj(i -> "  - {id: be-" + i + ", host: host-" + i + ", home: "
                                + dir.resolve(name + "/be-" + i) + "}\n")
                        .collect(Collectors.joining());
        Topology topology = Topology.parse(yaml, "bench.yaml");
        Map<String, Transport> transports = new ConcurrentHashMap<>();
        List<Node> nodes = topology.nodes(Role.BE);
        BinaryStore binaries = HostNodeControl.of(
                        Flavor.DORIS,
                        node -> transports.computeIfAbsent(node.id(), any -> ssh()),
                        Duration.ofMinutes(10),
                        false)
                .binaries()
                .orElseThrow();
        for (Node node : nodes) {
            Files.createDirectories(node.home());
            transports.computeIfAbsent(node.id(), any -> ssh()).exec(Command.of("true"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        try {
            List<Future<?>> staging = new ArrayList<>();
            for (Node node : nodes) {
                staging.add(pool.submit(() -> binaries.stage(node, pkg, "20261207_220000")));
            }
            for (Future<?> each : staging) {
                each.get();
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
            transports.values().forEach(Transport::close);
            new ProcessBuilder("rm", "-rf", dir.resolve(name).toString())
                    .start()
                    .waitFor();
        }
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
