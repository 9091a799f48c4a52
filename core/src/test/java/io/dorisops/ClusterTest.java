package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Command;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.RunMarker;
import io.dorisops.spi.Transport;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterTest {

    private final MockWebServer server = new MockWebServer();
    // localhost and 127.0.0.1 are one host: be-2 needs its own HTTP port, so its own server.
    private final MockWebServer server2 = new MockWebServer();
    private int closedPort;

    @BeforeEach
    void start() throws IOException {
        for (MockWebServer each : List.of(server, server2)) {
            serve(each);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    private static void serve(MockWebServer server) throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getPath().equals("/api/bootstrap")
                        ? new MockResponse()
                                .setBody(
                                        "{\"msg\":\"success\",\"code\":0,\"data\":{\"version\":\"doris-2.1.8-abcdef1\"},\"count\":0}")
                        : new MockResponse().setBody("{\"status\": \"OK\",\"msg\": \"To Be Added\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
        server2.shutdown();
    }

    private Topology topology() {
        return Topology.parse(
                """
                name: local
                flavor: doris
                timeouts: {probe: 2s}
                followers:
                  - {id: fe-1, host: 127.0.0.1, home: /opt/fe, ports: {httpPort: %d}}
                backends:
                  - {id: be-1, host: 127.0.0.1, home: /opt/be1, ports: {httpPort: %d}}
                  - {id: be-2, host: localhost, home: /opt/be2, ports: {httpPort: %d, bePort: 19060,
                     heartbeatPort: 19050, brpcPort: 18060}}
                """
                        .formatted(server.getPort(), closedPort, server2.getPort()),
                "local.yaml");
    }

    @Test
    void statusProbesEveryNodeInTopologyOrder() {
        try (Cluster cluster = Cluster.of(topology())) {
            ClusterStatus status = cluster.status();

            assertThat(status.cluster()).isEqualTo("local");
            assertThat(status.nodes())
                    .extracting(s -> s.node().id(), s -> s.health().status())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("fe-1", Health.Status.READY),
                            org.assertj.core.groups.Tuple.tuple("be-1", Health.Status.DOWN),
                            org.assertj.core.groups.Tuple.tuple("be-2", Health.Status.READY));
            assertThat(status.nodes().get(0).health().version())
                    .map(Version::number)
                    .contains("2.1.8");
            assertThat(status.allReady()).isFalse();
            assertThat(status.notReady()).extracting(s -> s.node().id()).containsExactly("be-1");
        }
    }

    @Test
    void aProbeThatThrowsMakesItsNodeUnknown() {
        HealthProbe broken = node -> {
            throw new IllegalStateException("probe bug on " + node.id());
        };

        try (Cluster cluster = Cluster.builder(topology()).probe(broken).build()) {
            assertThat(cluster.status().nodes()).allSatisfy(s -> {
                assertThat(s.health().status()).isEqualTo(Health.Status.UNKNOWN);
                assertThat(s.health().evidence())
                        .isEqualTo("probe failed: probe bug on " + s.node().id());
            });
        }
    }

    @Test
    void aClusterBuiltWithANodeControlRunsProceduresThroughItAndRefusesOneItLacksACapabilityForWhenPlanned() {
        NodeControl markerOnly = NodeControl.builder()
                .runMarker(new RunMarker() {
                    @Override
                    public Optional<String> claim(Node node, String runId, String holder, String takeOver) {
                        return Optional.empty();
                    }

                    @Override
                    public void release(Node node, String runId) {}

                    @Override
                    public List<Node> markerNodes(List<Node> frontends) {
                        return frontends;
                    }

                    @Override
                    public String markerLocation(Node node) {
                        return "nowhere";
                    }
                })
                .build();

        try (Cluster cluster =
                Cluster.builder(topology()).nodeControl(markerOnly).build()) {
            assertThatThrownBy(() ->
                            cluster.plan(Procedure.restart(cluster.topology().nodes())))
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageStartingWith("restart local is refused: this cluster's node control lacks process"
                            + " control (start, stop), needed by restart, stop, start, await-ready");
        }
    }

    @Test
    void withoutAnAdminProviderThereIsNoAdmin() {
        try (Cluster cluster = Cluster.of(topology())) {
            assertThat(cluster.admin()).isEmpty();
            assertThat(cluster.probe()).isInstanceOf(HttpHealthProbe.class);
            assertThat(cluster.listener()).isSameAs(ProgressListener.NONE);
        }
    }

    @Test
    void closeClosesTheInjectedAdminAndTheTransports() {
        List<String> calls = new ArrayList<>();
        // ClusterAdmin needs a real SQL server (module jdbc-probe); here only close() matters.
        ClusterAdmin admin = (ClusterAdmin) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ClusterAdmin.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
        Transports transports = Transports.of(topology());
        Cluster cluster =
                Cluster.builder(topology()).admin(admin).transports(transports).build();
        Transport local = cluster.transports().forHost("127.0.0.1");

        assertThat(cluster.admin()).containsSame(admin);
        cluster.close();
        cluster.close();

        assertThat(calls).containsExactly("close");
        assertThatThrownBy(() -> local.exec(Command.of("true"))).hasMessageContaining("closed");
        assertThatThrownBy(cluster::status)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void withoutAnAdminTheSqlViewIsNotConfiguredAndNotAProblem() {
        try (Cluster cluster = Cluster.of(topology())) {
            ClusterStatus status = cluster.status();

            assertThat(status.sqlView().state()).isEqualTo(ClusterStatus.SqlView.State.NOT_CONFIGURED);
            assertThat(status.sqlView().problem()).isEmpty();
            assertThat(status.problems()).singleElement().asString().startsWith("be-1 (127.0.0.1): DOWN (");
        }
    }

    @Test
    void anAdminThatFailsMakesTheSqlViewUnavailableWithItsReason() {
        ClusterAdmin failing = admin((method, topology) -> {
            throw new DorisOpsException("local: SHOW FRONTENDS: fe-1 (127.0.0.1:9030) refused user root");
        });

        try (Cluster cluster = Cluster.builder(topology()).admin(failing).build()) {
            ClusterStatus status = cluster.status();

            assertThat(status.sqlView().state()).isEqualTo(ClusterStatus.SqlView.State.UNAVAILABLE);
            assertThat(status.sqlView().problem())
                    .contains("local: SHOW FRONTENDS: fe-1 (127.0.0.1:9030) refused user root");
            assertThat(status.nodes())
                    .allSatisfy(node -> assertThat(node.alive()).isEmpty());
            assertThat(status.problems())
                    .last()
                    .isEqualTo("the SQL view is unavailable: local: SHOW FRONTENDS: fe-1 (127.0.0.1:9030) refused"
                            + " user root");
            assertThat(status.healthy()).isFalse();
        }
    }

    @Test
    void aBackendTheMasterReportsDeadOrDoesNotListIsAProblem() {
        Topology topology = topology();
        Node fe = topology.node("fe-1").orElseThrow();
        Node be2 = topology.node("be-2").orElseThrow();
        ClusterAdmin admin = admin((method, unused) -> switch (method) {
            case "frontends" -> List.of(frontend(fe, true));
            case "backends" -> List.of(backend(be2, false));
            default -> List.of();
        });

        try (Cluster cluster = Cluster.builder(topology).admin(admin).build()) {
            ClusterStatus status = cluster.status();

            assertThat(status.sqlView().wasRead()).isTrue();
            assertThat(status.nodes().get(0).alive()).contains(true);
            assertThat(status.nodes().get(2).alive()).contains(false);
            assertThat(status.problems())
                    .containsExactly(
                            "be-1 (127.0.0.1): DOWN ("
                                    + status.nodes().get(1).health().evidence() + ")",
                            "be-1 (127.0.0.1): not listed in the master's SHOW BACKENDS; register it, or fix its host"
                                    + " and ports in the topology",
                            "be-2 (localhost): Alive=false in the master's SHOW BACKENDS");
        }
    }

    private static ClusterAdmin admin(java.util.function.BiFunction<String, Object[], Object> answer) {
        return (ClusterAdmin) Proxy.newProxyInstance(
                ClusterTest.class.getClassLoader(),
                new Class<?>[] {ClusterAdmin.class},
                (proxy, method, args) ->
                        method.getName().equals("close") ? null : answer.apply(method.getName(), args));
    }

    private static Frontend frontend(Node node, boolean alive) {
        return Frontend.builder()
                .node(node)
                .name("fe_" + node.id())
                .role(Role.FE_FOLLOWER)
                .master(true)
                .alive(alive)
                .joined(true)
                .replayedJournalId(1)
                .build();
    }

    private static Backend backend(Node node, boolean alive) {
        return Backend.builder().node(node).id(10001).role(Role.BE).alive(alive).build();
    }
}
