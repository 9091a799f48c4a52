package io.dorisops.it;

import io.dorisops.Cluster;
import io.dorisops.Flavor;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.Transports;
import io.dorisops.Version;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark: a deploy of 3 FE + 3 BE into empty homes against the sum of its node start times (each
 * node's {@code start} and {@code await-ready}) in the same run: the ratio is what installing,
 * configuring and registering cost on top of starting the nodes one after the other. Prints; asserts
 * no timing.
 */
@Tag("bench")
class DeployBench {

    @Test
    void deployAgainstTheSumOfItsNodeStarts(@TempDir Path dir) {
        for (int run = 1; run <= 2; run++) {
            Path base = dir.resolve("run-" + run);
            try (Sandbox hosts = Sandbox.builder()
                    .followers(3)
                    .backends(3)
                    .emptyHomes()
                    .baseDir(base.resolve("hosts"))
                    .start()) {
                Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.7"), base);
                RecordingListener events = new RecordingListener();
                try (Transports transports = Transports.of(hosts.topology());
                        JdbcClusterAdmin admin = JdbcClusterAdmin.of(hosts.topology())) {
                    Cluster cluster = Cluster.builder(hosts.topology())
                            .transports(transports)
                            .probe(HttpHealthProbe.of(hosts.topology()))
                            .admin(admin)
                            .build();
                    RunResult result;
                    try {
                        result = cluster.run(
                                Procedure.deploy(pkg),
                                RunOptions.builder()
                                        .listener(events.listener)
                                        .stateDir(base.resolve("state"))
                                        .build());
                    } catch (io.dorisops.DorisOpsException e) {
                        // Loopback ports are picked free at layout; on a shared machine another process may
                        // take one before the node starts. Report the run and go on.
                        System.out.printf(
                                "BENCH deploy 3FE+3BE run %d failed: %s%n",
                                run, e.getMessage().lines().findFirst().orElse(""));
                        continue;
                    }
                    long starts = events.events.stream()
                            .filter(e -> e.type() == ProgressEvent.Type.STEP_FINISHED)
                            .filter(e -> List.of("start", "await-ready").contains(e.action()))
                            .mapToLong(e -> e.elapsed().toMillis())
                            .sum();
                    long install = events.events.stream()
                            .filter(e -> e.type() == ProgressEvent.Type.STEP_FINISHED)
                            .filter(e -> List.of("install", "write-conf", "add").contains(e.action()))
                            .mapToLong(e -> e.elapsed().toMillis())
                            .sum();
                    System.out.printf(
                            "BENCH deploy 3FE+3BE run %d: %d ms; sum of node starts (start + await-ready) %d ms;"
                                    + " install + write-conf + add %d ms; ratio %.2f%n",
                            run,
                            result.elapsed().toMillis(),
                            starts,
                            install,
                            (double) result.elapsed().toMillis() / starts);
                }
            }
        }
    }
}
