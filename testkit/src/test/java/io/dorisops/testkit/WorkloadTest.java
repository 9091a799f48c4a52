package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload sends queries and loads through real MySQL connections at its rates, stops by itself,
 * and reports every statement: what it counts as written is what the table holds; a stopped sandbox is
 * refused at once, naming it.
 */
class WorkloadTest {
    @TempDir
    Path dir;

    @Test
    void aWorkloadReportsEveryStatementAndTheTableHoldsEveryRowItCountsAsWritten() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.3.5")
                .backends(3)
                .baseDir(dir)
                .start()) {
            long started = System.nanoTime();
            WorkloadReport report;
            try (Workload workload = sandbox.workload()
                    .qps(10)
                    .loadsPerSecond(3)
                    .rowsPerLoad(5)
                    .duration(Duration.ofSeconds(3))
                    .start()) {
                report = workload.await();
                assertThat(workload.running()).isFalse();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(report.errors()).as(report.toString()).isEmpty();
            assertThat(report.failedQueries()).isZero();
            assertThat(report.failedLoads()).isZero();
            // The rates are targets; a loaded machine gets fewer done, never none.
            assertThat(report.total().queriesOk()).as(report.toString()).isGreaterThanOrEqualTo(3);
            assertThat(report.total().loadsOk()).as(report.toString()).isGreaterThanOrEqualTo(2);
            assertThat(report.rowsWritten()).isEqualTo(report.total().loadsOk() * 5);
            assertThat(report.seconds()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(Sql.query(sandbox.node("fe-1"), "SELECT COUNT(*) FROM workload_db.events")
                            .get(0))
                    .containsEntry("count(*)", String.valueOf(report.rowsWritten()));
        }
    }

    @Test
    void aWorkloadAgainstAStoppedSandboxIsRefusedAtOnceNamingIt() {
        try (Sandbox sandbox = Sandbox.builder().baseDir(dir).start()) {
            sandbox.stop();
            long started = System.nanoTime();
            assertThatThrownBy(() ->
                            sandbox.workload().duration(Duration.ofSeconds(5)).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(
                            "cannot prepare the workload table workload_db.events in the sandbox at " + sandbox.dir())
                    .hasMessageContaining("no FE accepts connections (1 tried)")
                    .hasMessageEndingWith("Is the sandbox running?");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        try (Sandbox sandbox = Sandbox.builder().baseDir(dir).emptyHomes().start()) {
            Workload.Builder builder = sandbox.workload();
            assertThatThrownBy(() -> builder.qps(-1)).hasMessage("qps must be 0 to 1000 per second, got -1.0");
            assertThatThrownBy(() -> builder.loadsPerSecond(Double.NaN))
                    .hasMessage("loadsPerSecond must be 0 to 100 per second, got NaN");
            assertThatThrownBy(() -> builder.table("events"))
                    .hasMessage("table must be db.table in letters, digits and _, got \"events\"");
            assertThatThrownBy(() -> builder.rowsPerLoad(0)).hasMessage("rowsPerLoad must be 1 to 10000, got 0");
            assertThatThrownBy(() -> builder.duration(Duration.ofHours(2)))
                    .hasMessage("duration must be more than 0 and at most 1 hour, got PT2H");
        }
    }
}
