package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approved-plan workflow beyond the upgrade, through the command line on a sandbox: a command's
 * {@code --dry-run --json} writes the plan file its {@code --plan} runs exactly; an edited plan, one of
 * another procedure and {@code --plan} beside a selection flag are refused before anything changes.
 */
class ApprovedPlanCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRestartsDryRunWritesThePlanItsPlanFlagRunsExactly() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(1)
                .backends(2)
                .baseDir(dir.resolve("cluster"))
                .start()) {
            Path topology = dir.resolve("topology.yaml");
            sandbox.writeTopology(topology);
            String t = topology.toString();
            Path state = dir.resolve("state");

            CliRun dryRun = CliRun.of("restart", "-t", t, "--role", "be", "--dry-run", "--json");
            assertThat(dryRun.code()).as("stderr: %s", dryRun.err()).isZero();
            Path planFile = Files.writeString(dir.resolve("restart.json"), dryRun.out());
            JsonNode plan = JSON.readTree(planFile.toFile());
            assertThat(plan.get("kind").asText()).isEqualToIgnoringCase("restart");

            CliRun otherKind = CliRun.of("stop", "-t", t, "--plan", planFile.toString());
            assertThat(otherKind.code()).isEqualTo(1);
            assertThat(otherKind.err())
                    .contains("the plan " + planFile + " is a restart of ")
                    .contains("dorisops stop runs a stop of ");
            Path edited = Files.writeString(
                    dir.resolve("edited.json"), Files.readString(planFile).replace("\"be-2\"", "\"be-1\""));
            CliRun editedRun = CliRun.of("restart", "-t", t, "--plan", edited.toString());
            assertThat(editedRun.code()).isEqualTo(1);
            assertThat(editedRun.err()).contains("the plan " + edited + " is refused", "was edited");
            CliRun withNode = CliRun.of("restart", "-t", t, "--plan", planFile.toString(), "--node", "be-1");
            assertThat(withNode.code()).isEqualTo(2);
            assertThat(withNode.err()).contains("--node/--role chooses what a plan holds");
            assertThat(state).doesNotExist();

            CliRun approved =
                    CliRun.of("restart", "-t", t, "--plan", planFile.toString(), "--state-dir", state.toString());
            assertThat(approved.code()).as("stderr: %s", approved.err()).isZero();
            assertThat(approved.out()).contains("restarted: be-1, be-2");
            List<Path> journals;
            try (Stream<Path> files = Files.list(state.resolve("runs"))) {
                journals = files.filter(f -> f.toString().endsWith(".jsonl")).toList();
            }
            assertThat(journals).hasSize(1);
            JsonNode journaled =
                    JSON.readTree(Files.readAllLines(journals.get(0)).get(0)).get("operation");
            assertThat(journaled).isEqualTo(plan);
        }
    }
}
