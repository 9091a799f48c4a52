package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code dorisops config diff} in-process on a Doris sandbox: exit 0 when clean, 3 with every drift. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigCommandTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(
            Sandbox.builder().flavor(Flavor.DORIS).version("2.1.7").followers(3).backends(2));

    @TempDir
    Path dir;

    private Path topology() {
        Path file = dir.resolve("topology.yaml");
        SANDBOX.sandbox().writeTopology(file);
        return file;
    }

    @Test
    @Order(1)
    void configDiffOnACleanClusterSaysNoDriftAndExitsZero() {
        CliRun run = CliRun.of("config", "diff", "-t", topology().toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("no config drift");
    }

    @Test
    @Order(2)
    void configDiffListsEachSeededDriftWithItsValuesAndExitsThree() throws Exception {
        Node be1 = SANDBOX.sandbox().node("be-1");
        Files.writeString(
                be1.home().resolve("conf/be.conf"), "max_tablet_version_num = 3000\n", StandardOpenOption.APPEND);
        Node fe2 = SANDBOX.sandbox().node("fe-2");
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:mysql://" + fe2.host() + ":" + fe2.ports().queryPort() + "/?useSSL=false", "root", "");
                Statement statement = connection.createStatement()) {
            statement.execute("ADMIN SET FRONTEND CONFIG (\"qe_slow_log_ms\" = \"100\")");
        }

        CliRun json = CliRun.of("config", "diff", "-t", topology().toString(), "--json");
        assertThat(json.code()).as(json.err()).isEqualTo(3);
        JsonNode document = json.json();
        assertThat(document.get("clean").asBoolean()).isFalse();
        assertThat(document.get("differences")).hasSize(2);
        JsonNode fe = document.get("differences").get(0);
        assertThat(fe.get("node").asText()).isEqualTo("fe-2");
        assertThat(fe.get("key").asText()).isEqualTo("qe_slow_log_ms");
        assertThat(fe.get("kind").asText()).isEqualTo("DIFFERS_IN_ROLE");
        assertThat(fe.get("running").asText()).isEqualTo("100");
        assertThat(fe.get("nextStartFrom").asText()).isEqualTo("default");
        assertThat(fe.get("note").asText()).isEqualTo("the others run: fe-1 5000, fe-3 5000");
        JsonNode be = document.get("differences").get(1);
        assertThat(be.get("node").asText()).isEqualTo("be-1");
        assertThat(be.get("kind").asText()).isEqualTo("RUNNING_DIFFERS_FROM_FILE");
        assertThat(be.get("file").asText()).isEqualTo("3000");
        assertThat(be.get("running").asText()).isEqualTo("2000");
        assertThat(be.get("nextStart").asText()).isEqualTo("3000");

        CliRun text = CliRun.of("config", "diff", "-t", topology().toString());
        assertThat(text.code()).isEqualTo(3);
        assertThat(text.out())
                .contains("NODE")
                .containsPattern("fe-2 +qe_slow_log_ms +- +- +100 +- \\(default\\) +differs-in-role")
                .containsPattern(
                        "be-1 +max_tablet_version_num +- +3000 +2000 +3000 \\(conf/be.conf\\) +running-differs-from-file")
                .contains("be-1 max_tablet_version_num: the node runs another value than its conf files set");
    }

    @Test
    @Order(3)
    void configDiffWithoutATopologyIsAUsageError() {
        CliRun run = CliRun.of("config", "diff");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--topology=FILE'");
    }
}
