package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code dorisops status} in-process on a real testkit sandbox: exit 3 and the reasons whenever it is not healthy. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusCommandTest {

    private static final String PASSWORD = "s3cret-Pw";
    private static final String WRONG = "not-the-Pw";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(Sandbox.builder()
            .flavor(Flavor.DORIS)
            .version("2.1.7")
            .followers(1)
            .backends(2)
            .sqlPassword(PASSWORD));

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Each test starts from a healthy sandbox: no faults, every node running and ready, whatever the one before did. */
    @BeforeEach
    void healthy() {
        SANDBOX.sandbox().nodes().forEach(node -> SANDBOX.faults().clear(node.id()));
        SANDBOX.sandbox().startAll();
        SANDBOX.sandbox().awaitReady(Duration.ofSeconds(90));
    }

    private int status(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] all = new String[args.length + 1];
        all[0] = "status";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    private Path topology() {
        Path file = dir.resolve("topology.yaml");
        SANDBOX.sandbox().writeTopology(file);
        return file;
    }

    /** The sandbox's topology with the SQL password replaced: {@code null} for none. */
    private Path topologyWithPassword(String password) throws Exception {
        String yaml = Files.readString(topology());
        String line = yaml.lines()
                .filter(l -> l.strip().startsWith("password:"))
                .findFirst()
                .orElseThrow();
        String replacement = "";
        if (password != null) {
            Path secret = Files.writeString(dir.resolve("wrong.pw"), password);
            replacement = "  password: {file: " + secret + "}";
        }
        return Files.writeString(dir.resolve("edited.yaml"), yaml.replace(line, replacement));
    }

    @Test
    @Order(1)
    void exits0WhenEveryNodeIsReadyAndAliveInTheMastersView() throws Exception {
        assertThat(status("--topology", topology().toString()))
                .as(err.toString())
                .isZero();

        assertThat(out.toString().lines().findFirst().orElseThrow()).endsWith(": 3/3 nodes ready");
        assertThat(out.toString()).containsPattern("be-2 +be +127\\.0\\.0\\.1 +READY +true +");
        assertThat(err.toString()).isEmpty();

        assertThat(status("--json", topology().toString())).isZero();
        JsonNode document = JSON.readTree(out.toString());
        assertThat(document.get("healthy").asBoolean()).isTrue();
        assertThat(document.get("sqlView").get("state").asText()).isEqualTo("READ");
        assertThat(document.get("problems")).isEmpty();
    }

    @Test
    @Order(2)
    void aWrongSqlPasswordExits3AndSaysTheSqlViewIsUnavailableAndWhyWithoutThePassword() throws Exception {
        int exit = status("--topology", topologyWithPassword(WRONG).toString());

        assertThat(exit).isEqualTo(3);
        assertThat(out.toString().lines().findFirst().orElseThrow())
                .endsWith(": 3/3 nodes ready; SQL view unavailable (ALIVE unknown)");
        assertThat(err.toString())
                .contains("is not healthy (1 problem):")
                .contains("the SQL view is unavailable: ")
                .contains("sql.password")
                .doesNotContain(WRONG)
                .doesNotContain(PASSWORD);
    }

    @Test
    @Order(3)
    void aMissingSqlPasswordExits3WithTheReasonInTheJsonDocument() throws Exception {
        int exit = status("--json", "--topology", topologyWithPassword(null).toString());

        assertThat(exit).isEqualTo(3);
        JsonNode document = JSON.readTree(out.toString());
        assertThat(document.get("healthy").asBoolean()).isFalse();
        assertThat(document.get("allReady").asBoolean()).isTrue();
        assertThat(document.get("sqlView").get("state").asText()).isEqualTo("UNAVAILABLE");
        assertThat(document.get("sqlView").get("detail").asText()).contains("root");
        assertThat(document.get("problems").get(0).asText()).startsWith("the SQL view is unavailable: ");
        assertThat(out + err.toString()).doesNotContain(PASSWORD);
    }

    @Test
    @Order(4)
    void aBackendTheMasterReportsDeadExits3EvenThoughItsHttpIsReady() throws Exception {
        Path topology = topology();
        SANDBOX.faults().dropHeartbeats("be-2");

        Await.until(Duration.ofSeconds(30), "status exits 3", () -> status("--topology", topology.toString()) == 3);

        assertThat(out.toString()).containsPattern("be-2 +be +127\\.0\\.0\\.1 +READY +false +");
        assertThat(err.toString()).contains("be-2 (127.0.0.1): Alive=false in the master's SHOW BACKENDS");
    }

    @Test
    @Order(5)
    void aStoppedBackendExits3AndNamesIt() throws Exception {
        Path topology = topology();
        SANDBOX.faults().kill("be-1");

        int exit = status("--topology", topology.toString());

        assertThat(exit).isEqualTo(3);
        assertThat(out.toString().lines().findFirst().orElseThrow()).endsWith(": 2/3 nodes ready");
        assertThat(err.toString()).contains("is not healthy").containsPattern("  be-1 \\(127\\.0\\.0\\.1\\): DOWN \\(");
    }
}
