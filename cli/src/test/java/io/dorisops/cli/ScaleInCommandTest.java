package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dorisops scale-in} and {@code failover-drill} in-process on a sandbox of 1 follower and 3 BEs
 * holding a 3-replica table: the refusals exit 1 naming the gate, the table and the numbers, and change
 * nothing; a bad {@code --node} is a usage error.
 */
class ScaleInCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(Sandbox.builder()
            .flavor(Flavor.DORIS)
            .version("2.1.7")
            .followers(1)
            .backends(3)
            .replicationNum(3));

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        Path topology = dir.resolve("topology.yaml");
        SANDBOX.sandbox().writeTopology(topology);
        String[] all = new String[args.length + 3];
        all[0] = args[0];
        all[1] = "--topology";
        all[2] = topology.toString();
        all[3] = "--state-dir=" + dir.resolve("state");
        System.arraycopy(args, 1, all, 4, args.length - 1);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void aScaleInThatLeavesTheTableShortOfBackendsExitsOneNamingItAndChangesNothing() throws Exception {
        int code = run("scale-in", "--node", "be-3", "--json");

        assertThat(code).isEqualTo(1);
        JsonNode document = JSON.readTree(out.toString());
        assertThat(document.path("ok").asBoolean()).isFalse();
        assertThat(document.path("error").asText())
                .contains("pre-flight refused the scale-in")
                .contains("replicas-fit: sandbox_db.sandbox_tbl partition sandbox_tbl needs 3 replicas on tag"
                        + " default (tag.location.default: 3), but only 2 BEs of tag default would remain");
        assertThat(SANDBOX.sandbox().pid("be-3")).isPresent();
    }

    @Test
    void theDrillIsRefusedWithOneFollowerAndAnUnknownNodeIsAUsageError() {
        assertThat(run("failover-drill")).isEqualTo(1);
        assertThat(err.toString()).contains("drill-followers: 1 of 1 followers are alive");

        assertThat(run("scale-in", "--node", "be-9")).isEqualTo(2);
        assertThat(err.toString()).contains("no node be-9 in");
    }

    @Test
    void aScaleInThatSucceededRewritesTheTopologyFileWithoutTheNodeAndKeepsTheOldOne() throws Exception {
        try (Sandbox small = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(1)
                .observers(1)
                .backends(1)
                .baseDir(dir.resolve("small"))
                .start()) {
            Path topology = dir.resolve("small.yaml");
            small.writeTopology(topology);
            String before = Files.readString(topology);

            int code = Main.run(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "scale-in",
                    "--topology",
                    topology.toString(),
                    "--state-dir=" + dir.resolve("small-state"),
                    "--node",
                    "obs-1");

            assertThat(code).as(err.toString()).isZero();
            assertThat(io.dorisops.Topology.load(topology).node("obs-1")).isEmpty();
            assertThat(io.dorisops.Topology.load(topology).nodes()).hasSize(2);
            try (var backups = Files.list(dir)
                    .filter(f -> f.getFileName().toString().startsWith("small.yaml.")
                            && f.getFileName().toString().endsWith(".bak"))) {
                assertThat(backups.toList()).singleElement().satisfies(backup -> assertThat(Files.readString(backup))
                        .isEqualTo(before));
            }
            assertThat(out.toString()).contains("small.yaml: updated without obs-1; the old file is kept as");
            assertThat(small.pid("obs-1")).isEmpty();
        }
    }
}
