// Shows a rolling upgrade with a custom progress listener and safety check, resuming an unfinished run.
package io.dorisops.examples;

import io.dorisops.Cluster;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.RunRecord;
import io.dorisops.RunResult;
import io.dorisops.SafetyCheck;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Upgrades a cluster to a release package, BEs first and the master last.
 *
 * <p>Usage: {@code RollingUpgradeWithListener <topology.yaml> <package.tar.gz> [state-dir]}.
 */
public final class RollingUpgradeWithListener {

    private RollingUpgradeWithListener() {}

    /** Prints each step with its duration and every reason the upgrade waits. */
    static final class StepLogger implements ProgressListener {
        @Override
        public void stepFinished(ProgressEvent event) {
            System.out.printf(
                    "  %-6s %-12s %6d ms%n",
                    event.nodeId(), event.action(), event.elapsed().toMillis());
        }

        @Override
        public void stepFailed(ProgressEvent event) {
            System.out.printf("  %-6s %-12s FAILED: %s%n", event.nodeId(), event.action(), event.message());
        }

        @Override
        public void waiting(ProgressEvent event) {
            System.out.printf("  %-6s waiting: %s%n", event.nodeId(), event.message());
        }
    }

    /** Refuses each next node outside a maintenance window given by code (here: the whole day, UTC). */
    static SafetyCheck maintenanceWindow(LocalTime from, LocalTime to) {
        return SafetyCheck.of("maintenance-window", (admin, next) -> {
            LocalTime now = LocalTime.now(ZoneOffset.UTC);
            return now.isBefore(from) || now.isAfter(to)
                    ? Optional.of("outside the maintenance window " + from + "-" + to + " UTC; wait for it")
                    : Optional.empty();
        });
    }

    /**
     * Runs the example.
     *
     * @param args the topology file, the release package, and optionally the state directory
     */
    public static void main(String[] args) {
        Topology topology = Topology.load(Path.of(args[0]));
        Path pkg = Path.of(args[1]);
        RunOptions.Builder builder =
                RunOptions.builder().listener(new StepLogger()).check(maintenanceWindow(LocalTime.MIN, LocalTime.MAX));
        if (args.length > 2) {
            builder.stateDir(Path.of(args[2]));
        }
        RunOptions options = builder.build();

        try (Cluster cluster = Cluster.of(topology)) {
            List<RunRecord> history = cluster.history(options);
            RunResult result;
            if (!history.isEmpty() && history.get(0).unfinished()) {
                System.out.println("resuming run " + history.get(0).runId());
                result = cluster.resume(options);
            } else {
                Operation plan = cluster.plan(Procedure.upgrade(pkg));
                System.out.print(plan.describe());
                result = cluster.run(plan, options);
            }
            System.out.printf(
                    "upgraded %s, skipped %s in %d s (run %s)%n",
                    result.nodes(), result.skipped(), result.elapsed().toSeconds(), result.runId());
        }
    }
}
