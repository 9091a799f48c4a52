package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

    private static final Path EXAMPLES = Path.of("../examples/topologies");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void validateAcceptsEveryValidExample() {
        for (String example : new String[] {"doris-3fe-3be.yaml", "starrocks-3fe-3be.yaml", "doris-decoupled.yaml"}) {
            out.getBuffer().setLength(0);

            assertThat(run("validate", EXAMPLES.resolve(example).toString()))
                    .as(example)
                    .isZero();
            assertThat(out.toString()).as(example).contains(": valid ");
        }
        assertThat(out.toString())
                .contains("valid doris topology \"doris-cloud\" (3 FE followers, 3 BEs, 1 MetaService, 1 Recycler)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void validateNamesAllFiveMistakesOnStderrAndExits2() {
        String file = EXAMPLES.resolve("invalid-five-mistakes.yaml").toString();

        int exit = run("validate", file);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains("invalid topology, 5 problems:")
                .contains(
                        file + ": node fe-2: host: \"10.0.0.12'; DROP DATABASE demo; --\" is neither a valid host name")
                .contains(file + ": node fe-3: home: \"opt/doris/fe\" is not an absolute path")
                .contains(file + ": node be-1: ports.httpPort: port 8030 on 10.0.0.11 is also used by fe-1")
                .contains(file + ": node be-1: id: duplicate id \"be-1\"")
                .contains(file + ": node be-3: hots: unknown field \"hots\"; did you mean \"host\"?");
    }

    @Test
    void validateWithJsonPrintsOneDocumentWithEveryProblem() throws Exception {
        int exit = run(
                "validate",
                "--json",
                EXAMPLES.resolve("invalid-five-mistakes.yaml").toString());

        JsonNode document = JSON.readTree(out.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(document.get("valid").asBoolean()).isFalse();
        assertThat(document.get("problems")).hasSize(5);
        assertThat(document.get("problems").get(0).get("node").asText()).isEqualTo("fe-2");
        assertThat(document.get("problems").get(0).get("field").asText()).isEqualTo("host");
    }

    @Test
    void validatePrintsWarningsButExits0() throws Exception {
        Path even = Files.writeString(
                dir.resolve("even.yaml"),
                "flavor: doris\nfollowers:\n  - {id: fe-1, host: a, home: /f}\n  - {id: fe-2, host: b, home: /f}\n");

        int exit = run("validate", "--json", even.toString());

        assertThat(exit).isZero();
        JsonNode document = JSON.readTree(out.toString());
        assertThat(document.get("valid").asBoolean()).isTrue();
        assertThat(document.get("cluster").asText()).isEqualTo("even");
        assertThat(document.get("warnings").get(0).asText()).contains("2 FE followers");
        assertThat(err.toString()).startsWith("warning: ").contains("use an odd number");
    }

    @Test
    void aMissingFileIsAnInvalidInput() {
        assertThat(run("validate", dir.resolve("none.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read the file");
    }

    @Test
    void statusPrintsTheTableAndExits3WhenNoFeAnswersSql() throws Exception {
        // localhost and 127.0.0.1 are one host, so the FE and the BE each need their own HTTP port.
        try (MockWebServer server = healthyServer();
                MockWebServer beServer = healthyServer()) {
            Path topology = topology(server.getPort(), beServer.getPort());

            int exit = run("status", "--topology", topology.toString());

            assertThat(exit).isEqualTo(3);
            assertThat(out.toString().lines().toList())
                    .first()
                    .isEqualTo("local (doris): 2/2 nodes ready; SQL view unavailable (ALIVE unknown)");
            assertThat(out.toString().lines().skip(1).findFirst().orElseThrow())
                    .matches("NODE +ROLE +HOST +STATUS +ALIVE +VERSION +EVIDENCE +LATENCY");
            assertThat(out.toString())
                    .containsPattern(
                            "fe-1 +fe_follower +127\\.0\\.0\\.1 +READY +- +\\S*2\\.1\\.8\\S* +/api/bootstrap code=0 \"success\" +\\d+ms")
                    .containsPattern("be-1 +be +localhost +READY +- +- +/api/health status=OK \"To Be Added\" +\\d+ms");
            assertThat(err.toString())
                    .startsWith("dorisops status: local is not healthy (1 problem):")
                    .contains("  the SQL view is unavailable: ");
        }
    }

    @Test
    void statusExits3WhenANodeIsNotReady() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (MockWebServer server = healthyServer()) {
            Path topology = topology(server.getPort(), closed);

            int exit = run("status", "--json", topology.toString());

            assertThat(exit).isEqualTo(3);
            JsonNode document = JSON.readTree(out.toString());
            assertThat(document.get("allReady").asBoolean()).isFalse();
            assertThat(document.get("healthy").asBoolean()).isFalse();
            assertThat(document.get("nodes").get(0).get("status").asText()).isEqualTo("READY");
            assertThat(document.get("nodes").get(0).get("version").asText()).isEqualTo("doris-2.1.8-abcdef1");
            assertThat(document.get("nodes").get(1).get("status").asText()).isEqualTo("DOWN");
            assertThat(document.get("nodes").get(1).get("evidence").asText()).startsWith("connection refused");
            assertThat(document.get("problems").get(0).asText())
                    .startsWith("be-1 (localhost): DOWN (connection refused");
        }
    }

    @Test
    void durationFlagsTakeTheShortFormAndIso8601() {
        for (String[] value : new String[][] {
            {"10m", "PT10M"}, {"30s", "PT30S"}, {"1h", "PT1H"}, {"500ms", "PT0.5S"}, {"PT10M", "PT10M"}
        }) {
            CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));

            CommandLine.ParseResult parsed = commandLine.parseArgs(
                    "upgrade", "-t", "t.yaml", "--package", "p.tar.gz", "--ready-timeout", value[0]);

            UpgradeCommands.Upgrade upgrade =
                    (UpgradeCommands.Upgrade) parsed.subcommand().commandSpec().userObject();
            assertThat(upgrade.readyTimeout).as(value[0]).hasToString(value[1]);
        }
    }

    @Test
    void aZeroNegativeOrUnreadableDurationIsAUsageErrorNamingTheFlag() {
        for (String value : new String[] {"0s", "PT0S", "PT-5S", "-5s", "ten minutes"}) {
            err.getBuffer().setLength(0);

            int exit = run("upgrade", "-t", "t.yaml", "--package", "p.tar.gz", "--ready-timeout", value);

            assertThat(exit).as(value).isEqualTo(2);
            assertThat(err.toString())
                    .as(value)
                    .startsWith("Invalid value for option '--ready-timeout': ")
                    .doesNotContain("unexpected error:");
        }
        assertThat(err.toString()).contains("\"ten minutes\" is not a duration; write a number and a unit");
    }

    @Test
    void anUnknownNodeOrForcedCheckIsAUsageError() throws Exception {
        Path topology = topology(1, 2);

        assertThat(run("start", "-t", topology.toString(), "--node", "be-9")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("Invalid value for option '--node': no node be-9 in ")
                .contains("the nodes are [fe-1, be-1]");

        err.getBuffer().setLength(0);
        assertThat(run("history", "-t", topology.toString(), "--force", "no-such-check"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid value for option '--force': unknown check \"no-such-check\"");
    }

    @Test
    void statusOnAnInvalidTopologyExits2() {
        assertThat(run(
                        "status",
                        "-t",
                        EXAMPLES.resolve("invalid-five-mistakes.yaml").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("5 problems");
    }

    @Test
    void statusNeedsTheTopologyExactlyOnce() {
        assertThat(run("status")).isEqualTo(2);
        assertThat(err.toString()).contains("give the topology file once");
    }

    @Test
    void anUnexpectedErrorIsOneLineWithoutStackTrace() {
        CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        commandLine.addSubcommand(new Boom());
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("boom");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("dorisops boom: unexpected error: IllegalStateException: wires crossed (run with --verbose"
                        + " for details)" + System.lineSeparator());
    }

    @Test
    void verboseShowsTheStackTraceAndJsonStillPrintsOneDocument() throws Exception {
        CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        commandLine.addSubcommand(new Boom());
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("boom", "--verbose", "--json");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("at io.dorisops.cli.MainTest$Boom.call");
        assertThat(JSON.readTree(out.toString()).get("error").asText())
                .isEqualTo("unexpected error: IllegalStateException: wires crossed");
    }

    @Test
    void withoutSubcommandTheUsageIsShown() {
        assertThat(run()).isZero();
        assertThat(err.toString())
                .contains("Usage: dorisops")
                .contains("validate")
                .contains("status");
    }

    @Test
    void versionRunFromClassesNotAJarSaysItIsADevelopmentBuild() {
        // DistributionIT checks the version of the packaged jar; tests run from target/classes, without a manifest.
        assertThat(run("--version")).isZero();
        assertThat(out.toString())
                .isEqualTo("dorisops (a development build, not run from its jar)" + System.lineSeparator());
    }

    @Command(name = "boom")
    static final class Boom extends CliCommand {
        @Override
        public Integer call() {
            throw new IllegalStateException("wires crossed");
        }
    }

    private static MockWebServer healthyServer() throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getPath().equals("/api/bootstrap")
                        ? new MockResponse()
                                .setBody(
                                        "{\"msg\":\"success\",\"code\":0,\"data\":{\"version\":\"doris-2.1.8-abcdef1\"},"
                                                + "\"count\":0}")
                        : new MockResponse().setBody("{\"status\": \"OK\",\"msg\": \"To Be Added\"}");
            }
        });
        server.start();
        return server;
    }

    private Path topology(int fePort, int bePort) throws IOException {
        return Files.writeString(
                dir.resolve("local.yaml"),
                """
                flavor: doris
                followers:
                  - {id: fe-1, host: 127.0.0.1, home: /opt/fe, ports: {httpPort: %d}}
                backends:
                  - {id: be-1, host: localhost, home: /opt/be, ports: {httpPort: %d}}
                """
                        .formatted(fePort, bePort));
    }
}
