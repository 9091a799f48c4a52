package io.dorisops.examples;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import java.nio.file.Path;

/**
 * The Java snippet of the repository's {@code README.md}, compiled here so that it cannot drift:
 * {@code ReadmeSnippetTest} checks that the README's {@code java} block is exactly the region between
 * the {@code README:begin} and {@code README:end} markers, and the consumer check
 * ({@code integration-tests/consumer}) compiles the same region against the installed artifacts.
 */
final class ReadmeSnippet {
    private ReadmeSnippet() {}

    @SuppressWarnings("unused") // the README shows status as a value the reader goes on to use
    static void upgrade(ProgressListener myListener) {
        // spotless:off (the README's layout, aligned comments included)
        // README:begin
        Topology topology = Topology.load(Path.of("cluster.yaml"));   // every problem reported at once
        try (Cluster cluster = Cluster.of(topology)) {
            ClusterStatus status = cluster.status();                 // HTTP probes plus the master's SQL view
            Operation plan = cluster.plan(Procedure.upgrade(Path.of("apache-doris-2.1.8-bin-x64.tar.gz")));
            System.out.println(plan.describe());                     // staging, canary, BEs, the master last, with reasons
            RunOptions options = RunOptions.builder().listener(myListener).build();
            cluster.run(plan, options);                              // exactly this plan; resumable: cluster.resume(options)
        }
        // README:end
        // spotless:on
    }
}
