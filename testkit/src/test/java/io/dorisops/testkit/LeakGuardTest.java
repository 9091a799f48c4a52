package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.testkit.internal.Procs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakGuardTest {
    @Test
    void nodesExitWhenTheOwningJvmIsKilledWithSigkill(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process owner = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LeakProbeMain.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolveSibling(dir.getFileName() + "-owner.log").toFile())
                .start();
        try {
            Await.until(
                    Duration.ofSeconds(60),
                    "the child JVM's sandbox is ready",
                    () -> Files.exists(dir.resolve("probe-ready")));
            List<Long> nodes = Procs.withArgumentUnder(dir).stream()
                    .filter(pid -> pid != owner.pid())
                    .toList();
            assertThat(nodes).hasSize(2);

            owner.destroyForcibly().waitFor();

            Await.until(Duration.ofSeconds(10), "every node of the killed owner exits", () -> nodes.stream()
                    .noneMatch(Procs::alive));
        } finally {
            owner.destroyForcibly();
            Procs.withArgumentUnder(dir).forEach(Procs::kill);
        }
    }

    @Test
    void closeLeavesNoProcessAndDeletesATempDirectory() {
        Sandbox sandbox = Sandbox.builder().followers(1).backends(1).start();
        Path dir = sandbox.dir();
        List<Long> pids = sandbox.processes();
        assertThat(pids).hasSize(2);

        sandbox.close();

        assertThat(pids).noneMatch(Procs::alive);
        assertThat(dir).doesNotExist();
    }
}
