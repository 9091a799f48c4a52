package io.dorisops.kubernetes.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesCluster;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.testkit.Sandbox;
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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes cluster on one machine for a running testkit {@link Sandbox}: an in-process API server
 * (fabric8's mock server in CRUD mode) holding the sandbox's {@code DorisCluster} or {@code
 * StarRocksCluster}, and a {@link SandboxOperator} playing the operator over the sandbox's nodes. What
 * {@code dorisops demo --kubernetes} and the Kubernetes tests run on.
 *
 * <p>The server also answers {@code pods/<pod>/portforward} as the kubelet would, relaying each stream to
 * the loopback port of the same number (the sandbox node standing in for the pod); {@link #forwarded()}
 * lists them. Expectations set on the mock server are not offered: a test of API errors uses fabric8's
 * server directly.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().followers(3).backends(3).start();
 *         KubernetesSandbox kubernetes = KubernetesSandbox.start(sandbox, ResourceKind.DORIS_CLUSTER, ref);
 *         KubernetesCluster cluster = kubernetes.clusterBuilder().build()) {
 *     cluster.execute(cluster.planUpgrade(Version.parse("2.1.8")), RunOptions.defaults());
 * }
 * }</pre>
 */
public final class KubernetesSandbox implements AutoCloseable {

    private static final Pattern PORT_FORWARD =
            Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/]+)/portforward\\?ports=(\\d+)");

    /** Kept so the level holds: the mock server logs every request through java.util.logging. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final Sandbox sandbox;
    private final ClusterRef ref;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final SandboxOperator operator;

    private KubernetesSandbox(Sandbox sandbox, ResourceKind kind, ClusterRef ref) {
        this.sandbox = sandbox;
        this.ref = ref;
        MOCK_LOG.setLevel(Level.WARNING);
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
                return super.dispatch(request);
            }
        };
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        this.client = patientClient(server);
        try {
            this.operator = SandboxOperator.start(client, kind, ref, sandbox);
        } catch (RuntimeException e) {
            client.close();
            server.destroy();
            throw e;
        }
    }

    /**
     * Starts the API server, creates the resource for the running sandbox (images {@code <repo>:<sandbox
     * version>}, replicas as the sandbox's nodes) and its pods, and starts the operator.
     *
     * @param kind {@code DORIS_CLUSTER} for a Doris sandbox, {@code STARROCKS_CLUSTER} for a StarRocks one
     * @param ref the resource's namespace and name
     */
    public static KubernetesSandbox start(Sandbox sandbox, ResourceKind kind, ClusterRef ref) {
        requireNonNull(sandbox, "sandbox");
        requireNonNull(kind, "kind");
        requireNonNull(ref, "ref");
        return new KubernetesSandbox(sandbox, kind, ref);
    }

    /** A client of the API server (its master URL is what a kubeconfig would name). */
    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The operator: its events, and the failures it can inject ({@link SandboxOperator#crash}). */
    public SandboxOperator operator() {
        return operator;
    }

    /**
     * A builder of a {@link KubernetesCluster} on the resource, set to reach the sandbox: the pods
     * addressed at their nodes' loopback addresses, the sandbox's SQL user. Set timeouts as the test needs.
     */
    public KubernetesCluster.Builder clusterBuilder() {
        return KubernetesCluster.builder(client, ref)
                .addressing(operator.addressing())
                .sql(sandbox.topology().sql());
    }

    /** The port-forward streams opened so far, as {@code <pod>:<port>}, in order. */
    public List<String> forwarded() {
        return forwarded;
    }

    /** Stops the operator, the client and the API server; the sandbox is the caller's to close. */
    @Override
    public void close() {
        operator.close();
        client.close();
        server.destroy();
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
