package io.dorisops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingUpgradeWithListenerTest {

    @TempDir
    Path dir;

    @Test
    void upgradesBackendsFirstAndLogsEveryStepWithItsDuration() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .version("2.1.7")
                .followers(3)
                .backends(3)
                .baseDir(dir.resolve("sandbox"))
                .start()) {
            Path topology = dir.resolve("cluster.yaml");
            sandbox.writeTopology(topology);
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.8"), dir);

            String printed = StdoutCapture.run(() -> RollingUpgradeWithListener.main(new String[] {
                topology.toString(), pkg.toString(), dir.resolve("state").toString()
            }));

            assertThat(printed).contains("be-1").contains("fe-1");
            assertThat(printed.indexOf("be-1")).isLessThan(printed.indexOf("fe-1"));
            assertThat(printed).containsPattern("be-1\\s+start\\s+\\d+ ms");
            assertThat(printed).contains("upgraded [be-1, be-2, be-3, fe-2, fe-3, fe-1]");

            Path page = dir.resolve("report.html");
            String written = StdoutCapture.run(() -> {
                try {
                    RunReportPage.main(new String[] {
                        topology.toString(), dir.resolve("state").toString(), page.toString()
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(written).contains("report written to " + page);
            assertThat(Files.readString(page))
                    .contains("<g class=\"row\" data-node=\"be-1\"", "<g class=\"row\" data-node=\"fe-1\"")
                    .contains("class=\"badge succeeded\"");
            try (ClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology())) {
                assertThat(admin.backends())
                        .allSatisfy(be ->
                                assertThat(be.version().orElseThrow().number()).isEqualTo("2.1.8"));
            }
        }
    }
}
