package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code dorisops demo}: a whole rolling upgrade of its own sandbox. A class of its own, apart from
 * {@link UpgradeCommandsTest}, so the two long upgrades can run in different test JVMs side by side.
 */
class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private JsonNode json(String... args) throws Exception {
        out.getBuffer().setLength(0);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("exit code of %s; stderr: %s", List.of(args), err).isZero();
        return JSON.readTree(out.toString());
    }

    @Test
    void demoUpgradesASandboxAndReportsEveryNodeAtTheNewVersion() throws Exception {
        JsonNode demo = json("demo", "--json");

        assertThat(demo.get("ok").asBoolean()).isTrue();
        assertThat(demo.get("upgraded")).hasSize(6);
        assertThat(demo.get("after").get("allReady").asBoolean()).isTrue();
        demo.get("after")
                .get("nodes")
                .forEach(node -> assertThat(node.get("version").asText()).startsWith("doris-2.1.8"));
    }
}
