package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private JsonNode json(String... args) throws Exception {
        out.getBuffer().setLength(0);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("exit code of %s; stderr: %s", List.of(args), err).isZero();
        return JSON.readTree(out.toString());
    }

    private String text(String... args) {
        out.getBuffer().setLength(0);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("exit code of %s; stderr: %s", List.of(args), err).isZero();
        return out.toString();
    }

    /** Runs a command that must fail before changing anything; its stderr. */
    private String refused(String... args) {
        err.getBuffer().setLength(0);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("exit code of %s; stderr: %s", List.of(args), err).isEqualTo(1);
        return err.toString();
    }

    @Test
    void planUpgradeAndHistoryWorkOnASandboxThroughTheCommandLine() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(3)
                .backends(3)
                .baseDir(dir.resolve("cluster"))
                .start()) {
            Path topology = dir.resolve("topology.yaml");
            sandbox.writeTopology(topology);
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.8"), dir);
            String state = dir.resolve("state").toString();

            String text = text(
                    "plan",
                    "--topology",
                    topology.toString(),
                    "--package",
                    pkg.toString(),
                    "--canary",
                    "--canary-node",
                    "be-2",
                    "--soak",
                    "1s");
            assertThat(text)
                    .contains("the package is on every host before the first node stops")
                    .contains("the canary: one BE upgraded first")
                    .contains("watch it for 1s at 2.1.8");
            JsonNode plan = json(
                    "plan",
                    "--topology",
                    topology.toString(),
                    "--package",
                    pkg.toString(),
                    "--canary",
                    "--canary-node",
                    "be-2",
                    "--soak",
                    "1s",
                    "--json");
            List<String> order = new ArrayList<>();
            plan.get("steps").forEach(step -> {
                if (!step.get("reason").asText().equals("STAGE_BEFORE_RESTARTS")) {
                    order.add(step.get("node").asText());
                }
            });
            assertThat(order).containsExactly("be-2", "be-1", "be-3", "fe-2", "fe-3", "fe-1");
            Path planFile = dir.resolve("plan.json");
            Files.writeString(planFile, out.toString());

            Path edited = dir.resolve("edited.json");
            Files.writeString(edited, out.toString().replace("\"be-3\"", "\"be-1\""));
            assertThat(refused("upgrade", "--topology", topology.toString(), "--plan", edited.toString()))
                    .contains("the plan " + edited + " is refused", "was edited after dorisops wrote it");

            JsonNode upgrade = json(
                    "upgrade",
                    "--topology",
                    topology.toString(),
                    "--plan",
                    planFile.toString(),
                    "--state-dir",
                    state,
                    "--json");
            assertThat(upgrade.get("ok").asBoolean()).isTrue();
            assertThat(upgrade.get("nodes")).hasSize(6);
            assertThat(upgrade.get("events").toString()).contains("RUN_FINISHED", "every node at 2.1.8");
            JsonNode journaled = JSON.readTree(
                            Files.readAllLines(Path.of(upgrade.get("journal").asText()))
                                    .get(0))
                    .get("operation");
            assertThat(journaled).isEqualTo(plan);

            // The approved plan is stale once the cluster changed: every node is at 2.1.8 now.
            assertThat(refused("upgrade", "--topology", topology.toString(), "--plan", planFile.toString()))
                    .contains("no longer matches the cluster", "nothing was changed")
                    .containsPattern("version be-1: planned with doris-2\\.1\\.7\\S*, now doris-2\\.1\\.8");

            JsonNode status = json("status", "--topology", topology.toString(), "--json");
            status.get("nodes")
                    .forEach(node -> assertThat(node.get("version").asText()).startsWith("doris-2.1.8"));

            JsonNode history = json("history", "--topology", topology.toString(), "--state-dir", state, "--json");
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("outcome").asText()).isEqualTo("succeeded");
            assertThat(history.get(0).get("done")).hasSize(6);
            // Each node's drain (the Doris BEs) beside its downtime, from the journal; no workload was watched.
            assertThat(history.get(0).get("nodeTimes")).hasSize(6).allSatisfy(time -> {
                assertThat(time.get("downtimeSeconds").asDouble()).isPositive();
                assertThat(time.get("drainSeconds").isNull())
                        .isEqualTo(!time.get("node").asText().startsWith("be-"));
            });
            assertThat(history.get(0).get("traffic").isNull()).isTrue();
            // A damaged journal beside it is listed with what is wrong and where, and blocks nothing.
            Path damaged = dir.resolve("state/runs/restart-20260101-000000.jsonl");
            Files.writeString(damaged, "");
            StringWriter listed = new StringWriter();
            assertThat(Main.run(
                            new PrintWriter(listed, true),
                            new PrintWriter(err, true),
                            "history",
                            "-t",
                            topology.toString(),
                            "--state-dir",
                            state))
                    .isZero();
            assertThat(listed.toString())
                    .contains("restart-20260101-000000: the journal " + damaged, "holds no readable entry")
                    .contains("succeeded");
            Files.delete(damaged);

            Path page = dir.resolve("reports/report.html");
            JsonNode report = json(
                    "report",
                    "--topology",
                    topology.toString(),
                    "--state-dir",
                    state,
                    "--run",
                    upgrade.get("run").asText(),
                    "--out",
                    page.toString(),
                    "--json");
            assertThat(report.get("out").asText()).isEqualTo(page.toString());
            String html = Files.readString(page);
            assertThat(html).contains("class=\"badge succeeded\"", "<g class=\"row\" data-node=\"fe-1\"");
            assertThat(html.split("<g class=\"row\" ", -1)).hasSize(7);
            assertThat(Main.run(
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            "report",
                            "-t",
                            topology.toString(),
                            "--state-dir",
                            state,
                            "--run",
                            "upgrade-1"))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("no run upgrade-1 of ", "dorisops history lists them");

            JsonNode again = json(
                    "upgrade",
                    "--topology",
                    topology.toString(),
                    "--package",
                    pkg.toString(),
                    "--state-dir",
                    state,
                    "--json");
            assertThat(again.get("nodes")).isEmpty();
            assertThat(again.get("skipped")).hasSize(6);
        }
    }

    @Test
    void upgradeRefusedByPreflightExitsNonZeroAndSaysWhy() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.0.15")
                .followers(1)
                .backends(1)
                .replicationNum(1)
                .baseDir(dir.resolve("cluster"))
                .start()) {
            Path topology = dir.resolve("topology.yaml");
            sandbox.writeTopology(topology);
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("3.0.3"), dir);

            int code = Main.run(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "upgrade",
                    "--topology",
                    topology.toString(),
                    "--package",
                    pkg.toString(),
                    "--state-dir",
                    dir.resolve("state").toString());

            assertThat(code).isEqualTo(CliCommand.FAILED);
            assertThat(err.toString())
                    .contains("pre-flight refused the upgrade")
                    .contains("upgrade-path: be-1: no-minor-skip: 2.0 to 3.0 skips a minor series");
        }
    }
}
