package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.testkit.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SandboxCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return new CommandLine(new SandboxCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void startStatusFaultAndStopADetachedSandbox(@TempDir Path dir) throws Exception {
        Path sandboxDir = dir.resolve("demo");
        try {
            assertThat(run(
                            "start",
                            "--flavor",
                            "doris",
                            "--version",
                            "2.1.7",
                            "--dir",
                            sandboxDir.toString(),
                            "--fe",
                            "1",
                            "--be",
                            "2",
                            "--json"))
                    .as(err.toString())
                    .isZero();
            JsonNode started = new ObjectMapper().readTree(out.toString());
            assertThat(started.get("nodes")).hasSize(3);
            assertThat(started.get("nodes").get(0).get("ports").get("queryPort").asInt())
                    .isPositive();
            assertThat(sandboxDir.resolve("topology.yaml")).content().contains("flavor: doris", "followers:", "be-2");
            assertThat(sandboxDir.resolve("owner")).doesNotExist();

            assertThat(run("status", "--dir", sandboxDir.toString())).isZero();
            assertThat(out.toString()).contains("be-1", "running");

            assertThat(run("fault", "--dir", sandboxDir.toString(), "--node", "be-2", "kill"))
                    .isZero();
            assertThat(run("status", "--dir", sandboxDir.toString(), "--json")).isEqualTo(1);
            assertThat(out.toString()).contains("\"running\" : false");

            assertThat(run("fault", "--dir", sandboxDir.toString(), "--node", "be-1", "crash-after"))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("unknown or malformed fault \"crash-after\"");

            assertThat(run("stop", "--dir", sandboxDir.toString())).isZero();
            assertThat(out.toString()).contains("stopped 2 nodes");
            assertThat(Sandbox.attach(sandboxDir).processes()).isEmpty();
        } finally {
            if (sandboxDir.resolve("sandbox.json").toFile().exists()) {
                Sandbox.attach(sandboxDir).close();
            }
        }
    }

    @Test
    void packageWritesTheTarball(@TempDir Path dir) {
        Path out = dir.resolve("doris-2.1.8.tar.gz");

        assertThat(run("package", "--flavor", "doris", "--version", "2.1.8", "--out", out.toString()))
                .isZero();

        assertThat(out).exists();
    }

    @Test
    void statusOfADirectoryWithoutSandboxFailsWithAClearMessage(@TempDir Path dir) {
        assertThat(run("status", "--dir", dir.toString())).isEqualTo(1);

        assertThat(err.toString()).contains("not a sandbox directory").contains("--dir");
        assertThat(List.of(out.toString())).containsExactly("");
    }
}
