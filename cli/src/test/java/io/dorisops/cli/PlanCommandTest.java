package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dorisops plan PROCEDURE ...} plans any procedure with a plan: it is that procedure's {@code
 * --dry-run}, so the plan file it writes is the one the procedure's {@code --plan} runs exactly.
 */
class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void planningACommandThatIsNoProcedureIsAUsageErrorNamingThoseThatAre() {
        CliRun run = CliRun.of("plan", "history", "-t", "cluster.yaml");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("dorisops history is not a procedure with a plan; plan one of: ")
                .contains("restart", "upgrade", "deploy", "scale-out", "rebuild-backend", "rollback");
    }

    @Test
    void theHelpOfAPlannedProcedureIsThatProcedures() {
        CliRun help = CliRun.of("plan", "scale-out", "--help");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: dorisops scale-out").contains("--node");
        assertThat(CliRun.of("plan", "--help").out()).contains("dorisops plan [-hV] [PROCEDURE] [OPTIONS...]");
    }

    @Test
    void aPlanOfARestartIsTheFileItsPlanFlagRunsAndJournals() throws Exception {
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

            CliRun planned = CliRun.of("plan", "restart", "-t", t, "--role", "be", "--json");
            assertThat(planned.code()).as("stderr: %s", planned.err()).isZero();
            JsonNode plan = JSON.readTree(planned.out());
            JsonNode dryRun = JSON.readTree(CliRun.of("restart", "-t", t, "--role", "be", "--dry-run", "--json")
                    .out());
            assertThat(plan.get("kind")).isEqualTo(dryRun.get("kind"));
            assertThat(plan.get("steps")).isEqualTo(dryRun.get("steps"));
            CliRun rollback = CliRun.of("plan", "rollback", "-t", t, "--state-dir", state.toString());
            assertThat(rollback.code())
                    .as("nothing to roll back: %s", rollback.err())
                    .isEqualTo(1);
            assertThat(state.resolve("runs")).doesNotExist();

            Path planFile = Files.writeString(dir.resolve("restart.json"), planned.out());
            CliRun approved =
                    CliRun.of("restart", "-t", t, "--plan", planFile.toString(), "--state-dir", state.toString());
            assertThat(approved.code()).as("stderr: %s", approved.err()).isZero();
            try (Stream<Path> files = Files.list(state.resolve("runs"))) {
                Path journal = files.filter(f -> f.toString().endsWith(".jsonl"))
                        .findFirst()
                        .orElseThrow();
                assertThat(JSON.readTree(Files.readAllLines(journal).get(0)).get("operation"))
                        .isEqualTo(plan);
            }
        }
    }
}
