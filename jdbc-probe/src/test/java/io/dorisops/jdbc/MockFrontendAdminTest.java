package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.spi.Backend;
import io.dorisops.testkit.MockFrontend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JdbcClusterAdmin} on the testkit's published {@link MockFrontend}, as a user's test would use it. */
class MockFrontendAdminTest {

    private static final Version VERSION = Version.parse("2.1.7");

    @Test
    void theAdminFindsTheMasterAndReadsTheBackendsAndConfigsTheMockFrontendWasScriptedWith() {
        try (MockFrontend fe = MockFrontend.start("root", "")) {
            List<String> frontends = MockFrontend.frontendColumns(Flavor.DORIS, VERSION);
            fe.answer(
                    "SHOW FRONTENDS",
                    frontends,
                    List.of(MockFrontend.row(
                            frontends,
                            Map.ofEntries(
                                    Map.entry("Name", "fe-1"),
                                    Map.entry("Host", fe.host()),
                                    Map.entry("EditLogPort", "9010"),
                                    Map.entry("HttpPort", "8030"),
                                    Map.entry("QueryPort", "" + fe.port()),
                                    Map.entry("RpcPort", "9020"),
                                    Map.entry("Role", "FOLLOWER"),
                                    Map.entry("IsMaster", "true"),
                                    Map.entry("Alive", "true"),
                                    Map.entry("Join", "true"),
                                    Map.entry("ReplayedJournalId", "1001"),
                                    Map.entry("Version", "doris-2.1.7-rc01-1a2b3c4")))));
            List<String> backends = MockFrontend.backendColumns(Flavor.DORIS, VERSION);
            fe.answer(
                    "SHOW BACKENDS",
                    backends,
                    List.of(MockFrontend.row(
                            backends,
                            Map.ofEntries(
                                    Map.entry("BackendId", "10001"),
                                    Map.entry("Host", "10.0.1.1"),
                                    Map.entry("HeartbeatPort", "9050"),
                                    Map.entry("BePort", "9060"),
                                    Map.entry("HttpPort", "8040"),
                                    Map.entry("BrpcPort", "8060"),
                                    Map.entry("Alive", "false"),
                                    Map.entry("SystemDecommissioned", "false"),
                                    Map.entry("TabletNum", "120"),
                                    Map.entry("Version", "doris-2.1.7-rc01-1a2b3c4")))));
            Topology topology = Topology.parse(
                    """
                    name: mock
                    flavor: doris
                    followers:
                      - {id: fe-1, host: %s, home: /opt/fe, ports: {queryPort: %d}}
                    backends:
                      - {id: be-1, host: 10.0.1.1, home: /opt/be}
                    """
                            .formatted(fe.host(), fe.port()),
                    "mock.yaml");

            try (JdbcClusterAdmin admin = JdbcClusterAdmin.of(topology)) {
                assertThat(admin.master().name()).isEqualTo("fe-1");
                assertThat(admin.backends())
                        .singleElement()
                        .satisfies(be -> assertThat(be.id()).isEqualTo(10001))
                        .satisfies(be -> assertThat(be.alive()).isFalse())
                        .extracting(Backend::tabletNum)
                        .isEqualTo(120L);
            }

            assertThat(fe.statements()).containsSubsequence("SHOW FRONTENDS", "SHOW BACKENDS");
        }
    }
}
