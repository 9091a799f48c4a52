package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workload that offers more than the sandbox answers stops at once: statements still queued when it
 * stops are never sent, only those in flight are awaited.
 */
class WorkloadStopTest {
    @TempDir
    Path dir;

    @Test
    void statementsQueuedWhenTheWorkloadStopsAreNeverSent() {
        // 16 statements in flight of 1 s each answer 16 a second; 500 a second are offered.
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(1)
                .queryTime(Duration.ofSeconds(1))
                .baseDir(dir)
                .start()) {
            Workload workload = sandbox.workload()
                    .qps(500)
                    .loadsPerSecond(0)
                    .duration(Duration.ofMinutes(5))
                    .start();
            Await.until(
                    Duration.ofSeconds(30),
                    "the first queries",
                    () -> workload.report().total().queriesOk() >= 16);
            long started = System.nanoTime();
            WorkloadReport report = workload.stop();
            Duration stopping = Duration.ofNanos(System.nanoTime() - started);
            assertThat(stopping)
                    .as("stop waits for the statements in flight only, not for a backlog of %s", report.total())
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(report.failedQueries()).as(report.errors().toString()).isZero();
        }
    }
}
