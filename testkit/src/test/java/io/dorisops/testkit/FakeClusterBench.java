package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Cluster;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.testkit.internal.Seeder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's unit test of a rolling upgrade costs on {@link FakeCluster}: a new fake of 3 FE + 3 BE, the
 * 2.1.7 to 2.1.8 upgrade planned and run through {@code Cluster}, its lock and journal in a temporary
 * directory on disk (each journal entry is forced to disk, as in production), against planning the same
 * upgrade alone as the baseline of the same run; and the run again with its state on tmpfs ({@code
 * /dev/shm}, where forcing costs nothing) when there is one, to tell the journal's fsyncs from the rest.
 * Prints the numbers; asserts no timing (issue #24's target, under 100 ms, is recorded in {@code
 * docs/BENCHMARKS.md}).
 */
@Tag("bench")
class FakeClusterBench {
    private static final int WARMUP = 20;
    private static final int ROUNDS = 50;
    private static final Path TMPFS = Path.of("/dev/shm");
    /** CPU time does not grow with the machine's load as wall time does: the figure to compare on a busy machine. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @Test
    void rollingUpgradeOfThreeFrontendsAndThreeBackendsAgainstPlanningIt() throws Exception {
        boolean tmpfs = Files.isDirectory(TMPFS) && Files.isWritable(TMPFS);
        Path shm = tmpfs ? Files.createTempDirectory(TMPFS, "fake-cluster-bench-") : dir;
        try {
            for (int i = 0; i < WARMUP; i++) {
                upgrade(dir, "plan-" + i, false);
                upgrade(dir, "run-" + i, true);
                upgrade(shm, "shm-" + i, true);
            }
            List<Long> plans = new ArrayList<>();
            List<Long> runs = new ArrayList<>();
            List<Long> shmRuns = new ArrayList<>();
            List<Long> runCpu = new ArrayList<>();
            for (int i = WARMUP; i < WARMUP + ROUNDS; i++) {
                plans.add(upgrade(dir, "plan-" + i, false));
                long cpu = THREADS.getCurrentThreadCpuTime();
                runs.add(upgrade(dir, "run-" + i, true));
                runCpu.add(THREADS.getCurrentThreadCpuTime() - cpu);
                shmRuns.add(upgrade(shm, "shm-" + i, true));
            }
            System.out.printf(
                    "FakeClusterBench: rolling upgrade 3 FE + 3 BE, state on disk: %s; planning it alone: %s;"
                            + " run / plan (medians) %.1f; state on tmpfs%s: %s; CPU time of the test's thread per run"
                            + " on disk: %s%n",
                    describe(runs),
                    describe(plans),
                    (double) median(runs) / median(plans),
                    tmpfs ? "" : " (none here: disk again)",
                    describe(shmRuns),
                    describe(runCpu));
        } finally {
            if (tmpfs) {
                Seeder.deleteTree(shm);
            }
        }
    }

    /** One user test: a new fake, a package, a cluster; plans (and runs) the upgrade. Returns its nanoseconds. */
    private static long upgrade(Path base, String name, boolean run) throws Exception {
        Path test = Files.createDirectories(base.resolve(name));
        long start = System.nanoTime();
        FakeCluster fake = FakeCluster.of(FakeClusterTest.TOPOLOGY, "2.1.7");
        Path pkg = fake.releasePackage("2.1.8", test);
        try (Cluster cluster = fake.clusterBuilder(test.resolve("state")).build()) {
            if (run) {
                cluster.run(Procedure.upgrade(pkg), RunOptions.defaults());
            } else {
                cluster.plan(Procedure.upgrade(pkg));
            }
        }
        long elapsed = System.nanoTime() - start;
        assertThat(fake.acted("start")).hasSize(run ? 6 : 0);
        return elapsed;
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String describe(List<Long> nanos) {
        return String.format(
                "median %.1f ms (best %.1f, worst %.1f)",
                median(nanos) / 1e6, Collections.min(nanos) / 1e6, Collections.max(nanos) / 1e6);
    }
}
