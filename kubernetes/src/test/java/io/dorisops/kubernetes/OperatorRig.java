package io.dorisops.kubernetes;

import io.dorisops.Flavor;
import io.dorisops.Topology;
import io.dorisops.kubernetes.testing.SandboxOperator;
import io.dorisops.testkit.Sandbox;
import java.time.Duration;

/**
 * What the operator tests run on: the mock API server, a 3 FE + 3 BE sandbox (two replicas, a fast
 * decommission), the sandbox operator playing the real one over it, and a {@link KubernetesCluster} bound
 * to the resource with short timeouts.
 */
final class OperatorRig implements AutoCloseable {

    final MockApi api;
    final Sandbox sandbox;
    final SandboxOperator operator;
    final KubernetesCluster cluster;
    private final ClusterRef ref;

    OperatorRig(Flavor flavor, String version, ResourceKind kind, ClusterRef ref) {
        this.ref = ref;
        this.api = new MockApi();
        this.sandbox = Sandbox.builder()
                .flavor(flavor)
                .version(version)
                .followers(3)
                .backends(3)
                .replicationNum(2)
                .decommissionRate(200)
                .start();
        this.operator = SandboxOperator.start(api.client, kind, ref, sandbox);
        this.cluster = connect();
    }

    /** A further cluster on the same resource and sandbox (the caller closes it). */
    KubernetesCluster connect() {
        Topology topology = sandbox.topology();
        return KubernetesCluster.builder(api.client, ref)
                .addressing(operator.addressing())
                .sql(topology.sql())
                .timeouts(new Topology.Timeouts(
                        Duration.ofSeconds(40), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(2)))
                .build();
    }

    @Override
    public void close() {
        cluster.close();
        operator.close();
        sandbox.close();
        api.close();
    }
}
