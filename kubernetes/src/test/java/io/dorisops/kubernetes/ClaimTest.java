package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.kubernetes.internal.Api;
import io.dorisops.kubernetes.internal.PodNodes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run's claim on a Kubernetes cluster is a compare-and-set on the custom resource's resourceVersion. */
class ClaimTest {

    private static final ClusterRef REF = ClusterRef.of("ops", "prod");

    @RegisterExtension
    final MockApi api = new MockApi();

    private Node node;

    @BeforeEach
    void start() {
        api.createResource(
                ResourceKind.DORIS_CLUSTER,
                "ops",
                "prod",
                Map.of("feSpec", Map.of("image", "x/fe:2.1.7", "replicas", 3)));
        node = new Node(
                "prod-fe-0", "prod-fe-0", Role.FE_FOLLOWER, Path.of("/opt/apache-doris/fe"), Ports.feDefaults());
    }

    private PodNodes operator() {
        return new PodNodes(new Api(api.client), ResourceKind.DORIS_CLUSTER, REF);
    }

    private GenericKubernetesResource resource() {
        return api.client
                .genericKubernetesResources(ResourceKind.DORIS_CLUSTER.definition())
                .inNamespace("ops")
                .withName("prod")
                .get();
    }

    private String annotation() {
        Map<String, String> annotations = resource().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(PodNodes.CLAIM);
    }

    @Test
    void ofTwoOperatorsClaimingAtOnceExactlyOneWins() {
        String asReadByTheFirst = api.client.getKubernetesSerialization().asJson(resource());
        assertThat(operator().claim(node, "upgrade-b", "ops-b@host-b", "")).isEmpty();
        // The first operator read the resource before the second one's claim landed, and writes now.
        api.serveOnceAsItWas("/apis/doris.selectdb.com/v1/namespaces/ops/dorisclusters/prod", asReadByTheFirst);

        Optional<String> first = operator().claim(node, "upgrade-a", "ops-a@host-a", "");

        assertThat(first).hasValueSatisfying(holder -> assertThat(holder).startsWith("upgrade-b "));
        assertThat(annotation()).startsWith("upgrade-b ");
    }

    @Test
    void manyOperatorsRacingLeaveExactlyOneWinner() throws Exception {
        int operators = 6;
        ExecutorService threads = Executors.newFixedThreadPool(operators);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < operators; i++) {
                String runId = "upgrade-" + i;
                PodNodes ops = operator();
                results.add(threads.submit(() -> {
                    go.await();
                    return ops.claim(node, runId, "ops@host-" + runId, "");
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (int i = 0; i < operators; i++) {
                if (results.get(i).get().isEmpty()) {
                    winners.add("upgrade-" + i);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(annotation()).startsWith(winners.get(0) + " ");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aReleaseRemovesOnlyItsOwnClaim() {
        PodNodes ops = operator();
        assertThat(ops.claim(node, "upgrade-a", "ops@a", "")).isEmpty();
        ops.release(node, "upgrade-b");
        assertThat(annotation()).startsWith("upgrade-a ");
        ops.release(node, "upgrade-a");
        assertThat(annotation()).isNull();
    }
}
