package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.PreconditionFailedException;
import io.dorisops.kubernetes.internal.Api;
import io.dorisops.kubernetes.internal.Debug;
import io.dorisops.kubernetes.internal.PodNodes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code k8s debug} acts only on this cluster's pods, under its claim, and never deletes a pod nothing recreates. */
class DebugGuardTest {

    private static final ClusterRef PROD = ClusterRef.of("ops", "prod");

    @RegisterExtension
    final MockApi api = new MockApi();

    @BeforeEach
    void start() {
        for (String name : new String[] {"prod", "prod-x"}) {
            api.createResource(
                    ResourceKind.DORIS_CLUSTER,
                    "ops",
                    name,
                    Map.of("beSpec", Map.of("image", "x/be:2.1.7", "replicas", 1)));
        }
    }

    private void pod(String cluster, boolean owned) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(cluster + "-be-0")
                .withNamespace("ops")
                .withUid("uid-" + cluster)
                .withLabels(ResourceKind.DORIS_CLUSTER.podSelector(cluster, "be"))
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
        if (owned) {
            pod.editMetadata()
                    .addNewOwnerReference()
                    .withApiVersion("apps/v1")
                    .withKind("StatefulSet")
                    .withName(cluster + "-be")
                    .withUid("sts")
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata();
        }
        api.client.pods().inNamespace("ops").resource(pod.build()).create();
    }

    private Pod read(String name) {
        return api.client.pods().inNamespace("ops").withName(name).get();
    }

    private Debug debug() {
        return new Debug(new Api(api.client), ResourceKind.DORIS_CLUSTER, PROD, Duration.ofMillis(50));
    }

    @Test
    void aPodOfAnotherClusterWhoseNameSharesThePrefixIsRefused() {
        pod("prod-x", true);

        assertThatThrownBy(() -> debug().apply("prod-x-be-0", true, Duration.ofSeconds(1)))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("prod-x-be-0 is not a pod of")
                .hasMessageContaining("nothing was changed");
        assertThat(read("prod-x-be-0").getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void aPodNoStatefulSetOwnsIsNeverDeleted() {
        pod("prod", false);

        assertThatThrownBy(() -> debug().apply("prod-be-0", false, Duration.ofSeconds(1)))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("prod-be-0 is owned by no StatefulSet prod-be")
                .hasMessageContaining("nothing would create it again");
        assertThat(read("prod-be-0")).isNotNull();
    }

    @Test
    void debugTakesTheClustersClaimAndIsRefusedWhileAnotherRunHoldsIt() {
        pod("prod", true);
        new PodNodes(new Api(api.client), ResourceKind.DORIS_CLUSTER, PROD)
                .claim(null, "upgrade-20261201-080000-aaaaaa", "ops@host-b since 2026-12-01T08:00:00Z", "");

        assertThatThrownBy(() -> debug().apply("prod-be-0", true, Duration.ofSeconds(1)))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("another run holds")
                .hasMessageContaining("lock: upgrade-20261201-080000-aaaaaa ops@host-b");
        assertThat(read("prod-be-0").getMetadata().getAnnotations()).isNullOrEmpty();
    }
}
