package io.dorisops.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fabric8 mock API server in CRUD mode (expectations, such as a 403, take precedence) and a client of
 * it, for the tests of API errors and claims (the operator's tests run on {@code KubernetesSandbox} of
 * dorisops-kubernetes-testkit). As a JUnit extension ({@code @RegisterExtension}) it is closed after each test.
 */
public final class MockApi implements AutoCloseable, AfterEachCallback {

    public final KubernetesMockServer server;
    public final NamespacedKubernetesClient client;

    /** When set, the next GET of exactly this path is answered with {@link #staleBody} instead (once). */
    private volatile String stalePath;

    private volatile String staleBody;

    public MockApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String stale = stalePath;
                if (stale != null && "GET".equals(request.getMethod()) && stale.equals(request.getPath())) {
                    stalePath = null;
                    return new MockResponse().setResponseCode(200).setBody(staleBody);
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        client = patientClient(server);
    }

    /**
     * Answers the next GET of {@code path} with {@code body}, as the object was when it was read earlier:
     * a client that read before another writer wrote, acting on what it read.
     */
    public void serveOnceAsItWas(String path, String body) {
        staleBody = body;
        stalePath = path;
    }

    /** Creates a custom resource of that kind in the namespace with the given spec. */
    public void createResource(ResourceKind kind, String namespace, String name, Map<String, Object> spec) {
        client.genericKubernetesResources(kind.definition())
                .inNamespace(namespace)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion(kind.apiVersion())
                        .withKind(kind.kind())
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .addToAdditionalProperties("spec", spec)
                        .build())
                .create();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /**
     * A client of the mock server that waits long and never resends: on a loaded machine the server can take
     * longer than the default 10 s to answer, and a resent POST that the server had already applied fails
     * with 409 "already exists" (seen: {@code StarRocksClusterTest} under load 48).
     */
    private static NamespacedKubernetesClient patientClient(KubernetesMockServer server) {
        try (NamespacedKubernetesClient defaults = server.createClient()) {
            Config config = new ConfigBuilder(defaults.getConfiguration())
                    .withRequestTimeout(120_000)
                    .withRequestRetryBackoffLimit(0)
                    .build();
            return new KubernetesClientBuilder().withConfig(config).build().adapt(NamespacedKubernetesClient.class);
        }
    }
}
