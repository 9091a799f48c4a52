package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Node;
import io.dorisops.internal.gate.RebuildGates;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code rebuild-replicas} gate on the in-memory cluster (3 replicas of 300 tablets, 10 per BE). */
class RebuildGatesTest {

    private final FakeCluster cluster = new FakeCluster("2.1.7");

    private List<String> preflight(String id) {
        return RebuildGates.preflight(
                cluster, cluster.topology.flavor(), cluster.topology.node(id).orElseThrow());
    }

    @Test
    void aBackendWhoseTabletsHaveTheirOtherReplicasHealthyMayBeRebuilt() {
        assertThat(preflight("be-1")).isEmpty();
    }

    @Test
    void anotherBackendDownRefusesNamingIt() {
        cluster.get("be-3").running = false;
        Node be3 = cluster.topology.node("be-3").orElseThrow();

        assertThat(preflight("be-1"))
                .containsExactly("rebuild-replicas: backend " + be3.host() + ":"
                        + be3.ports().heartbeatPort()
                        + " is not alive: its replicas may be the ones the rebuild needs; bring it back first");
    }

    @Test
    void tabletsUnhealthyBeyondTheNodesOwnRefuseWithTheCounts() {
        cluster.unhealthyTablets = 11;

        assertThat(preflight("be-1"))
                .containsExactly("rebuild-replicas: not every tablet on be-1 has all its other replicas healthy: 11"
                        + " of 300 tablets unhealthy (SHOW PROC '/cluster_health/tablet_health'), while be-1 holds 10"
                        + " replicas; wait for the repairs to finish");
    }
}
