package io.dorisops.it;

import io.dorisops.Cluster;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.jdbc.JdbcClusterAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one upgrade in its own JVM, so a test can kill the runner with SIGKILL mid-upgrade.
 *
 * <p>Arguments: the topology file, the package (or {@code restart} for a rolling restart of every
 * node, {@code rollback} to roll the newest upgrade back, {@code backup:DB:REPO:LABEL} for the backup
 * of a database), the state directory.
 */
public final class UpgradeRunner {
    private UpgradeRunner() {}

    public static void main(String[] args) {
        Topology topology = Topology.load(Path.of(args[0]));
        try (Transports transports = Transports.of(topology);
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(topology)) {
            Cluster cluster = Cluster.builder(topology)
                    .transports(transports)
                    .probe(HttpHealthProbe.of(topology))
                    .admin(admin)
                    .build();
            RunOptions options = RunOptions.builder().stateDir(Path.of(args[2])).build();
            if (args[1].equals("restart")) {
                cluster.run(Procedure.restart(topology.nodes()), options);
            } else if (args[1].startsWith("backup:")) {
                String[] backup = args[1].split(":");
                cluster.run(
                        Procedure.backup(
                                backup[1],
                                List.of(),
                                backup[2],
                                Optional.of(backup[3]),
                                Duration.ofMinutes(30),
                                Map.of()),
                        options);
            } else if (args[1].equals("rollback")) {
                cluster.run(Procedure.rollback(Optional.empty()), options);
            } else {
                cluster.run(cluster.plan(Procedure.upgrade(Path.of(args[1]))), options);
            }
        }
    }
}
