package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.STEP_FAILED;
import static io.dorisops.ProgressEvent.Type.STEP_FINISHED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent;
import io.dorisops.Role;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade's cost against plain restarts, on a sandbox whose nodes take a fixed 2 s to start: total
 * wall time, per-node downtime, and how fast a failing start is reported. Prints the numbers (and
 * writes them to {@code target/bench/UpgradeBench.txt}); asserts only that the runs did what they
 * measure, never timing.
 */
@Tag("bench")
class UpgradeBench {

    private static final Duration STARTUP = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    private static ProgressEvent find(RecordingListener events, ProgressEvent.Type type, String node, String action) {
        return events.events.stream()
                .filter(e -> e.type() == type
                        && e.nodeId().equals(node)
                        && e.action().equals(action))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + node + " " + action));
    }

    /** From the node's stop step starting to its await-ready step finishing. */
    private static Duration downtime(RecordingListener events, String node) {
        return Duration.between(
                find(events, STEP_STARTED, node, "stop").time(),
                find(events, STEP_FINISHED, node, "await-ready").time());
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Test
    void upgradeCostsAgainstPlainRestartsAndFailingStartDetection() throws IOException {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(3)
                        .startupDelay(Role.FE_FOLLOWER, STARTUP)
                        .startupDelay(Role.BE, STARTUP))) {
            List<String> order = List.of("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
            // The baseline: one rolling restart of the same nodes by the same runner (same order, gates,
            // lock, journal and balance pause), so the ratio is what upgrading adds: staging, backup,
            // deploy and the version checks.
            Map<String, Duration> restartDown = new LinkedHashMap<>();
            RecordingListener restartEvents = new RecordingListener();
            long restartStart = System.nanoTime();
            rig.lifecycle(restartEvents).restart(rig.sandbox.nodes());
            Duration restartSum = Duration.ofNanos(System.nanoTime() - restartStart);
            for (String id : order) {
                restartDown.put(id, downtime(restartEvents, id));
            }

            RecordingListener upgradeEvents = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(upgradeEvents).build());
            Operation plan = engine.plan(rig.pkg("2.1.8"));
            long start = System.nanoTime();
            engine.execute(plan);
            Duration upgradeWall = Duration.ofNanos(System.nanoTime() - start);
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.8"));

            print("UpgradeBench: Doris 3 FE + 3 BE sandbox, start-up delay %.1f s per node", seconds(STARTUP));
            print(
                    "(a) upgrade wall %.2f s / rolling restart wall %.2f s = %.3f (target <= 1.05)",
                    seconds(upgradeWall), seconds(restartSum), seconds(upgradeWall) / seconds(restartSum));
            double worst = 0;
            for (String id : order) {
                Duration up = downtime(upgradeEvents, id);
                double delta = seconds(up) - seconds(restartDown.get(id));
                worst = Math.max(worst, delta);
                print(
                        "(b) %s downtime: upgrade %.2f s, rolling restart %.2f s, difference %+.2f s (target within 0.5 s)",
                        id, seconds(up), seconds(restartDown.get(id)), delta);
            }
            print("(b) worst downtime difference %+.2f s", worst);

            for (Duration deadline : List.of(Duration.ofSeconds(30), Duration.ofMinutes(10))) {
                String target = deadline.toMinutes() < 1 ? "2.1.9" : "2.1.10";
                RecordingListener failing = new RecordingListener();
                Rig.Upgrades patient =
                        rig.engine(rig.options(failing).readyTimeout(deadline).build());
                Operation next = patient.plan(rig.pkg(target));
                rig.sandbox.faults().failNextStart("be-1");
                assertThatThrownBy(() -> patient.execute(next))
                        .isInstanceOf(NodeFailedException.class)
                        .hasMessageContaining("be-1");
                Duration detection = Duration.between(
                        find(failing, STEP_STARTED, "be-1", "start").time(),
                        find(failing, STEP_FAILED, "be-1", "await-ready").time());
                print(
                        "(c) failing start of be-1 reported %.3f s after its start step, ready timeout %d s:"
                                + " %.5f of the deadline (target < 1 s)",
                        seconds(detection), deadline.toSeconds(), seconds(detection) / seconds(deadline));
                assertThat(rig.version("be-1")).isEqualTo("2.1.8");
            }
            Path out = Path.of("target", "bench", "UpgradeBench.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        }
    }
}
