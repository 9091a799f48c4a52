package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.ProgressEvent;
import io.dorisops.Role;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.Workload;
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
 * A rolling upgrade under the sandbox workload against the same upgrade idle, same run, same sandbox
 * (Doris 3 FE + 3 BE, 3 replicas, a fixed 2 s start-up delay per node): wall times, their ratio, the
 * time the majority gate let the scheduler repair, and the workload's counts. Prints the numbers (and
 * writes them to {@code target/bench/BusyUpgradeBench.txt}); asserts only that the runs did what they
 * measure, never timing.
 */
@Tag("bench")
class BusyUpgradeBench {

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    /** Seconds the run waited with the scheduler let repair, from its "on" to its "paused again" events. */
    private static double repairSeconds(RecordingListener events) {
        double total = 0;
        ProgressEvent on = null;
        for (ProgressEvent e : events.events) {
            if (e.type() != ProgressEvent.Type.WAITING) {
                continue;
            }
            if (e.message().startsWith("tablet scheduler on")) {
                on = e;
            } else if (e.message().startsWith("tablet scheduler paused again") && on != null) {
                total += Duration.between(on.time(), e.time()).toMillis() / 1000.0;
                on = null;
            }
        }
        return total;
    }

    @Test
    void upgradeUnderTheWorkloadAgainstTheSameUpgradeIdle() throws IOException {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(3)
                        .startupDelay(Role.BE, Duration.ofSeconds(2))
                        .startupDelay(Role.FE_FOLLOWER, Duration.ofSeconds(2)))) {
            RecordingListener idleEvents = new RecordingListener();
            Rig.Upgrades idle = rig.engine(rig.options(idleEvents).build());
            long start = System.nanoTime();
            idle.execute(idle.plan(rig.pkg("2.1.8")));
            double idleSeconds = (System.nanoTime() - start) / 1e9;

            RecordingListener busyEvents = new RecordingListener();
            Rig.Upgrades busy = rig.engine(rig.options(busyEvents).build());
            io.dorisops.Operation plan = busy.plan(rig.pkg("2.1.9"));
            WorkloadReport counts;
            double busySeconds;
            try (Workload workload = rig.sandbox
                    .workload()
                    .qps(5)
                    .loadsPerSecond(4)
                    .rowsPerLoad(5)
                    .duration(Duration.ofMinutes(30))
                    .start()) {
                Await.until(
                        Duration.ofSeconds(60),
                        "the first loads",
                        () -> workload.report().total().loadsOk() >= 8);
                start = System.nanoTime();
                busy.execute(plan);
                busySeconds = (System.nanoTime() - start) / 1e9;
                counts = workload.stop();
            }
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).isEqualTo("2.1.9"));

            print("rolling upgrade, Doris 3 FE + 3 BE, 3 replicas, 2 s start-up delay per node");
            print("idle upgrade 2.1.7 -> 2.1.8: %.2f s", idleSeconds);
            print("busy upgrade 2.1.8 -> 2.1.9: %.2f s (workload: 4 loads/s of 5 rows, 5 queries/s)", busySeconds);
            print("ratio busy / idle: %.3f", busySeconds / idleSeconds);
            print("scheduler let repair between nodes: %.2f s in all", repairSeconds(busyEvents));
            print(
                    "workload during the run and around it: loads ok %d, failed %d; queries ok %d, failed %d",
                    counts.total().loadsOk(),
                    counts.failedLoads(),
                    counts.total().queriesOk(),
                    counts.failedQueries());
            print("errors: %s", counts.errors());
            Path out = Path.of("target", "bench");
            Files.createDirectories(out);
            Files.write(out.resolve("BusyUpgradeBench.txt"), report);
        }
    }
}
