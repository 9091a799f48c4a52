package com.example.consumer;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.Procedure;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.Operation;
import java.nio.file.Path;

/**
 * The README's snippet in a user's package, compiled against the installed artifacts. The region
 * between the markers must equal the README's java block (dorisops-examples' ReadmeSnippetTest).
 */
final class ReadmeSnippet {
    private ReadmeSnippet() {}

    @SuppressWarnings("unused")
    static void upgrade(ProgressListener myListener) {
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
    }
}
