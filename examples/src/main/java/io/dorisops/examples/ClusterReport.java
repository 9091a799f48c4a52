// Shows a small cluster report: each node's health and the master's view, tablet health, balance switches.
package io.dorisops.examples;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.Flavor;
import io.dorisops.TabletHealth;
import io.dorisops.Topology;
import io.dorisops.spi.ClusterAdmin;
import java.nio.file.Path;
import java.util.Map;

/** Prints the state of a cluster. Usage: {@code ClusterReport <topology.yaml>}. */
public final class ClusterReport {

    private ClusterReport() {}

    /**
     * Runs the example.
     *
     * @param args the topology file
     */
    public static void main(String[] args) {
        Topology topology = Topology.load(Path.of(args[0]));
        try (Cluster cluster = Cluster.of(topology)) {
            ClusterStatus status = cluster.status();
            System.out.println("cluster " + status.cluster());
            System.out.printf("%-8s %-12s %-10s %-7s %s%n", "node", "role", "http", "alive", "version");
            for (ClusterStatus.NodeStatus node : status.nodes()) {
                System.out.printf(
                        "%-8s %-12s %-10s %-7s %s%n",
                        node.node().id(),
                        node.node().role(),
                        node.health().status(),
                        node.alive().map(String::valueOf).orElse("?"),
                        node.version().map(Object::toString).orElse("?"));
            }
            ClusterAdmin admin = cluster.admin().orElseThrow();
            System.out.println("master  " + admin.master().address());
            TabletHealth tablets = admin.tabletHealth();
            System.out.printf(
                    "tablets %d, replicas %d, inconsistent %d: %s%n",
                    tablets.tablets(), tablets.replicas(), tablets.inconsistent(), tablets.summary());
            Map<String, String> balance = admin.frontendConfig(topology.flavor().balanceSwitches().stream()
                    .map(Flavor.ConfigSwitch::key)
                    .toList());
            balance.forEach((key, value) -> System.out.println("balance " + key + " = " + value));
        }
    }
}
