package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Cluster;
import io.dorisops.Flavor;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.FrontendCheckResult;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ProgressListener;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FE metadata compatibility check of issue #15 on a sandbox of each flavor: a compatible package
 * passes and leaves the live meta dir byte for byte and the live processes as they were, on ports that
 * avoid every live one; a package whose FE cannot read the meta fails with the fe.log line; bad input
 * is refused before anything runs.
 */
class FrontendCheckTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} to {2}")
    @CsvSource({
        "DORIS, 2.1.7, 3.0.3, start_fe.sh --metadata_failure_recovery",
        "STARROCKS, 3.2.9, 3.3.5, fe.conf bdbje_reset_election_group = true"
    })
    void theCheckPassesACompatiblePackageFailsAnIncompatibleOneAndNeverTouchesTheLiveCluster(
            Flavor flavor, String from, String to, String recoverySwitch) throws Exception {
        try (Rig rig = new Rig(
                dir, Sandbox.builder().flavor(flavor).version(from).followers(1).backends(3))) {
            Cluster cluster = rig.cluster(ProgressListener.NONE);
            Node master = rig.sandbox.node(rig.masterId());
            Path liveMeta = master.home().resolve(flavor.metaDirName());
            Map<String, String> before = checksums(liveMeta);
            Map<String, Long> pids = pids(rig);
            FrontendCheckOptions options = FrontendCheckOptions.builder()
                    .timeout(Duration.ofSeconds(40))
                    .ports(20000, 32000)
                    .workDir(dir.resolve("scratch-ok"))
                    .build();

            FrontendCheckResult ok = cluster.checkFrontendUpgrade(rig.pkg(to), options);

            assertThat(ok.passed()).as(ok.summary()).isTrue();
            assertThat(ok.recoverySwitch()).isEqualTo(recoverySwitch);
            assertThat(ok.evidence())
                    .anySatisfy(line -> assertThat(line).contains("finished to load image"))
                    .anySatisfy(line -> assertThat(line).contains("finished to replay journal, can write now."));
            assertThat(ok.kept()).isFalse();
            assertThat(Path.of(ok.scratchDir())).doesNotExist();
            assertThat(Path.of(ok.scratchDir()).startsWith(dir.resolve("scratch-ok")))
                    .isTrue();
            Set<Integer> live = new TreeSet<>();
            rig.sandbox.nodes().forEach(node -> live.addAll(node.ports().inUse().values()));
            assertThat(ok.livePorts()).containsAll(live);
            assertThat(ok.ports().values()).doesNotContainAnyElementsOf(live);
            assertThat(checksums(liveMeta)).isEqualTo(before);
            assertThat(pids(rig)).isEqualTo(pids);

            Path bad = Sandbox.buildIncompatiblePackage(flavor, Version.parse(to), dir.resolve("incompatible"));
            FrontendCheckResult failed = cluster.checkFrontendUpgrade(
                    bad, options.toBuilder().workDir(dir.resolve("scratch-bad")).build());

            assertThat(failed.passed()).isFalse();
            assertThat(failed.errors()).anySatisfy(line -> assertThat(line)
                    .contains("The meta version of image is 129, which is higher than FE current version" + " 128"));
            assertThat(failed.summary()).contains("FAILED").contains("higher than FE current version");
            assertThat(failed.kept()).isTrue();
            assertThat(Path.of(failed.scratchDir()).resolve("fe/log/fe.log")).exists();
            assertThat(checksums(liveMeta)).isEqualTo(before);
            assertThat(pids(rig)).isEqualTo(pids);
            assertThat(rig.sandbox.processes()).hasSameSizeAs(pids.keySet());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DORIS, 2.1.7, 2.1.8, STARROCKS", "STARROCKS, 3.3.4, 3.3.5, DORIS"})
    void badInputIsRefusedBeforeAnythingRunsWithEveryProblemNamed(Flavor flavor, String from, String to, Flavor other)
            throws Exception {
        try (Rig rig = new Rig(
                dir, Sandbox.builder().flavor(flavor).version(from).followers(1).backends(1))) {
            Cluster cluster = rig.cluster(ProgressListener.NONE);
            Path pkg = rig.pkg(to);
            Node master = rig.sandbox.node(rig.masterId());
            List<ServerSocket> held = new ArrayList<>();
            try {
                int first = hold(held, 4);
                FrontendCheckOptions crowded = FrontendCheckOptions.builder()
                        .ports(first, first + 3)
                        .workDir(master.home().resolve("check"))
                        .build();
                assertThatThrownBy(() -> cluster.checkFrontendUpgrade(pkg, crowded))
                        .isInstanceOfSatisfying(PreconditionFailedException.class, refused -> assertThat(
                                        refused.failures())
                                .anySatisfy(f -> assertThat(f).startsWith("no free ports: 127.0.0.1 has 0 ports in"))
                                .anySatisfy(f ->
                                        assertThat(f).contains("is inside (or holds) the live home " + master.home())))
                        .hasMessageContaining("nothing was run");
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
            Path wrong = Sandbox.buildPackage(other, Version.parse(to), dir.resolve("other"));
            assertThatThrownBy(() -> cluster.checkFrontendUpgrade(wrong, FrontendCheckOptions.defaults()))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, refused -> assertThat(refused.failures())
                            .anySatisfy(f -> assertThat(f).contains("is not a " + flavor.key() + " release")));

            List<Node> moved = rig.topology.nodes().stream()
                    .map(node -> node.id().equals(master.id())
                            ? new Node(node.id(), node.host(), node.role(), dir.resolve("elsewhere"), node.ports())
                            : node)
                    .toList();
            Topology topology = new Topology(
                    rig.topology.name(),
                    flavor,
                    moved,
                    rig.topology.ssh(),
                    rig.topology.sql(),
                    rig.topology.timeouts(),
                    rig.topology.source());
            Cluster elsewhere = Cluster.builder(topology)
                    .transports(rig.transports)
                    .admin(rig.admin)
                    .build();
            assertThatThrownBy(() -> elsewhere.checkFrontendUpgrade(pkg, FrontendCheckOptions.defaults()))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, refused -> assertThat(refused.failures())
                            .anySatisfy(f -> assertThat(f)
                                    .contains(dir.resolve("elsewhere").resolve(flavor.metaDirName())
                                            + " does not exist")));
            assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString))
                    .noneMatch(name -> name.startsWith("scratch"));
        }
    }

    /** Holds {@code count} consecutive free loopback ports; returns the first. */
    /**
     * A young cluster whose master never checkpointed has no image: the real FE logs {@code image does not
     * exist: …/image/image.0} and no {@code finished to load image}. With {@code enable_all_http_auth =
     * true} (inherited by the test FE from the master's fe.conf) the bootstrap poll needs the topology's
     * SQL user as basic auth.
     */
    @org.junit.jupiter.api.Test
    void theCheckPassesOnAMasterThatNeverMadeAnImageWithHttpAuthOn() throws Exception {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(1)
                        .backends(1)
                        .sqlPassword("s3cret")
                        .withoutImage())) {
            rig.sandbox.stop();
            for (Node fe : rig.sandbox.nodes()) {
                if (fe.role().isFrontend()) {
                    Files.writeString(
                            fe.home().resolve("conf/fe.conf"),
                            "enable_all_http_auth = true\n",
                            java.nio.file.StandardOpenOption.APPEND);
                }
            }
            rig.sandbox.startAll();
            rig.sandbox.awaitReady(Duration.ofSeconds(60));
            Cluster cluster = rig.cluster(ProgressListener.NONE);

            FrontendCheckResult result = cluster.checkFrontendUpgrade(
                    rig.pkg("2.1.8"),
                    FrontendCheckOptions.builder()
                            .timeout(Duration.ofSeconds(40))
                            .ports(20000, 32000)
                            .workDir(dir.resolve("scratch"))
                            .build());

            assertThat(result.passed()).as(result.summary()).isTrue();
            assertThat(result.evidence())
                    .anySatisfy(line ->
                            assertThat(line).contains("image does not exist: ").endsWith("image/image.0"))
                    .anySatisfy(line -> assertThat(line).contains("finished to replay journal, can write now."))
                    .anySatisfy(
                            line -> assertThat(line).startsWith("GET /api/bootstrap: {\"msg\":\"success\",\"code\":0"))
                    .noneSatisfy(line -> assertThat(line).contains("finished to load image"));
            assertThat(String.join("\n", result.evidence()) + result.summary()).doesNotContain("s3cret");
        }
    }

    private static int hold(List<ServerSocket> held, int count) throws IOException {
        for (int base = 33000; base < 60000; base += 17) {
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    ServerSocket socket = new ServerSocket();
                    sockets.add(socket);
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                }
                held.addAll(sockets);
                return base;
            } catch (IOException e) {
                for (ServerSocket socket : sockets) {
                    socket.close();
                }
            }
        }
        throw new IOException("no free ports to hold");
    }

    private static Map<String, Long> pids(Rig rig) {
        Map<String, Long> pids = new TreeMap<>();
        rig.sandbox.nodes().forEach(node -> pids.put(node.id(), rig.pid(node.id())));
        return pids;
    }

    static Map<String, String> checksums(Path tree) throws Exception {
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
