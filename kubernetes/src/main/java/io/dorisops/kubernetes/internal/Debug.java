package io.dorisops.kubernetes.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Wait;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.DebugResult;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Doris operator's debug run mode (seed 002, apache/doris-operator {@code api/doris/v1/types.go}
 * {@code AnnotationDebugKey}, {@code AnnotationDebugDorisKey}).
 *
 * <ol>
 *   <li>Refuse, before anything changes, a pod that is not of this cluster (its labels do not name one
 *       of the resource's components: {@link ResourceKind#podSelector}; a name prefix alone would let
 *       {@code prod} act on the pods of {@code prod-x}), and, to leave, a pod that no StatefulSet owns (its
 *       controller owner reference), since nothing would create it again after the delete.
 *   <li>Take the cluster's claim ({@link PodNodes#claim}) for the change, so no run of another operator
 *       is under way; released at the end.
 *   <li>Enter: annotate the pod with {@code selectdb.com.doris/runmode=debug} and {@code
 *       apache.org.doris/runmode=debug}; the container's entrypoint reads them at its next start. Wait until
 *       the container has restarted (restart count up) and runs, not crash looping. A pod that was serving
 *       is left to restart on its own, and the result says so: deleting it would drop the annotation.
 *   <li>Leave: remove both annotations and delete the pod; wait until the StatefulSet's new pod (new uid)
 *       is running and ready.
 * </ol>
 */
public final class Debug {

    private final Api api;
    private final ResourceKind kind;
    private final ClusterRef ref;
    private final Duration poll;

    public Debug(Api api, ResourceKind kind, ClusterRef ref, Duration poll) {
        this.api = api;
        this.kind = kind;
        this.ref = ref;
        this.poll = poll;
    }

    public DebugResult apply(String podName, boolean on, Duration timeout) {
        if (kind.debugAnnotations().isEmpty()) {
            throw new DorisOpsException(kind.kind() + " " + ref.namespace() + "/" + ref.name() + ": the "
                    + kind.kind() + " operator has no debug run mode (no run-mode annotation in its source);"
                    + " use kubectl debug or an ephemeral container instead");
        }
        Pod pod = api.pod(ref, podName)
                .orElseThrow(() -> new DorisOpsException("no pod " + podName + " in namespace " + ref.namespace()
                        + " (kubectl get pods -n " + ref.namespace() + " -l app.doris.cluster=" + ref.name() + ")"));
        String component = componentOf(pod)
                .orElseThrow(() -> new DorisOpsException(podName + " is not a pod of " + ref + ": its labels "
                        + Discovery.present(pod.getMetadata().getLabels()) + " name none of its components ("
                        + kind.podSelector(ref.name(), "<component>") + "); nothing was changed"));
        if (!on && !ownedByStatefulSet(pod, component)) {
            throw new DorisOpsException(podName + " is owned by no StatefulSet "
                    + kind.statefulSet(ref.name(), component)
                    + " (metadata.ownerReferences): leaving debug mode deletes the pod, and nothing would create it"
                    + " again; remove the annotations " + kind.debugAnnotations() + " by hand and restart its container"
                    + " instead; nothing was changed");
        }
        PodNodes claims = new PodNodes(api, kind, ref);
        String runId = "debug-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String holder = System.getProperty("user.name", "unknown") + " (k8s debug " + podName + ") since "
                + java.time.Instant.now();
        Optional<String> other = claims.claim(null, runId, holder, "");
        if (other.isPresent()) {
            throw new PreconditionFailedException(
                    "another run holds " + ref + "; nothing was changed",
                    List.of("lock: " + other.get() + " holds " + claims.markerLocation(null)
                            + "; wait for it, or resume it where it ran"));
        }
        try {
            return change(podName, PodState.of(pod, "", 0), on, timeout);
        } finally {
            claims.release(null, runId);
        }
    }

    private Optional<String> componentOf(Pod pod) {
        Map<String, String> labels = Discovery.present(pod.getMetadata().getLabels());
        return kind.components().stream()
                .filter(component -> kind.podSelector(ref.name(), component).entrySet().stream()
                        .allMatch(label -> label.getValue().equals(labels.get(label.getKey()))))
                .findFirst();
    }

    private boolean ownedByStatefulSet(Pod pod, String component) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners != null
                && owners.stream()
                        .anyMatch(owner -> Boolean.TRUE.equals(owner.getController())
                                && "StatefulSet".equals(owner.getKind())
                                && kind.statefulSet(ref.name(), component).equals(owner.getName()));
    }

    private DebugResult change(String podName, PodState before, boolean on, Duration timeout) {
        Map<String, String> annotations = new HashMap<>();
        kind.debugAnnotations().forEach(key -> annotations.put(key, on ? "debug" : null));
        api.patchPod(ref, podName, Json.annotationsPatch(annotations));
        if (on) {
            if (before.serving()) {
                return new DebugResult(
                        read(podName).orElse(before),
                        "annotated: the pod serves now, so it enters debug mode at its next container restart");
            }
            PodState after = Wait.until(podName, "running in debug mode", () -> read(podName))
                    .succeedsWhen(pod -> pod.isPresent()
                            && pod.get().restarts() > before.restarts()
                            && pod.get().phase().equals("Running")
                            && !pod.get().stuck())
                    .describedBy(pod -> pod.map(PodState::describe).orElse("no pod"))
                    .timeout(timeout)
                    .pollInterval(poll)
                    .hint("The container enters debug mode when it restarts; check kubectl describe pod " + podName)
                    .build()
                    .await()
                    .orElseThrow();
            return new DebugResult(
                    after,
                    "running in debug mode: kubectl exec -ti " + podName + " -n " + ref.namespace()
                            + " -- bash; change query_port (FE) or heartbeat_service_port (BE) before starting by hand");
        }
        api.deletePod(ref, podName);
        PodState after = Wait.until(podName, "recreated and ready", () -> read(podName))
                .succeedsWhen(pod -> pod.isPresent()
                        && !pod.get().uid().equals(before.uid())
                        && pod.get().serving())
                .failFastWhen(pod -> pod.filter(p -> !p.uid().equals(before.uid()) && p.stuck())
                        .map(PodState::describe))
                .describedBy(pod -> pod.map(PodState::describe).orElse("no pod yet"))
                .timeout(timeout)
                .pollInterval(poll)
                .hint("The StatefulSet recreates the pod; check kubectl describe pod " + podName)
                .build()
                .await()
                .orElseThrow();
        return new DebugResult(after, "left debug mode: recreated without the run-mode annotation and ready");
    }

    private Optional<PodState> read(String podName) {
        return api.pod(ref, podName).map(pod -> PodState.of(pod, "", 0));
    }
}
