package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code dorisops demo}: a whole rolling upgrade of its own sandbox. A class of its own, apart from
 * {@link UpgradeCommandsTest}, so the two long upgrades can run in different test JVMs side by side.
 */
class DemoCommandTest {

    @Test
    void demoUpgradesASandboxAndReportsEveryNodeAtTheNewVersion() throws Exception {
        CliRun run = CliRun.of("demo", "--json");
        assertThat(run.code())
                .as("exit code of the demo; stderr: %s", run.err())
                .isZero();
        JsonNode demo = run.json();

        assertThat(demo.get("ok").asBoolean()).isTrue();
        assertThat(demo.get("upgraded")).hasSize(6);
        assertThat(demo.get("after").get("allReady").asBoolean()).isTrue();
        demo.get("after")
                .get("nodes")
                .forEach(node -> assertThat(node.get("version").asText()).startsWith("doris-2.1.8"));
    }
}
