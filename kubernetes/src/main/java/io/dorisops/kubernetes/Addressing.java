package io.dorisops.kubernetes;

import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import java.nio.file.Path;

/**
 * How a pod is reached and how the FEs name it: the {@link Node} (host and ports) dorisops uses for the
 * pod, so the master's {@code SHOW FRONTENDS}/{@code SHOW BACKENDS} rows match it. Both operators register
 * their members by FQDN ({@code <pod>.<internal service>.<namespace>.svc.cluster.local}) at the images'
 * default ports; {@link #inCluster()} builds exactly that. Tests and the demo map pods to sandbox nodes.
 */
@FunctionalInterface
public interface Addressing {

    /**
     * The node for a pod.
     *
     * @param kind the resource's kind
     * @param ref the resource
     * @param component {@code fe}, {@code be}, {@code cn}, {@code broker}
     * @param role the role the pod plays
     * @param podName the pod, also the node's id
     * @param ordinal its StatefulSet ordinal
     */
    Node node(ResourceKind kind, ClusterRef ref, String component, Role role, String podName, int ordinal);

    /** FQDNs through the operator's headless service and the default ports: how the FEs list the members. */
    static Addressing inCluster() {
        return (kind, ref, component, role, podName, ordinal) -> new Node(
                podName,
                podName + "." + kind.internalService(ref.name(), component) + "." + ref.namespace()
                        + ".svc.cluster.local",
                role,
                Path.of(kind == ResourceKind.DORIS_CLUSTER ? "/opt/apache-doris" : "/opt/starrocks", component),
                Ports.defaults(role));
    }
}
