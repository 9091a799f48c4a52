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
        LongSummaryStatistics pss = new LongSummaryStatistics();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (Sandbox sandbox = Sandbox.builder().followers(3).backends(3).start()) {
                runs.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
                for (Node node : sandbox.nodes()) {
                    long pid = sandbox.pid(node.id()).orElseThrow();
                    rss.accept(Procs.rssKib(pid) / 1024);
                    pss.accept(pssKib(pid) / 1024);
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
        System.out.printf(
                "BENCH PSS per node (shared pages split between the processes that map them): min %d MB, avg %.1f MB,"
                        + " max %d MB%n",
                pss.getMin(), pss.getAverage(), pss.getMax());
    }

    /** Proportional set size from /proc/PID/smaps_rollup, 0 when unreadable. */
    private static long pssKib(long pid) {
        try {
            for (String line :
                    java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
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
