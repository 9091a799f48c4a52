package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dorisops.Cluster;
import io.dorisops.NodeFailedException;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.testkit.FakeCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's unit test on the testkit's in-memory fake cluster: milliseconds, no process, no real waiting. */
class FakeClusterTest {

    private static final Topology TOPOLOGY = Topology.parse(
            """
            name: shop
            flavor: doris
            followers:
              - {id: fe-1, host: 10.0.0.1, home: /opt/doris/fe}
              - {id: fe-2, host: 10.0.0.2, home: /opt/doris/fe}
              - {id: fe-3, host: 10.0.0.3, home: /opt/doris/fe}
            backends:
              - {id: be-1, host: 10.0.0.1, home: /opt/doris/be}
              - {id: be-2, host: 10.0.0.2, home: /opt/doris/be}
              - {id: be-3, host: 10.0.0.3, home: /opt/doris/be}
            """,
            "shop.yaml");

    @TempDir
    Path dir;

    @Test
    void aFailedBackendStartStopsTheUpgradeAndResumeFinishesItBackendsFirstMasterLast() {
        FakeCluster fake = FakeCluster.of(TOPOLOGY, "2.1.7").failNextStarts("be-2", 1);
        Path pkg = fake.releasePackage("2.1.8", dir);

        try (Cluster cluster = fake.clusterBuilder(dir.resolve("state")).build()) {
            NodeFailedException failed = assertThrows(
                    NodeFailedException.class, () -> cluster.run(Procedure.upgrade(pkg), RunOptions.defaults()));
            assertEquals("be-2", failed.nodeId());

            cluster.resume(RunOptions.defaults());
        }

        assertEquals(List.of("be-1", "be-2", "be-2", "be-3", "fe-2", "fe-3", "fe-1"), fake.acted("stop"));
        assertEquals("2.1.8", fake.version("fe-1").number());
    }
}
