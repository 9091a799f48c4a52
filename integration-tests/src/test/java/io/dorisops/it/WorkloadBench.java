package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.WorkloadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox workload's throughput: statements a second a Doris 3 FE + 3 BE sandbox (3 replicas)
 * answers when the workload offers more than it can take (1000 queries/s, 100 loads/s of 5 rows, 16
 * statements in flight), for queries alone, loads alone, both, and queries
 * again on the table the loads filled (a query's cost grows with the rows it counts). Prints the numbers and the load average
 * (the machine may be shared), and writes them to {@code target/bench/WorkloadBench.txt}; asserts only
 * that statements ran, never timing.
 */
@Tag("bench")
class WorkloadBench {

    private static final Duration WINDOW = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();
    private long rows;

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private void measure(Sandbox sandbox, String what, double qps, double loads) throws IOException {
        String before = loadAverage();
        WorkloadReport counts = sandbox.workload()
                .qps(qps)
                .loadsPerSecond(loads)
                .rowsPerLoad(5)
                .duration(WINDOW)
                .start()
                .await();
        long rowsBefore = rows;
        rows += counts.rowsWritten();
        long ok = counts.total().queriesOk() + counts.total().loadsOk();
        long failed = counts.failedQueries() + counts.failedLoads();
        assertThat(ok).as(counts.errors().toString()).isPositive();
        print(
                "%-8s offered %4.0f queries/s + %3.0f loads/s on %5d rows: %6.1f statements/s (queries %6.1f/s,"
                        + " loads %5.1f/s), failed %d; load average before %s, after %s",
                what,
                qps,
                loads,
                rowsBefore,
                ok / (double) WINDOW.toSeconds(),
                counts.total().queriesOk() / (double) WINDOW.toSeconds(),
                counts.total().loadsOk() / (double) WINDOW.toSeconds(),
                failed,
                before,
                loadAverage());
    }

    @Test
    void statementsPerSecondOfTheSandboxWorkload() throws IOException {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(3)
                .backends(3)
                .baseDir(dir.resolve("sandbox"))
                .start()) {
            print(
                    "sandbox workload, Doris 2.1.7 3 FE + 3 BE, 3 replicas, 8 buckets, %d cores, %d s per run",
                    Runtime.getRuntime().availableProcessors(), WINDOW.toSeconds());
            measure(sandbox, "queries", 1000, 0);
            measure(sandbox, "loads", 0, 100);
            measure(sandbox, "mixed", 1000, 100);
            measure(sandbox, "queries", 1000, 0);
            Path out = Path.of("target", "bench");
            Files.createDirectories(out);
            Files.write(out.resolve("WorkloadBench.txt"), report);
        }
    }
}
