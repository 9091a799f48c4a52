package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
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
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void loadQueriesAndLoadsARunningSandboxAndPrintsEverySecondThenARefusalOnceStopped(@TempDir Path dir)
            throws Exception {
        Path sandboxDir = dir.resolve("busy");
        try {
            assertThat(run("start", "--dir", sandboxDir.toString(), "--fe", "1", "--be", "1"))
                    .as(err.toString())
                    .isZero();
            assertThat(run(
                            "load",
                            "--dir",
                            sandboxDir.toString(),
                            "--qps",
                            "4",
                            "--loads",
                            "2/s",
                            "--rows",
                            "3",
                            "--duration",
                            "2s",
                            "--json"))
                    .as(err.toString() + out)
                    .isZero();
            JsonNode report = new ObjectMapper().readTree(out.toString());
            assertThat(report.get("seconds")).hasSizeGreaterThanOrEqualTo(2);
            assertThat(report.get("total").get("queriesFailed").asLong()).isZero();
            assertThat(report.get("total").get("loadsOk").asLong()).isPositive();
            assertThat(report.get("total").get("rowsWritten").asLong())
                    .isEqualTo(report.get("total").get("loadsOk").asLong() * 3);

            assertThat(run("load", "--dir", sandboxDir.toString(), "--loads", "two"))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("--loads must be a number of inserts per second such as 2/s");

            assertThat(run("stop", "--dir", sandboxDir.toString())).isZero();
            long started = System.nanoTime();
            assertThat(run("load", "--dir", sandboxDir.toString(), "--duration", "2s"))
                    .isEqualTo(1);
            assertThat(err.toString())
                    .contains("cannot prepare the workload table workload_db.events")
                    .contains("Is the sandbox running?");
            assertThat(System.nanoTime() - started)
                    .isLessThan(java.time.Duration.ofSeconds(15).toNanos());
        } finally {
            if (sandboxDir.resolve("sandbox.json").toFile().exists()) {
                Sandbox.attach(sandboxDir).close();
            }
        }
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
                            "--tags",
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
            try (io.dorisops.jdbc.JdbcClusterAdmin admin = io.dorisops.jdbc.JdbcClusterAdmin.of(
                    io.dorisops.Topology.load(sandboxDir.resolve("topology.yaml")))) {
                assertThat(admin.replicaFacts().backends())
                        .extracting(io.dorisops.ReplicaFacts.Storage::tag)
                        .containsExactlyInAnyOrder("zone1", "zone2");
            }

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
    void startWithoutFlagsMeansDorisNewestVersionThreeFeThreeBeInDotSandbox() {
        CommandLine commandLine = new CommandLine(new SandboxCommand());
        CommandLine.ParseResult parsed = commandLine.parseArgs("start");
        SandboxCommand.Start start =
                parsed.subcommand().commandSpec().commandLine().getCommand();

        assertThat(start.flavor).isEqualTo("doris");
        assertThat(start.version(Flavor.DORIS)).isEqualTo(SandboxCommand.NEWEST_DORIS);
        assertThat(start.version(Flavor.STARROCKS)).isEqualTo(SandboxCommand.NEWEST_STARROCKS);
        assertThat(start.dir).isEqualTo(Path.of("sandbox"));
        assertThat(start.followers).isEqualTo(3);
        assertThat(start.backends).isEqualTo(3);
        assertThat(start.observers).isZero();
        assertThat(start.computeNodes).isZero();
        assertThat(start.decoupled).isFalse();
    }

    @Test
    void stopStatusAndFaultDefaultToDotSandbox() {
        for (String[] args : new String[][] {{"stop"}, {"status"}, {"fault", "--node", "be-2", "kill"}}) {
            CommandLine.ParseResult parsed = new CommandLine(new SandboxCommand()).parseArgs(args);

            assertThat(parsed.subcommand().commandSpec().findOption("--dir").<Path>getValue())
                    .as(args[0])
                    .isEqualTo(Path.of("sandbox"));
        }
    }

    @Test
    void defaultSandboxIsReadyForStatusWithOnlyItsTopologyFile(@TempDir Path dir) {
        Path sandboxDir = dir.resolve("sandbox");
        StringWriter mainOut = new StringWriter();
        StringWriter mainErr = new StringWriter();
        try {
            assertThat(run("start", "--dir", sandboxDir.toString()))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString())
                    .contains("(doris " + SandboxCommand.NEWEST_DORIS + ")")
                    .contains("fe-3", "be-3");

            int exit = Main.run(
                    new PrintWriter(mainOut, true),
                    new PrintWriter(mainErr, true),
                    "status",
                    "--topology",
                    sandboxDir.resolve("topology.yaml").toString());

            assertThat(exit).as(mainOut + "\n" + mainErr).isZero();
            assertThat(mainOut.toString()).contains("sandbox (doris): 6/6 nodes ready", SandboxCommand.NEWEST_DORIS);
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
