package io.dorisops.testkit;

import io.dorisops.Node;
import io.dorisops.testkit.internal.Procs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks: start-up wall time of 3 FE + 3 BE against a 1 FE baseline, resident memory per node,
 * and the largest sandbox this machine starts. Prints numbers; asserts no timing.
 */
@Tag("bench")
class SandboxBench {

    @Test
    void startupTimeAndMemoryPerNode() {
        long baseline = startMillis(1, 0);
        List<Long> runs = new ArrayList<>();
        LongSummaryStatistics rss = new LongSummaryStatistics();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (Sandbox sandbox = Sandbox.builder().followers(3).backends(3).start()) {
                runs.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
                for (Node node : sandbox.nodes()) {
                    rss.accept(Procs.rssKib(sandbox.pid(node.id()).orElseThrow()) / 1024);
                }
            }
        }
        long best = runs.stream().mapToLong(Long::longValue).min().orElseThrow();
        System.out.printf(
                "BENCH sandbox start 3FE+3BE: runs %s ms, best %d ms (target < 5000 ms); baseline 1FE %d ms;"
                        + " ratio %.2f%n",
                runs, best, baseline, (double) best / baseline);
        System.out.printf(
                "BENCH RSS per node: min %d MB, avg %.1f MB, max %d MB over %d nodes (target < 64 MB)%n",
                rss.getMin(), rss.getAverage(), rss.getMax(), rss.getCount());
    }

    @Test
    void largestSandboxThatStarts() {
        int largest = 0;
        for (int backends : new int[] {15, 30, 60}) {
            long start = System.nanoTime();
            try (Sandbox sandbox = Sandbox.builder()
                    .followers(3)
                    .backends(backends)
                    .readyTimeout(Duration.ofMinutes(3))
                    .start()) {
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                long rssMb = sandbox.nodes().stream()
                                .mapToLong(node ->
                                        Procs.rssKib(sandbox.pid(node.id()).orElse(0)))
                                .sum()
                        / 1024;
                System.out.printf("BENCH sandbox 3FE+%dBE: ready in %d ms, total RSS %d MB%n", backends, millis, rssMb);
                largest = backends;
            } catch (RuntimeException e) {
                System.out.printf("BENCH sandbox 3FE+%dBE failed: %s%n", backends, e.getMessage());
                break;
            }
        }
        System.out.printf("BENCH largest sandbox started: 3 FE + %d BE%n", largest);
    }

    private static long startMillis(int followers, int backends) {
        long start = System.nanoTime();
        try (Sandbox sandbox =
                Sandbox.builder().followers(followers).backends(backends).start()) {
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
    }
}
