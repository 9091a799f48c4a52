package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCommandTest {

    @TempDir
    Path dir;

    @Test
    void deployPrintsItsPlanInstallsIntoEmptyHomesAndScaleOutRefusesAMember() throws Exception {
        try (Sandbox hosts = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .followers(1)
                .backends(1)
                .emptyHomes()
                .baseDir(dir.resolve("hosts"))
                .start()) {
            Path topology = dir.resolve("ha.yaml");
            hosts.writeTopology(topology);
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.7"), dir);
            String state = dir.resolve("state").toString();

            CliRun dry = CliRun.of("deploy", "-t", topology.toString(), "-p", pkg.toString(), "--dry-run", "--json");
            assertThat(dry.code()).as(dry.err()).isZero();
            JsonNode plan = dry.json();
            List<String> actions = new ArrayList<>();
            plan.get("steps").forEach(step -> step.get("actions")
                    .forEach(a -> actions.add(
                            step.get("node").asText() + " " + a.get("type").asText())));
            assertThat(actions)
                    .containsExactly(
                            "fe-1 install",
                            "fe-1 write-conf",
                            "be-1 install",
                            "be-1 write-conf",
                            "fe-1 start",
                            "fe-1 await-ready",
                            "be-1 add",
                            "be-1 start",
                            "be-1 await-ready");
            assertThat(hosts.node("fe-1").home().resolve("bin")).doesNotExist();

            CliRun deploy = CliRun.of("deploy", "-t", topology.toString(), "-p", pkg.toString(), "--state-dir", state);
            assertThat(deploy.code()).as(deploy.err()).isZero();
            assertThat(deploy.out()).startsWith("deploy-").contains(": fe-1, be-1 in ");

            CliRun again = CliRun.of("scale-out", "-t", topology.toString(), "--node", "be-1", "--state-dir", state);
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).contains("already-member: be-1 (127.0.0.1): 127.0.0.1:");
        }
    }
}
