package io.dorisops.kubernetes.internal;

import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.kubernetes.Addressing;
import io.dorisops.kubernetes.ComponentState;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.spi.Backend;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Pods as the SDK's nodes: each pod (and each ordinal below {@code replicas} whose pod is missing) is a
 * {@link Node} whose id is the pod name and whose host and ports are how the FEs list it ({@link
 * Addressing}); together they are the cluster's {@link Topology}, and they match the master's rows.
 */
public final class Members {

    private final Addressing addressing;

    public Members(Addressing addressing) {
        this.addressing = addressing;
    }

    /** The role the pod of an ordinal plays: a Doris FE below {@code electionNumber} is a follower. */
    public static Role role(ResourceKind kind, ComponentState component, int ordinal) {
        return switch (component.name()) {
            case "fe" -> component.electionNumber().map(n -> ordinal < n).orElse(true)
                    ? Role.FE_FOLLOWER
                    : Role.FE_OBSERVER;
            case "be" -> Role.BE;
            case "cn" -> Role.CN;
            default -> Role.BROKER;
        };
    }

    /** The node of one ordinal of a component. */
    public Node node(Snapshot snapshot, ComponentState component, int ordinal) {
        String pod = snapshot.kind().statefulSet(snapshot.ref().name(), component.name()) + "-" + ordinal;
        return addressing.node(
                snapshot.kind(),
                snapshot.ref(),
                component.name(),
                role(snapshot.kind(), component, ordinal),
                pod,
                ordinal);
    }

    /** The ordinals a component has: below its replicas, and any pod beyond them still there. */
    public static List<Integer> ordinals(ComponentState component) {
        TreeSet<Integer> ordinals = new TreeSet<>();
        for (int i = 0; i < component.replicas(); i++) {
            ordinals.add(i);
        }
        component.pods().stream().map(PodState::ordinal).forEach(ordinals::add);
        return List.copyOf(ordinals);
    }

    /** Every member as a node: FEs, BEs, CNs, brokers. */
    public List<Node> nodes(Snapshot snapshot) {
        List<Node> nodes = new ArrayList<>();
        for (String name : List.of("fe", "be", "cn", "broker")) {
            Optional<ComponentState> component = snapshot.component(name);
            component.ifPresent(c -> ordinals(c).forEach(i -> nodes.add(node(snapshot, c, i))));
        }
        return nodes;
    }

    /** The cluster as a topology named {@code <namespace>-<name>}. */
    public Topology topology(Snapshot snapshot, Topology.Sql sql, Topology.Timeouts timeouts) {
        return new Topology(
                snapshot.ref().namespace() + "-" + snapshot.ref().name(),
                snapshot.kind().flavor(),
                nodes(snapshot),
                SshSettings.disabled(),
                sql,
                timeouts,
                source(snapshot));
    }

    /**
     * {@code k8s:<API server>/<namespace>/<kind>/<name>#uid=<uid>}: the topology's source, and so the
     * cluster's identity and state directory ({@code ClusterIdentity}). The kubeconfig context is left
     * out: two contexts for one API server reach one cluster.
     */
    public static String source(Snapshot snapshot) {
        String server = snapshot.server().replaceAll("/+$", "");
        return "k8s:" + server + "/" + snapshot.ref().namespace() + "/"
                + snapshot.kind().shortName() + "/" + snapshot.ref().name() + "#uid=" + snapshot.uid();
    }

    /** The master's row for a node: an FE row by host and edit log port, a BE/CN row by host and heartbeat port. */
    public static Optional<Boolean> alive(Node node, List<Frontend> fes, List<Backend> bes) {
        if (node.role().isFrontend()) {
            return fes.stream().filter(fe -> fe.matches(node)).findFirst().map(Frontend::alive);
        }
        return bes.stream().filter(be -> be.matches(node)).findFirst().map(Backend::alive);
    }
}
