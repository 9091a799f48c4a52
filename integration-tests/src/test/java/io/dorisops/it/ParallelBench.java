package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.STEP_FINISHED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.Role;
import io.dorisops.testkit.ReplicaWatch;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16's wall-time target: the BE phase of a rolling restart of 9 BEs whose start takes a fixed
 * 5 s, serially (the baseline, same run) against replica-aware batches: with 3 location tags (one
 * replica per tag: 3 batches) and without tags (3 replicas placed freely: batches of BEs sharing no
 * tablet). A real BE takes minutes to start; much shorter, the three sandbox JVMs of a batch starting at
 * once on a small machine are what is measured. Prints the numbers and the gaps between batches (and
 * writes {@code target/bench/ParallelBench.txt}); asserts only that the rule held (never two replicas of
 * one tablet down), never timing.
 */
@Tag("bench")
class ParallelBench {

    private static final Duration STARTUP = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    @Test
    void batchedBackendPhaseAgainstSerialOnNineBackends() throws IOException {
        for (boolean tags : new boolean[] {true, false}) {
            Sandbox.Builder builder = Sandbox.builder()
                    .flavor(Flavor.DORIS)
                    .version("2.1.7")
                    .followers(1)
                    .backends(9)
                    .startupDelay(Role.BE, STARTUP);
            builder = tags ? builder.locationTags(3) : builder.replicationNum(3).tabletCount(9);
            try (Rig rig = new Rig(dir.resolve(tags ? "tags" : "free"), builder)) {
                List<Node> backends = rig.sandbox.nodes().stream()
                        .filter(node -> node.role() == Role.BE)
                        .toList();
                double serial = phase(rig, backends, 1, "serial");
                RecordingListener events = new RecordingListener();
                Operation plan = rig.cluster(events.listener).plan(Procedure.restart(backends, Procedure.UNLIMITED));
                double parallel = phase(rig, backends, Procedure.UNLIMITED, "batched");
                print(
                        "ParallelBench %s: BE phase serial %.2f s, batched %.2f s in %d batches: %.2fx (target >= 2.5x)",
                        tags ? "3 tags, one replica per tag" : "no tags, 3 replicas placed freely",
                        serial,
                        parallel,
                        plan.batches().size(),
                        serial / parallel);
            }
        }
        Path out = Path.of("target", "bench", "ParallelBench.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    /** Restarts the BEs and returns the BE phase's wall time: first stop started to last await finished. */
    private double phase(Rig rig, List<Node> backends, int maxParallel, String what) {
        RecordingListener events = new RecordingListener();
        try (ReplicaWatch watch = rig.sandbox.watchReplicas()) {
            rig.cluster(events.listener)
                    .run(
                            Procedure.restart(backends, maxParallel),
                            rig.options(new RecordingListener()).build());
            assertThat(watch.maxDown()).as(what + ": " + watch.worst()).isLessThanOrEqualTo(1);
        }
        Instant first = events.events.stream()
                .filter(e -> e.type() == STEP_STARTED && e.action().equals("stop"))
                .map(ProgressEvent::time)
                .min(Instant::compareTo)
                .orElseThrow();
        Instant last = events.events.stream()
                .filter(e -> e.type() == STEP_FINISHED && e.action().equals("await-ready"))
                .map(ProgressEvent::time)
                .max(Instant::compareTo)
                .orElseThrow();
        List<String> gaps = new ArrayList<>();
        Instant previousReady = null;
        for (ProgressEvent e : events.events) {
            if (e.type() == STEP_STARTED && e.action().equals("stop") && previousReady != null) {
                gaps.add(String.format(
                        Locale.ROOT,
                        "%.2f",
                        Duration.between(previousReady, e.time()).toNanos() / 1e9));
                previousReady = null;
            }
            if (e.type() == STEP_FINISHED && e.action().equals("await-ready")) {
                previousReady = e.time();
            }
        }
        print("  %s: from a node ready to the next stop (s): %s", what, gaps);
        return Duration.between(first, last).toNanos() / 1e9;
    }
}
