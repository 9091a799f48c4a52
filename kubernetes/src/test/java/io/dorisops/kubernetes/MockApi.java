package io.dorisops.kubernetes;

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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fabric8 mock API server in CRUD mode (expectations, such as a 403, take precedence) and a client of
 * it. {@code pods/<pod>/portforward} streams are served as the kubelet would, relayed to the loopback port
 * of the same number (the sandbox node standing in for the pod); {@link #forwarded} records them. As a
 * JUnit extension ({@code @RegisterExtension}) it is closed after each test.
 */
public final class MockApi implements AutoCloseable, AfterEachCallback {

    private static final Pattern PORT_FORWARD =
            Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/]+)/portforward\\?ports=(\\d+)");

    public final KubernetesMockServer server;
    public final NamespacedKubernetesClient client;
    public final List<String> forwarded = new CopyOnWriteArrayList<>();

    /** When set, the next GET of exactly this path is answered with {@link #staleBody} instead (once). */
    private volatile String stalePath;

    private volatile String staleBody;

    public MockApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Matcher forward = PORT_FORWARD.matcher(request.getPath());
                if (forward.matches()) {
                    forwarded.add(forward.group(1) + ":" + forward.group(2));
                    return new MockResponse()
                            .withWebSocketUpgrade(new PortForwardRelay(Integer.parseInt(forward.group(2))));
                }
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
        client = server.createClient();
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
        client.genericKubernetesResources(io.dorisops.kubernetes.internal.Api.context(kind))
                .inNamespace(namespace)
                .resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
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
}
