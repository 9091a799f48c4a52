package io.dorisops.kubernetes.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.RunMarker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pods as nodes: the health probe (a node serves when its pod runs and is ready) and the run marker,
 * an annotation on the custom resource ({@value #CLAIM}), so two operators on two machines cannot run at
 * once. The operator, not dorisops, stops, starts and replaces the software in pods, so the node control
 * of a Kubernetes cluster has no process control, binary store or installer: a procedure that needs one
 * is refused when planned, and a Kubernetes operation changes components through {@link PodComponents}.
 */
public final class PodNodes implements RunMarker, HealthProbe {

    /** The annotation on the custom resource that names the run holding the cluster. */
    public static final String CLAIM = "dorisops.io/run";

    /** Reads and compare-and-sets of the claim before giving up while the resource keeps changing. */
    private static final int CAS_ATTEMPTS = 5;

    private final Api api;
    private final ResourceKind kind;
    private final ClusterRef ref;

    public PodNodes(Api api, ResourceKind kind, ClusterRef ref) {
        this.api = api;
        this.kind = kind;
        this.ref = ref;
    }

    private Optional<PodState> pod(Node node) {
        return api.pod(ref, node.id()).map(pod -> PodState.of(pod, "", 0));
    }

    @Override
    public Health probe(Node node) {
        long start = System.nanoTime();
        Optional<PodState> pod = pod(node);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (pod.isEmpty()) {
            return new Health(node.id(), Health.Status.DOWN, "no pod " + node.id(), took, Optional.empty());
        }
        PodState state = pod.get();
        Health.Status status = state.serving()
                ? Health.Status.READY
                : state.phase().equals("Running") || state.phase().equals("Pending")
                        ? Health.Status.STARTING
                        : Health.Status.DOWN;
        if (state.stuck() || state.deleting()) {
            status = Health.Status.DOWN;
        }
        return new Health(node.id(), status, "pod " + state.describe(), took, state.imageVersion());
    }

    /** The claim is one annotation for the whole cluster: kept once. */
    @Override
    public List<Node> markerNodes(List<Node> frontends) {
        return frontends.subList(0, Math.min(1, frontends.size()));
    }

    /**
     * A compare-and-set of the claim annotation: read the resource, and write the claim only while its
     * {@code resourceVersion} is the one read, so of two operators claiming at once exactly one wins; the
     * other reads again and finds the winner's claim. A write lost to any other change (the operator
     * updating the status) is retried on a fresh read.
     */
    @Override
    public Optional<String> claim(Node node, String runId, String holder, String takeOver) {
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            GenericKubernetesResource resource = current();
            String current = claimOf(resource);
            if (current != null
                    && !current.startsWith(runId + " ")
                    && (takeOver.isEmpty() || !current.startsWith(takeOver + " "))) {
                return Optional.of(current);
            }
            Map<String, String> annotations = new HashMap<>();
            annotations.put(CLAIM, runId + " " + holder);
            if (api.annotateIfUnchanged(kind, ref, resource.getMetadata().getResourceVersion(), annotations)) {
                return Optional.empty();
            }
        }
        throw changing("claim");
    }

    @Override
    public void release(Node node, String runId) {
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            GenericKubernetesResource resource = current();
            String current = claimOf(resource);
            if (current == null || !current.startsWith(runId + " ")) {
                return;
            }
            Map<String, String> annotations = new HashMap<>();
            annotations.put(CLAIM, null);
            if (api.annotateIfUnchanged(kind, ref, resource.getMetadata().getResourceVersion(), annotations)) {
                return;
            }
        }
        throw changing("release");
    }

    private GenericKubernetesResource current() {
        return api.resource(kind, ref)
                .orElseThrow(() -> new DorisOpsException(
                        kind.kind() + " " + ref.namespace() + "/" + ref.name() + " is gone; nothing to claim"));
    }

    private static String claimOf(GenericKubernetesResource resource) {
        return Discovery.present(resource.getMetadata().getAnnotations()).get(CLAIM);
    }

    private DorisOpsException changing(String what) {
        return new DorisOpsException("cannot " + what + " " + kind.kind() + " " + ref.namespace() + "/" + ref.name()
                + ": it changed under each of " + CAS_ATTEMPTS + " attempts (409 Conflict); try again");
    }

    @Override
    public String markerLocation(Node node) {
        return "the annotation " + CLAIM + " on " + kind.kind() + " " + ref.namespace() + "/" + ref.name()
                + " (kubectl annotate " + kind.shortName() + " " + ref.name() + " -n " + ref.namespace() + " "
                + CLAIM + "-)";
    }
}
