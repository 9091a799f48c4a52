package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Cluster;
import io.dorisops.Flavor;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.Version;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import io.dorisops.testkit.Sandbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seed 004 end to end on empty sandbox homes, both flavors: bad input refused before anything changes,
 * a deploy of 3 FE + 3 BE from a package, then a scale-out of one observer and one BE, with the
 * scale-out's bad input refused too.
 */
class DeployAndScaleOutTest {

    static Stream<Arguments> flavors() {
        return Stream.of(
                Arguments.of(Flavor.DORIS, "2.1.7", "2.1.8"), Arguments.of(Flavor.STARROCKS, "3.3.5", "3.3.6"));
    }

    @ParameterizedTest
    @MethodSource("flavors")
    void deployThreeFrontendsAndThreeBackendsThenScaleOutAnObserverAndABackend(
            Flavor flavor, String version, String newer, @TempDir Path dir) throws Exception {
        try (Sandbox hosts = Sandbox.builder()
                .flavor(flavor)
                .version(version)
                .followers(3)
                .observers(1)
                .backends(4)
                .hostNames(true)
                .emptyHomes()
                .baseDir(dir.resolve("hosts"))
                .start()) {
            Topology full = hosts.topology();
            Topology initial = without(full, "obs-1", "be-4");
            Path pkg = Sandbox.buildPackage(flavor, Version.parse(version), dir);
            Path otherFlavor = Sandbox.buildPackage(
                    flavor == Flavor.DORIS ? Flavor.STARROCKS : Flavor.DORIS, Version.parse(version), dir);
            RecordingListener events = new RecordingListener();
            RunOptions options = RunOptions.builder()
                    .listener(events.listener)
                    .stateDir(dir.resolve("state"))
                    .build();
            try (Transports transports = Transports.of(full);
                    JdbcClusterAdmin admin = JdbcClusterAdmin.of(full)) {
                Cluster before = cluster(initial, transports, admin);

                // A package of the other flavor: refused when planning, nothing installed.
                assertThatThrownBy(() -> before.run(Procedure.deploy(otherFlavor), options))
                        .isInstanceOf(PreconditionFailedException.class)
                        .hasMessageContaining(
                                "package: package " + otherFlavor + " is not a " + flavor.key() + " release");

                // A home that holds data and a port another process holds: both named, nothing changed.
                Node be3 = hosts.node("be-3");
                Path stray = Files.createDirectories(be3.home().resolve("storage/data/0"))
                        .resolve("10001.dat");
                Files.writeString(stray, "old tablet");
                Node be1 = hosts.node("be-1");
                try (ServerSocket squatter = new ServerSocket()) {
                    squatter.bind(new InetSocketAddress(
                            InetAddress.getLoopbackAddress(), be1.ports().heartbeatPort()));
                    assertThatThrownBy(() -> before.run(Procedure.deploy(pkg), options))
                            .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.failures())
                                    .containsExactly(
                                            "ports-free: be-1 (127.0.0.1): ports.heartbeatPort 127.0.0.1:"
                                                    + be1.ports().heartbeatPort()
                                                    + " already accepts connections: another process holds it (a"
                                                    + " member of a cluster?); stop it or give the node other ports"
                                                    + " in the topology",
                                            "empty-home: be-3 (127.0.0.1): " + stray
                                                    + " is in its storage root: a new node starts with empty data"
                                                    + " directories; give it an empty storageRootPath (dorisops"
                                                    + " never deletes data), or, if it is a member already, leave"
                                                    + " it out"));
                }
                assertThat(hosts.nodes())
                        .allSatisfy(
                                node -> assertThat(node.home().resolve("bin")).doesNotExist());
                Files.delete(stray);

                // The deploy of seed 004.
                Operation plan = before.plan(Procedure.deploy(pkg));
                assertThat(plan.describe())
                        .contains("--helper " + hosts.node("fe-1").membershipAddress());
                RunResult deployed = before.run(Procedure.deploy(pkg), options);
                assertThat(deployed.nodes()).containsExactly("fe-1", "fe-2", "fe-3", "be-1", "be-2", "be-3");
                assertThat(events.nodes(ProgressEvent.Type.STEP_FINISHED, "add"))
                        .containsExactly("fe-2", "fe-3", "be-1", "be-2", "be-3");
                assertMembers(admin, initial, version);
                assertThat(admin.backends())
                        .as("be-2 is declared by host name and registered so")
                        .anySatisfy(be -> assertThat(be.host()).isEqualTo("localhost"));
                assertThat(Files.readString(be1.home().resolve(flavor.confFile(Role.BE))))
                        .contains("heartbeat_service_port = " + be1.ports().heartbeatPort())
                        .contains(flavor == Flavor.DORIS ? "webserver_port = " : "be_http_port = ");

                // Scale-out input refused before anything changes.
                Cluster after = cluster(full, transports, admin);
                Node be4 = full.node("be-4").orElseThrow();
                Node clash = new Node(
                        "be-4",
                        "localhost",
                        Role.BE,
                        be4.home(),
                        be4.ports().toBuilder()
                                .heartbeatPort(be1.ports().heartbeatPort())
                                .build());
                Topology clashing = replaced(full, clash);
                assertThatThrownBy(() -> cluster(clashing, transports, admin)
                                .run(Procedure.scaleOut(List.of(clash), Optional.of(pkg), Optional.empty()), options))
                        .isInstanceOf(PreconditionFailedException.class)
                        .hasMessageContaining("already-member: be-4 (localhost): localhost:"
                                + be1.ports().heartbeatPort() + " is already a backend (id ");
                assertThatThrownBy(() -> after.run(
                                Procedure.scaleOut(
                                        List.of(be4),
                                        Optional.of(Sandbox.buildPackage(flavor, Version.parse(newer), dir)),
                                        Optional.empty()),
                                options))
                        .isInstanceOf(PreconditionFailedException.class)
                        .hasMessageContaining(
                                "same-version: be-4 (localhost) would run " + newer + ", the cluster runs " + version);
                Node obs = full.node("obs-1").orElseThrow();
                after.run(Procedure.stop(List.of(full.node("fe-3").orElseThrow())), RunOptions.defaults());
                assertThatThrownBy(() -> after.run(
                                Procedure.scaleOut(List.of(obs), Optional.of(pkg), Optional.of("fe-3")), options))
                        .isInstanceOf(PreconditionFailedException.class)
                        // Just stopped, the master may still list fe-3 alive: then its closed port refuses it.
                        .hasMessageContaining("helper-reachable: the helper "
                                + full.node("fe-3").orElseThrow().membershipAddress())
                        .hasMessageMatching("(?s).*(of obs-1 is not alive|does not answer from obs-1).*");
                after.run(Procedure.start(List.of(full.node("fe-3").orElseThrow())), RunOptions.defaults());
                assertThat(obs.home().resolve("bin")).doesNotExist();

                // The scale-out: one observer, one backend.
                RunResult grown =
                        after.run(Procedure.scaleOut(List.of(be4, obs), Optional.of(pkg), Optional.empty()), options);
                assertThat(grown.nodes()).containsExactly("obs-1", "be-4");
                assertMembers(admin, full, version);
            }
        }
    }

    private static void assertMembers(ClusterAdmin admin, Topology topology, String version) {
        List<Frontend> frontends = admin.frontends();
        assertThat(frontends).hasSize(topology.frontends().size());
        for (Node fe : topology.frontends()) {
            assertThat(frontends)
                    .filteredOn(row -> row.matches(fe))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.alive()).isTrue();
                        assertThat(row.role()).isEqualTo(fe.role());
                        assertThat(row.version())
                                .hasValueSatisfying(v -> assertThat(v.number()).isEqualTo(version));
                    });
        }
        List<Backend> backends = admin.backends();
        assertThat(backends).hasSize(topology.nodes(Role.BE).size());
        for (Node be : topology.nodes(Role.BE)) {
            assertThat(backends)
                    .filteredOn(row -> row.matches(be))
                    .singleElement()
                    .satisfies(row -> assertThat(row.alive()).isTrue());
        }
    }

    private static Cluster cluster(Topology topology, Transports transports, ClusterAdmin admin) {
        return Cluster.builder(topology)
                .transports(transports)
                .probe(HttpHealthProbe.of(topology))
                .admin(admin)
                .build();
    }

    private static Topology without(Topology topology, String... ids) {
        List<String> gone = List.of(ids);
        return new Topology(
                topology.name(),
                topology.flavor(),
                topology.nodes().stream().filter(n -> !gone.contains(n.id())).toList(),
                topology.ssh(),
                topology.sql(),
                topology.timeouts(),
                topology.source());
    }

    private static Topology replaced(Topology topology, Node node) {
        return new Topology(
                topology.name(),
                topology.flavor(),
                topology.nodes().stream()
                        .map(n -> n.id().equals(node.id()) ? node : n)
                        .toList(),
                topology.ssh(),
                topology.sql(),
                topology.timeouts(),
                topology.source());
    }
}
