package io.dorisops.kubernetes.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Wait;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.DebugResult;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Doris operator's debug run mode (seed 002, apache/doris-operator {@code api/doris/v1/types.go}
 * {@code AnnotationDebugKey}, {@code AnnotationDebugDorisKey}).
 *
 * <ol>
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
        PodState before = read(podName)
                .orElseThrow(() -> new DorisOpsException("no pod " + podName + " in namespace " + ref.namespace()
                        + " (kubectl get pods -n " + ref.namespace() + " -l app.doris.cluster=" + ref.name() + ")"));
        if (!podName.startsWith(ref.name() + "-")) {
            throw new DorisOpsException(podName + " is not a pod of " + ref);
        }
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
        return api.pod(ref, podName).map(pod -> Discovery.state(pod, "", 0));
    }
}
