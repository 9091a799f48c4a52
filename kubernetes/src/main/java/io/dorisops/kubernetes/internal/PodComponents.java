package io.dorisops.kubernetes.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.Wait;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.ComponentState;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Component;
import io.dorisops.spi.ComponentControl;
import io.dorisops.spi.Frontend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The component control over the API server and the SQL control plane: patches the custom
 * resource's {@code image} and {@code replicas} (JSON merge patches), and judges a rollout by the pods
 * and by the master's view together.
 *
 * <p>A rollout is over when: the component has exactly {@code replicas} pods, none being deleted; each
 * pod's container runs the spec's image and is ready; and (FE, BE, CN) each member is alive in {@code
 * SHOW FRONTENDS}/{@code SHOW BACKENDS} (StarRocks CNs: {@code SHOW COMPUTE NODES}) at the version. A pod
 * of the new image in a crash loop or unable to pull ends the wait at once, naming every pod's state.
 */
public final class PodComponents implements ComponentControl {

    private final Api api;
    private final Discovery discovery;
    private final Members members;
    private final ClusterRef ref;
    private final Optional<ClusterAdmin> admin;
    private final Duration poll;

    public PodComponents(Api api, Members members, ClusterRef ref, Optional<ClusterAdmin> admin, Duration poll) {
        this.api = api;
        this.discovery = new Discovery(api);
        this.members = members;
        this.ref = ref;
        this.admin = admin;
        this.poll = poll;
    }

    private Snapshot snapshot() {
        return discovery.read(ref);
    }

    private ComponentState component(Snapshot snapshot, String name) {
        return snapshot.component(name)
                .orElseThrow(() -> new DorisOpsException(ref + " has no " + name + " component (spec."
                        + snapshot.kind().specField(name).orElse(name + "Spec") + ")"));
    }

    @Override
    public String resource() {
        return ref.toString();
    }

    /** The spec's components with the pod names of their ordinals below {@code replicas} and their pods' images. */
    @Override
    public List<Component> components() {
        Snapshot snapshot = snapshot();
        return snapshot.components().stream()
                .map(state -> new Component(
                        state.name(),
                        state.specField(),
                        state.image(),
                        state.replicas(),
                        IntStream.range(0, state.replicas())
                                .mapToObj(i -> snapshot.kind().statefulSet(ref.name(), state.name()) + "-" + i)
                                .toList(),
                        state.pods().stream().map(PodState::image).toList(),
                        version(state)))
                .toList();
    }

    /** The version a component runs: the lowest its pods' images name, else its spec image's. */
    private static Optional<Version> version(ComponentState component) {
        return component.pods().stream()
                .map(PodState::imageVersion)
                .flatMap(Optional::stream)
                .min(Version::compareTo)
                .or(() -> PodState.versionOf(component.image()));
    }

    @Override
    public boolean patchImage(String component, String image) {
        Snapshot snapshot = snapshot();
        ComponentState state = component(snapshot, component);
        if (state.image().equals(image)) {
            return false;
        }
        String field = snapshot.kind().specField(component).orElseThrow();
        api.patch(snapshot.kind(), ref, Json.specPatch(field, "image", image));
        return true;
    }

    @Override
    public boolean patchReplicas(String component, int replicas) {
        Snapshot snapshot = snapshot();
        ComponentState state = component(snapshot, component);
        if (state.replicas() == replicas) {
            return false;
        }
        String field = snapshot.kind().specField(component).orElseThrow();
        api.patch(snapshot.kind(), ref, Json.specPatch(field, "replicas", replicas));
        return true;
    }

    /** What one poll of a rollout saw. */
    record Rollout(List<String> pending, List<String> stuck, String seen) {
        boolean done() {
            return pending.isEmpty() && stuck.isEmpty();
        }
    }

    @Override
    public void awaitRollout(String component, Optional<Version> version, Duration timeout, Consumer<String> waiting) {
        Wait.until(
                        ref + " " + component,
                        "rolled out" + version.map(v -> " at " + v.number()).orElse(""),
                        () -> observe(component, version))
                .succeedsWhen(Rollout::done)
                .failFastWhen(seen -> seen.stuck().isEmpty()
                        ? Optional.empty()
                        : Optional.of("pods that cannot become ready: " + String.join("; ", seen.stuck())))
                .describedBy(Rollout::seen)
                .timeout(timeout)
                .pollInterval(poll)
                .onPoll(p -> waiting.accept(p.seen()))
                .hint("Check the pods named (kubectl describe pod, kubectl logs) and the operator's events; fix the"
                        + " image or the cause, then run dorisops k8s upgrade --resume.")
                .build()
                .await();
    }

    Rollout observe(String component, Optional<Version> version) {
        Snapshot snapshot = snapshot();
        ComponentState state = component(snapshot, component);
        List<String> pending = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (PodState pod : state.pods()) {
            seen.add(pod.describe());
            if (pod.ordinal() >= state.replicas()) {
                pending.add(pod.name() + " beyond replicas " + state.replicas() + ", not removed yet");
            } else if (!pod.image().equals(state.image())) {
                pending.add(pod.name() + " not recreated with " + state.image() + " yet");
            } else if (pod.stuck()) {
                stuck.add(pod.describe());
            } else if (!pod.serving()) {
                pending.add(pod.name() + " not ready");
            }
        }
        for (int i = 0; i < state.replicas(); i++) {
            if (state.pod(i).isEmpty()) {
                String name = snapshot.kind().statefulSet(ref.name(), component) + "-" + i;
                pending.add(name + " has no pod yet");
                seen.add(name + ": no pod");
            }
        }
        if (admin.isPresent() && !component.equals("broker")) {
            try {
                List<Frontend> fes = admin.get().frontends();
                List<Backend> bes = new ArrayList<>(admin.get().backends());
                if (snapshot.kind().flavor().separateComputeNodes()) {
                    bes.addAll(admin.get().computeNodes());
                }
                for (int i = 0; i < state.replicas(); i++) {
                    Node node = members.node(snapshot, state, i);
                    Optional<Version> at = node.role().isFrontend()
                            ? fes.stream()
                                    .filter(fe -> fe.matches(node))
                                    .findFirst()
                                    .flatMap(Frontend::version)
                            : bes.stream()
                                    .filter(be -> be.matches(node))
                                    .findFirst()
                                    .flatMap(Backend::version);
                    Optional<Boolean> alive = Members.alive(node, fes, bes);
                    String sql = node.id() + " in SQL: "
                            + alive.map(a -> "Alive=" + a).orElse("not listed")
                            + at.map(v -> ", Version " + v).orElse("");
                    seen.add(sql);
                    if (!alive.orElse(false)) {
                        pending.add(node.id() + " not alive in SQL");
                    } else if (version.isPresent()
                            && !at.map(v -> v.sameRelease(version.get())).orElse(false)) {
                        pending.add(node.id() + " not at " + version.get().number() + " in SQL");
                    }
                }
            } catch (DorisOpsException e) {
                pending.add("the master's view: " + e.getMessage());
                seen.add("SQL: " + e.getMessage());
            }
        }
        return new Rollout(pending, stuck, String.join("; ", seen));
    }

    @Override
    public void drain(String component, List<String> names, Duration timeout, Consumer<String> waiting) {
        ClusterAdmin sql = requireAdmin("decommission");
        Snapshot snapshot = snapshot();
        ComponentState state = component(snapshot, component);
        List<Node> nodes =
                names.stream().map(name -> node(snapshot, state, name)).toList();
        for (Node node : nodes) {
            Optional<Backend> row =
                    sql.backends().stream().filter(be -> be.matches(node)).findFirst();
            if (row.isPresent() && !row.get().decommissioning()) {
                sql.decommissionBackend(node.host(), node.ports().heartbeatPort());
            }
        }
        Wait.until(ref + " " + component, "drained: " + names + " hold no tablets", () -> {
                    List<Backend> rows = sql.backends();
                    List<String> left = new ArrayList<>();
                    for (Node node : nodes) {
                        rows.stream()
                                .filter(be -> be.matches(node))
                                .filter(be -> !(be.decommissioning() && be.tabletNum() == 0))
                                .findFirst()
                                .ifPresent(be -> left.add(node.id() + ": "
                                        + (be.decommissioning()
                                                ? "decommissioning, " + be.tabletNum() + " tablets left"
                                                : "not decommissioning")));
                    }
                    return left;
                })
                .succeedsWhen(List::isEmpty)
                .describedBy(left -> String.join("; ", left))
                .timeout(timeout)
                .pollInterval(poll)
                .onPoll(p -> waiting.accept(p.seen()))
                .hint("Decommissioning moves every tablet to the BEs that stay: check that they have room and"
                        + " that the tablet scheduler is on (ADMIN SHOW FRONTEND CONFIG LIKE 'disable_tablet_scheduler'),"
                        + " then run dorisops k8s scale --resume.")
                .build()
                .await();
    }

    @Override
    public void drop(String component, List<String> names) {
        ClusterAdmin sql = requireAdmin("drop");
        Snapshot snapshot = snapshot();
        ComponentState state = component(snapshot, component);
        for (String name : names) {
            Node node = node(snapshot, state, name);
            if (node.role().isFrontend()) {
                if (sql.frontends().stream().anyMatch(fe -> fe.matches(node))) {
                    sql.dropFrontend(node.role(), node.host(), node.ports().editLogPort());
                }
            } else if (node.role() == Role.CN && snapshot.kind().flavor().separateComputeNodes()) {
                if (sql.computeNodes().stream().anyMatch(cn -> cn.matches(node))) {
                    sql.dropComputeNode(node.host(), node.ports().heartbeatPort());
                }
            } else if (sql.backends().stream().anyMatch(be -> be.matches(node))) {
                // The runner passed the drop-replicas gate for this backend before this call.
                sql.dropBackend(node.host(), node.ports().heartbeatPort());
            }
        }
    }

    private Node node(Snapshot snapshot, ComponentState state, String podName) {
        String prefix = snapshot.kind().statefulSet(ref.name(), state.name()) + "-";
        if (!podName.startsWith(prefix)) {
            throw new DorisOpsException(podName + " is not a pod of " + ref + " " + state.name()
                    + " (its pods are named " + prefix + "<ordinal>)");
        }
        return members.node(snapshot, state, Integer.parseInt(podName.substring(prefix.length())));
    }

    private ClusterAdmin requireAdmin(String what) {
        return admin.orElseThrow(() -> new DorisOpsException(ref + ": " + what + " needs the SQL control plane"
                + " (dorisops-jdbc-probe and a reachable FE service)"));
    }

    /** The resource kind of this cluster, for messages. */
    ResourceKind kind() {
        return snapshot().kind();
    }
}
