package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dorisops.Cluster;
import io.dorisops.ConfigDrift;
import io.dorisops.ConfigDrift.Difference;
import io.dorisops.ConfigDrift.Kind;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.NodeConfig;
import io.dorisops.Topology;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The config drift report end to end on a sandbox of each flavor (docs/config.md): a clean cluster
 * reports nothing; a file edited on one BE and a live {@code ADMIN SET} are reported exactly, through
 * the real transports, mysql-connector-j and the BEs' HTTP config pages.
 */
class ConfigDriftSandboxTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aCleanClusterReportsNoneAndSeededDriftIsReportedExactly(Flavor flavor) throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                        .flavor(flavor)
                        .version(flavor == Flavor.DORIS ? "2.1.7" : "3.3.2")
                        .followers(3)
                        .backends(2)
                        .baseDir(dir.resolve("sandbox"))
                        .start();
                Cluster cluster = Cluster.of(declaring(sandbox.topology(), "qe_slow_log_ms", "5000"))) {
            ConfigDrift clean = cluster.configDrift();
            assertThat(clean.differences()).isEmpty();
            assertThat(clean.unread()).isEmpty();

            Node be1 = sandbox.node("be-1");
            Files.writeString(
                    be1.home().resolve(flavor.confFile(be1.role())),
                    "max_tablet_version_num = 3000\n",
                    StandardOpenOption.APPEND);
            execute(sandbox.node("fe-2"), "ADMIN SET FRONTEND CONFIG (\"qe_slow_log_ms\" = \"100\")");

            ConfigDrift drift = cluster.configDrift();

            // Doris sets a key that is not master-only on the FE the session is on; StarRocks on every FE.
            List<String> setOn = flavor == Flavor.DORIS ? List.of("fe-2") : List.of("fe-1", "fe-2", "fe-3");
            assertThat(drift.differences())
                    .filteredOn(d -> d.node().startsWith("fe"))
                    .extracting(
                            Difference::node,
                            Difference::key,
                            Difference::kind,
                            Difference::declared,
                            Difference::file,
                            Difference::running,
                            Difference::nextStartFrom)
                    .containsExactlyElementsOf(setOn.stream()
                            .map(fe -> tuple(
                                    fe,
                                    "qe_slow_log_ms",
                                    Kind.FILE_DIFFERS_FROM_TOPOLOGY,
                                    Optional.of("5000"),
                                    Optional.empty(),
                                    Optional.of("100"),
                                    "default"))
                            .toList());
            assertThat(drift.differences())
                    .filteredOn(d -> d.node().startsWith("be"))
                    .containsExactly(new Difference(
                            "be-1",
                            "max_tablet_version_num",
                            Kind.RUNNING_DIFFERS_FROM_FILE,
                            Optional.empty(),
                            Optional.of("3000"),
                            Optional.of("2000"),
                            Optional.of("3000"),
                            flavor.confFile(be1.role()),
                            ""));
            assertThat(drift.unread()).isEmpty();
        }
    }

    /** The topology with {@code key = value} declared on every FE ({@code config:}). */
    private static Topology declaring(Topology topology, String key, String value) {
        List<Node> nodes = topology.nodes().stream()
                .map(node -> node.role().isFrontend()
                        ? new Node(
                                node.id(),
                                node.host(),
                                node.role(),
                                node.home(),
                                node.ports(),
                                new NodeConfig(
                                        node.config().priorityNetworks(),
                                        node.config().metaDir(),
                                        node.config().storageRootPath(),
                                        Map.of(key, value)))
                        : node)
                .toList();
        return new Topology(
                topology.name(),
                topology.flavor(),
                nodes,
                topology.ssh(),
                topology.sql(),
                topology.timeouts(),
                topology.source());
    }

    private static void execute(Node fe, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:mysql://" + fe.host() + ":" + fe.ports().queryPort() + "/?useSSL=false", "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
