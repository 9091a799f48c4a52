package io.dorisops.kubernetes.internal;

import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.jdbc.Route;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesAccessException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL route from outside the cluster: each FE pod's query port forwarded to a loopback port through
 * the API server ({@code pods/portforward}, as {@code kubectl port-forward} does), opened the first time
 * that FE is connected to. An FE is known by the pod's FQDN, as the members list it; its pod is the
 * topology node with that host and query port, or else the FQDN's first label (the operators name members {@code
 * <pod>.<service>.<namespace>.svc.cluster.local}), so an FE that joined later is reached as well.
 */
public final class PortForwards implements Route, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortForwards.class);

    private final Api api;
    private final ClusterRef ref;
    private final List<Node> frontends;
    private final Map<String, LocalPortForward> open = new ConcurrentHashMap<>();

    public PortForwards(Api api, ClusterRef ref, Topology topology) {
        this.api = api;
        this.ref = ref;
        this.frontends = topology.frontends();
    }

    @Override
    public InetSocketAddress connectTo(String host, int queryPort) {
        String pod = frontends.stream()
                .filter(fe -> fe.host().equalsIgnoreCase(host) && fe.ports().queryPort() == queryPort)
                .map(Node::id)
                .findFirst()
                .orElseGet(() -> host.split("\\.", 2)[0].toLowerCase(Locale.ROOT));
        LocalPortForward forward = open.computeIfAbsent(pod + ":" + queryPort, key -> forward(pod, queryPort));
        return new InetSocketAddress(forward.getLocalAddress(), forward.getLocalPort());
    }

    private LocalPortForward forward(String pod, int port) {
        try {
            LocalPortForward forward = api.client()
                    .pods()
                    .inNamespace(ref.namespace())
                    .withName(pod)
                    .portForward(port);
            log.info("{}: port-forward 127.0.0.1:{} -> pod {} port {}", ref, forward.getLocalPort(), pod, port);
            return forward;
        } catch (KubernetesClientException e) {
            throw new KubernetesAccessException(
                    ref.toString(),
                    ref + ": cannot port-forward to pod " + pod + " port " + port
                            + " (needs create on pods/portforward): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        for (LocalPortForward forward : open.values()) {
            try {
                forward.close();
            } catch (IOException e) {
                log.debug("closing a port-forward", e);
            }
        }
        open.clear();
    }
}
