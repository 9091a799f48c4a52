package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

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

            assertThat(run("restart", "-t", t, "--role", "be", "--dry-run", "--json"))
                    .as("stderr: %s", err)
                    .isZero();
            Path planFile = Files.writeString(dir.resolve("restart.json"), out.toString());
            JsonNode plan = JSON.readTree(planFile.toFile());
            assertThat(plan.get("kind").asText()).isEqualToIgnoringCase("restart");

            assertThat(run("stop", "-t", t, "--plan", planFile.toString())).isEqualTo(1);
            assertThat(err.toString())
                    .contains("the plan " + planFile + " is a restart of ")
                    .contains("dorisops stop runs a stop of ");
            Path edited = Files.writeString(
                    dir.resolve("edited.json"), Files.readString(planFile).replace("\"be-2\"", "\"be-1\""));
            assertThat(run("restart", "-t", t, "--plan", edited.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("the plan " + edited + " is refused", "was edited");
            assertThat(run("restart", "-t", t, "--plan", planFile.toString(), "--node", "be-1"))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--node/--role chooses what a plan holds");
            assertThat(state).doesNotExist();

            assertThat(run("restart", "-t", t, "--plan", planFile.toString(), "--state-dir", state.toString()))
                    .as("stderr: %s", err)
                    .isZero();
            assertThat(out.toString()).contains("restarted: be-1, be-2");
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
