package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
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

            assertThat(run("restart", "-t", t, "--role", "be", "--dry-run", "--json"))
                    .as("stderr: %s", err)
                    .isZero();
            String drained = out.toString();
            assertThat(drained).contains("disable-backend", "await-idle", "enable-backend");
            Path planFile = Files.writeString(dir.resolve("restart.json"), drained);

            assertThat(run("restart", "-t", t, "--role", "be", "--no-drain", "--dry-run", "--json"))
                    .as("stderr: %s", err)
                    .isZero();
            assertThat(out.toString())
                    .contains("\"be-1\"", "\"be-2\"")
                    .doesNotContain("disable-backend", "await-idle", "enable-backend");

            assertThat(run("restart", "-t", t, "--plan", planFile.toString(), "--no-drain"))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--no-drain chooses what a plan holds");
            assertThat(run("start", "-t", t, "--role", "be", "--no-drain")).isEqualTo(2);
            assertThat(err.toString()).contains("Unknown option: '--no-drain'");
        }
    }
}
