// Shows how to write a run's report: one self-contained HTML page with each node's downtime on a timeline.
package io.dorisops.examples;

import io.dorisops.Cluster;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes the report of the newest run (or the one named) of a cluster to an HTML file; reads only the
 * run's journal, so the cluster may be down.
 *
 * <p>Usage: {@code RunReportPage <topology.yaml> <state-dir> <out.html> [run-id]}.
 */
public final class RunReportPage {

    private RunReportPage() {}

    /**
     * Runs the example.
     *
     * @param args the topology file, the state directory, the page to write, and optionally the run id
     */
    public static void main(String[] args) throws IOException {
        Topology topology = Topology.load(Path.of(args[0]));
        RunOptions options = RunOptions.builder().stateDir(Path.of(args[1])).build();
        Optional<String> run = args.length > 3 ? Optional.of(args[3]) : Optional.empty();
        try (Cluster cluster = Cluster.of(topology)) {
            Path out = Files.writeString(Path.of(args[2]), cluster.report(run, options));
            System.out.println("report written to " + out);
        }
    }
}
