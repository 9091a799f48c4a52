package io.dorisops.kubernetes.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Version;
import io.dorisops.kubernetes.ComponentState;
import io.dorisops.kubernetes.KubernetesStatus;
import io.dorisops.kubernetes.PodState;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link KubernetesStatus}: the pods next to the master's rows, and every disagreement — a pod
 * serving whose member is not alive, a member alive whose pod is not serving, an image tag whose version
 * is not the member's {@code Version}, a member the master does not list, a row no pod stands for, a
 * component below its replicas.
 */
public final class StatusView {

    private final Members members;

    public StatusView(Members members) {
        this.members = members;
    }

    public KubernetesStatus status(Snapshot snapshot, ClusterAdmin admin) {
        List<Frontend> fes = List.of();
        List<Backend> bes = List.of();
        Optional<String> sqlError = Optional.empty();
        try {
            fes = admin.frontends();
            bes = new ArrayList<>(admin.backends());
            if (snapshot.kind().flavor().separateComputeNodes()) {
                bes.addAll(admin.computeNodes());
            }
        } catch (DorisOpsException e) {
            sqlError = Optional.of(e.getMessage());
        }
        List<KubernetesStatus.Component> components = new ArrayList<>();
        List<KubernetesStatus.Member> rows = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (ComponentState component : snapshot.components()) {
            components.add(new KubernetesStatus.Component(
                    component.name(),
                    component.image(),
                    component.replicas(),
                    component.readyPods(),
                    component.phase()));
            if (component.readyPods() != component.replicas()) {
                disagreements.add(component.name() + ": " + component.readyPods() + " of " + component.replicas()
                        + " desired pods ready");
            }
            for (int ordinal : Members.ordinals(component)) {
                Node node = members.node(snapshot, component, ordinal);
                nodes.add(node);
                Optional<PodState> pod = component.pod(ordinal);
                boolean sql = sqlError.isEmpty() && !component.name().equals("broker");
                Optional<Boolean> alive = sql ? Members.alive(node, fes, bes) : Optional.empty();
                Optional<Version> version = Optional.empty();
                boolean master = false;
                if (sql && node.role().isFrontend()) {
                    Optional<Frontend> row =
                            fes.stream().filter(fe -> fe.matches(node)).findFirst();
                    version = row.flatMap(Frontend::version);
                    master = row.map(Frontend::master).orElse(false);
                } else if (sql) {
                    version = bes.stream()
                            .filter(be -> be.matches(node))
                            .findFirst()
                            .flatMap(Backend::version);
                }
                rows.add(new KubernetesStatus.Member(
                        node.id(), component.name(), node.role(), pod, alive, version, master));
                if (sql) {
                    disagree(node, pod, alive, version, disagreements);
                }
            }
        }
        if (sqlError.isEmpty()) {
            for (Frontend fe : fes) {
                if (nodes.stream().noneMatch(fe::matches)) {
                    disagreements.add("SHOW FRONTENDS lists " + fe.host() + ":" + fe.editLogPort() + " but no pod of "
                            + snapshot.ref() + " stands for it");
                }
            }
            for (Backend be : bes) {
                if (nodes.stream().noneMatch(be::matches)) {
                    disagreements.add("SHOW BACKENDS lists " + be.host() + ":" + be.heartbeatPort() + " but no pod of "
                            + snapshot.ref() + " stands for it");
                }
            }
        }
        return new KubernetesStatus(snapshot.ref(), components, rows, disagreements, sqlError);
    }

    private static void disagree(
            Node node,
            Optional<PodState> pod,
            Optional<Boolean> alive,
            Optional<Version> version,
            List<String> disagreements) {
        boolean serving = pod.map(PodState::serving).orElse(false);
        if (alive.isEmpty()) {
            disagreements.add(
                    node.id() + ": " + (pod.isPresent() ? "pod " + pod.get().phase() : "no pod")
                            + ", but the master does not list " + node.host());
            return;
        }
        if (serving && !alive.get()) {
            disagreements.add(node.id() + ": pod Running and ready, but Alive=false in the master's view");
        }
        if (!serving && alive.get()) {
            disagreements.add(node.id() + ": Alive=true in the master's view, but the pod is "
                    + pod.map(PodState::describe).orElse("missing"));
        }
        Optional<Version> tagged = pod.flatMap(PodState::imageVersion);
        if (tagged.isPresent() && version.isPresent() && !tagged.get().sameRelease(version.get())) {
            disagreements.add(node.id() + ": image " + pod.get().image() + " names "
                    + tagged.get().number() + ", but the master reports Version " + version.get());
        }
    }
}
