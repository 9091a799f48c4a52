package io.dorisops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ClusterReportAndRestartTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX =
            SandboxExtension.perClass(Sandbox.builder().followers(1).backends(3));

    @TempDir
    Path dir;

    private String topologyFile() {
        Path file = dir.resolve("cluster.yaml");
        SANDBOX.sandbox().writeTopology(file);
        return file.toString();
    }

    @Test
    void clusterReportShowsEveryNodeTheMasterTabletsAndBalanceSwitches() {
        String printed = StdoutCapture.run(() -> ClusterReport.main(new String[] {topologyFile()}));

        assertThat(printed).containsPattern("fe-1\\s+FE_FOLLOWER\\s+\\S+\\s+true\\s+\\S*2\\.1\\.7");
        assertThat(printed).containsPattern("be-3\\s+BE\\s+\\S+\\s+true\\s+\\S*2\\.1\\.7");
        assertThat(printed).contains("master  127.0.0.1:");
        assertThat(printed).contains(": all 30 tablets healthy (SHOW PROC '/cluster_health/tablet_health')");
        assertThat(printed).contains("balance disable_balance = false");
    }

    @Test
    void orderedBackendRestartRestartsEachBackendInTurn() {
        long before = SANDBOX.sandbox().pid("be-2").orElseThrow();

        String printed = StdoutCapture.run(() -> OrderedBackendRestart.main(new String[] {topologyFile()}));

        assertThat(printed).contains("restarted [be-1, be-2, be-3]");
        assertThat(SANDBOX.sandbox().pid("be-2").orElseThrow()).isNotEqualTo(before);
        assertThat(SANDBOX.sandbox().pid("fe-1")).isPresent();
    }
}
