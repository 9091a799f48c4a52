package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kubernetes cluster's identity (its topology's source, which names its state directory and is
 * journaled with every run) is its API server and its custom resource's uid: a resource deleted and
 * created again under the same name is another cluster, and its old runs are not resumed against it.
 */
class ClusterIdentityTest {

    @RegisterExtension
    final MockApi api = new MockApi();

    private void create() {
        api.createResource(
                ResourceKind.DORIS_CLUSTER,
                "ops",
                "doris",
                Map.of("feSpec", Map.of("image", "x/fe:2.1.7", "replicas", 3)));
    }

    private String uid() {
        return api.client
                .genericKubernetesResources(ResourceKind.DORIS_CLUSTER.definition())
                .inNamespace("ops")
                .withName("doris")
                .get()
                .getMetadata()
                .getUid();
    }

    @Test
    void theIdentityNamesTheApiServerAndTheResourcesUid() {
        create();
        String first = uid();

        String source = KubernetesCluster.connect(api.client, ClusterRef.of("ops", "doris"))
                .topology()
                .source();

        assertThat(first).isNotBlank();
        assertThat(source)
                .startsWith("k8s:" + api.client.getMasterUrl().toString().replaceAll("/+$", ""))
                .endsWith("/ops/dcr/doris#uid=" + first);
    }

    @Test
    void aResourceCreatedAgainUnderTheSameNameIsAnotherCluster() {
        create();
        String before = KubernetesCluster.connect(api.client, ClusterRef.of("ops", "doris"))
                .topology()
                .source();
        api.client
                .genericKubernetesResources(ResourceKind.DORIS_CLUSTER.definition())
                .inNamespace("ops")
                .withName("doris")
                .delete();
        create();

        String after = KubernetesCluster.connect(api.client, ClusterRef.of("ops", "doris"))
                .topology()
                .source();

        assertThat(after).isNotEqualTo(before).endsWith("#uid=" + uid());
    }
}
