package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-upgrade} and {@code rebuild-backend} on a sandbox: exit codes, messages, JSON. */
class UpgradeTestingCommandsTest {

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
    void checkUpgradeSaysPassOrFailWithTheLogLineAndRebuildPrintsWhatItWouldDo() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(1)
                .backends(3)
                .baseDir(dir.resolve("cluster"))
                .start()) {
            String topology = dir.resolve("topology.yaml").toString();
            sandbox.writeTopology(Path.of(topology));
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("3.0.3"), dir);
            String work = dir.resolve("work").toString();

            assertThat(run(
                            "check-upgrade",
                            "-t",
                            topology,
                            "-p",
                            pkg.toString(),
                            "--work-dir",
                            work,
                            "--ports",
                            "20000-32000",
                            "--timeout",
                            "40s",
                            "--json"))
                    .as(err.toString())
                    .isZero();
            JsonNode passed = JSON.readTree(out.toString());
            assertThat(passed.get("ok").asBoolean()).isTrue();
            assertThat(passed.get("recoverySwitch").asText()).isEqualTo("start_fe.sh --metadata_failure_recovery");

            Path bad = Sandbox.buildIncompatiblePackage(Flavor.DORIS, Version.parse("3.0.3"), dir.resolve("bad"));
            assertThat(run(
                            "check-upgrade",
                            "-t",
                            topology,
                            "-p",
                            bad.toString(),
                            "--work-dir",
                            work,
                            "--ports",
                            "20000-32000",
                            "--timeout",
                            "40s"))
                    .isEqualTo(CliCommand.FAILED);
            assertThat(err.toString()).contains("FAILED").contains("which is higher than FE current version 128");

            String inside = sandbox.node("fe-1").home().resolve("tmp").toString();
            assertThat(run("check-upgrade", "-t", topology, "-p", pkg.toString(), "--work-dir", inside))
                    .isEqualTo(CliCommand.INVALID);
            assertThat(err.toString()).contains("is inside (or holds) the live home");

            assertThat(run("rebuild-backend", "-t", topology, "--node", "be-2", "--dry-run"))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString())
                    .contains("Rebuild ")
                    .contains("ALTER SYSTEM DROPP BACKEND")
                    .contains("_aside_");
            assertThat(run("rebuild-backend", "-t", topology, "--node", "fe-1")).isEqualTo(CliCommand.INVALID);
            assertThat(err.toString()).contains("only a BE is rebuilt");
        }
    }
}
