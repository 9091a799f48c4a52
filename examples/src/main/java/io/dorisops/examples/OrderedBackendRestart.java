// Shows a rolling restart of the backends, one at a time, with progress printed as it goes.
package io.dorisops.examples;

import io.dorisops.Cluster;
import io.dorisops.Procedure;
import io.dorisops.ProgressListener;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.util.List;

/** Restarts every BE in order, each awaited ready before the next. Usage: {@code OrderedBackendRestart <topology.yaml>}. */
public final class OrderedBackendRestart {

    private OrderedBackendRestart() {}

    /**
     * Runs the example.
     *
     * @param args the topology file
     */
    public static void main(String[] args) {
        Topology topology = Topology.load(Path.of(args[0]));
        ProgressListener progress = ProgressListener.of(event -> System.out.printf(
                "%-14s %-6s %-12s %s%n", event.type(), event.nodeId(), event.action(), event.message()));
        try (Cluster cluster = Cluster.builder(topology).listener(progress).build()) {
            List<String> restarted = cluster.run(Procedure.restart(topology.nodes(Role.BE)), RunOptions.defaults())
                    .nodes();
            System.out.println("restarted " + restarted);
        }
    }
}
