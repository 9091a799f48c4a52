package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's unit test on the testkit's sandbox, with only the published artifacts on the class path. */
class SandboxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX =
            SandboxExtension.perClass(Sandbox.builder().followers(1).backends(1));

    @Test
    void everySandboxNodeIsReadyAndTheSqlControlPlaneSeesTheBackend() {
        try (Cluster cluster = Cluster.of(SANDBOX.topology())) {
            ClusterStatus status = cluster.status();

            assertTrue(status.allReady(), () -> "not every node is ready: " + status);
            assertEquals(2, status.nodes().size());
            // jdbc-probe plugs in from the class path (ServiceLoader): the master's SQL view answers.
            assertEquals(1, cluster.admin().orElseThrow().backends().size());
        }
    }
}
