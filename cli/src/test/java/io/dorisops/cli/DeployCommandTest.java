package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployCommandTest {

    @TempDir
    Path dir;

    /** One FE and one BE with empty homes: hosts to deploy onto. */
    private Sandbox emptyHosts() {
        return Sandbox.builder()
                .flavor(Flavor.DORIS)
                .followers(1)
                .backends(1)
                .emptyHomes()
                .baseDir(dir.resolve("hosts"))
                .start();
    }

    @Test
    void deployPrintsItsPlanInstallsIntoEmptyHomesAndScaleOutRefusesAMember() throws Exception {
        try (Sandbox hosts = emptyHosts()) {
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

    @Test
    void aDryRunFailsOnTheSameGatesAsTheRealDeployAndChangesNothing() throws Exception {
        try (Sandbox hosts = emptyHosts()) {
            Path topology = dir.resolve("ha.yaml");
            hosts.writeTopology(topology);
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.7"), dir);
            String state = dir.resolve("state").toString();
            Node be = hosts.node("be-1");
            Path stray =
                    Files.createDirectories(be.home().resolve("storage/data/0")).resolve("10001.dat");
            Files.writeString(stray, "old tablet");

            try (ServerSocket squatter = new ServerSocket()) {
                squatter.bind(new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), be.ports().heartbeatPort()));
                CliRun dry = CliRun.of(
                        "deploy", "-t", topology.toString(), "-p", pkg.toString(), "--state-dir", state, "--dry-run");
                CliRun real =
                        CliRun.of("deploy", "-t", topology.toString(), "-p", pkg.toString(), "--state-dir", state);

                assertThat(dry.code()).as(dry.out() + dry.err()).isEqualTo(1);
                assertThat(gateLines(dry.err()))
                        .containsExactly(
                                "empty-home: be-1 (127.0.0.1): " + stray + " is in its storage root: a new node"
                                        + " starts with empty data directories; give it an empty storageRootPath"
                                        + " (dorisops never deletes data), or, if it is a member already, leave it out",
                                "ports-free: be-1 (127.0.0.1): ports.heartbeatPort 127.0.0.1:"
                                        + be.ports().heartbeatPort() + " already accepts connections: another process"
                                        + " holds it (a member of a cluster?); stop it or give the node other ports in"
                                        + " the topology")
                        .isEqualTo(gateLines(real.err()));
                assertThat(real.code()).isEqualTo(1);
            }
            assertThat(hosts.node("fe-1").home().resolve("bin")).doesNotExist();
            assertThat(be.home().resolve("bin")).doesNotExist();
            assertThat(be.home().resolve("conf")).doesNotExist();
            assertThat(Files.readString(stray)).isEqualTo("old tablet");

            Files.delete(stray);
            CliRun clean = CliRun.of(
                    "deploy", "-t", topology.toString(), "-p", pkg.toString(), "--state-dir", state, "--dry-run");
            assertThat(clean.code()).as(clean.err()).isZero();
            assertThat(clean.out()).contains("be-1", "install");
            assertThat(hosts.node("fe-1").home().resolve("bin")).doesNotExist();
        }
    }

    /** The failing gates of a pre-flight refusal, one per line as the CLI prints them. */
    private static List<String> gateLines(String err) {
        return err.lines()
                .map(String::strip)
                .map(line -> line.startsWith("- ") ? line.substring(2) : line)
                .filter(line -> line.matches("(ports-free|empty-home|package|unfinished-run): .*"))
                .toList();
    }
}
