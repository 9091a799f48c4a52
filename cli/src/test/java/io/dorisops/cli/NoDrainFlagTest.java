package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --no-drain} on the command line: a Doris restart plans each BE's drain (disable, wait until idle,
 * enable again) unless the flag is given; the flag is refused beside an approved plan, which runs as it
 * was planned, and on a command whose procedure does not drain.
 */
class NoDrainFlagTest {

    @TempDir
    Path dir;

    @Test
    void aRestartDrainsEachBackendUnlessNoDrainIsGiven() throws Exception {
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

            CliRun drained = CliRun.of("restart", "-t", t, "--role", "be", "--dry-run", "--json");
            assertThat(drained.code()).as("stderr: %s", drained.err()).isZero();
            assertThat(drained.out()).contains("disable-backend", "await-idle", "enable-backend");
            Path planFile = Files.writeString(dir.resolve("restart.json"), drained.out());

            CliRun undrained = CliRun.of("restart", "-t", t, "--role", "be", "--no-drain", "--dry-run", "--json");
            assertThat(undrained.code()).as("stderr: %s", undrained.err()).isZero();
            assertThat(undrained.out())
                    .contains("\"be-1\"", "\"be-2\"")
                    .doesNotContain("disable-backend", "await-idle", "enable-backend");

            CliRun besidePlan = CliRun.of("restart", "-t", t, "--plan", planFile.toString(), "--no-drain");
            assertThat(besidePlan.code()).isEqualTo(2);
            assertThat(besidePlan.err()).contains("--no-drain chooses what a plan holds");
            CliRun start = CliRun.of("start", "-t", t, "--role", "be", "--no-drain");
            assertThat(start.code()).isEqualTo(2);
            assertThat(start.err()).contains("Unknown option: '--no-drain'");
        }
    }
}
