package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.RunRecord;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.Workload;
import io.dorisops.testkit.WorkloadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #25's benchmark: a rolling restart of a Doris 3 FE + 3 BE sandbox (3 replicas) under the same
 * workload as the busy tests (4 loads of 5 rows and 5 queries a second, {@link UnderLoad}), once as
 * dorisops runs it (each BE drained, graceful stops) and once as the runbook does (each node stopped at
 * once and started again, no drain), each on a fresh sandbox: the failed queries and loads, and the wall
 * times and their ratio. Prints the numbers (and writes them to {@code target/bench/DrainBench.txt});
 * asserts only that both runs restarted every node, never timing or counts.
 */
@Tag("bench")
class DrainBench {

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.add(line);
    }

    /**
     * The restart's wall time in seconds, the workload's counts during it, each node's drain and downtime
     * (from the run's history), the master at the start and the seconds in which loads failed.
     */
    private record Measured(double seconds, WorkloadReport counts, List<RunRecord.NodeTime> times, String master) {}

    private Measured restart(String name, UnaryOperator<Procedure> procedure, boolean graceful) {
        try (Rig rig = new Rig(
                dir.resolve(name),
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(3))) {
            RecordingListener events = new RecordingListener();
            String master = rig.masterId();
            WorkloadReport counts;
            double seconds;
            RunOptions options;
            try (Workload workload = UnderLoad.start(rig)) {
                options = rig.options(events)
                        .gracefulStop(graceful)
                        .traffic(workload)
                        .build();
                long start = System.nanoTime();
                rig.cluster(ProgressListener.NONE)
                        .run(procedure.apply(Procedure.restart(rig.sandbox.nodes())), options);
                seconds = (System.nanoTime() - start) / 1e9;
                counts = workload.stop();
            }
            assertThat(events.nodes(ProgressEvent.Type.STEP_STARTED, "stop")).hasSize(6);
            List<RunRecord.NodeTime> times =
                    rig.cluster(ProgressListener.NONE).history(options).get(0).nodeTimes();
            return new Measured(seconds, counts, times, master);
        }
    }

    @Test
    void aDrainedRollingRestartAgainstTheRunbooksUnderTheSameWorkload() throws IOException {
        Measured runbook = restart("runbook", Procedure::noDrain, false);
        Measured drained = restart("drained", UnaryOperator.identity(), true);

        print("rolling restart, Doris 2.1.7, 3 FE + 3 BE, 3 replicas, workload 4 loads/s of 5 rows + 5 queries/s");
        print("runbook (no drain, each node stopped at once): %.2f s; %s", runbook.seconds(), counts(runbook));
        print("dorisops (each BE drained, graceful stops):    %.2f s; %s", drained.seconds(), counts(drained));
        print("wall time drained / runbook: %.3f", drained.seconds() / runbook.seconds());
        times("runbook", runbook);
        times("drained", drained);
        print("runbook errors: %s", runbook.counts().errors());
        print("drained errors: %s", drained.counts().errors());
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.write(out.resolve("DrainBench.txt"), report);
    }

    /** Each node's drain, downtime and failures (the master's step is the master switch). */
    private void times(String name, Measured measured) {
        for (RunRecord.NodeTime time : measured.times()) {
            print(
                    "%s %s%s: drain %s, down %s, failed %s",
                    name,
                    time.node(),
                    time.node().equals(measured.master()) ? " (master)" : "",
                    time.drain().map(d -> d.toMillis() / 1000.0 + " s").orElse("none"),
                    time.downtime().map(d -> d.toMillis() / 1000.0 + " s").orElse("?"),
                    time.traffic()
                            .map(t -> t.queriesFailed() + " queries, " + t.loadsFailed() + " loads")
                            .orElse("?"));
        }
    }

    private static String counts(Measured measured) {
        WorkloadReport counts = measured.counts();
        return String.format(
                Locale.ROOT,
                "queries %d ok, %d failed; loads %d ok, %d failed",
                counts.total().queriesOk(),
                counts.failedQueries(),
                counts.total().loadsOk(),
                counts.failedLoads());
    }
}
