package io.dorisops.kubernetes.testkit;

import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.ResourceKind;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** The pods the {@link SandboxOperator} writes, as a StatefulSet and the kubelet would report them. */
final class SandboxPods {

    private SandboxPods() {}

    /** Writes the pod whole: state is starting, ready, CrashLoopBackOff or debug (running, not ready). */
    static void write(
            KubernetesClient client,
            ResourceKind kind,
            ClusterRef ref,
            String component,
            int ordinal,
            String image,
            String uid,
            int restarts,
            String state) {
        Map<String, String> labels = new LinkedHashMap<>(kind.podSelector(ref.name(), component));
        if (kind == ResourceKind.DORIS_CLUSTER) {
            labels.put("app.doris.cluster", ref.name());
        }
        String name = kind.statefulSet(ref.name(), component) + "-" + ordinal;
        Pod existing = client.pods().inNamespace(ref.namespace()).withName(name).get();
        Map<String, String> annotations =
                existing != null && existing.getMetadata().getAnnotations() != null
                        ? existing.getMetadata().getAnnotations()
                        : Map.of();
        boolean ready = state.equals("ready");
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ref.namespace())
                .withUid(uid)
                .withLabels(labels)
                .withAnnotations(annotations)
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName(kind.statefulSet(ref.name(), component))
                .withUid("sts-" + kind.statefulSet(ref.name(), component))
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(component)
                .withImage(image)
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(state.equals("starting") ? "Pending" : "Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .addNewContainerStatus()
                .withName(component)
                .withImage(image)
                .withReady(ready)
                .withRestartCount(restarts)
                .withState(
                        state.equals("CrashLoopBackOff")
                                ? new ContainerStateBuilder()
                                        .withNewWaiting()
                                        .withReason("CrashLoopBackOff")
                                        .endWaiting()
                                        .build()
                                : new ContainerStateBuilder()
                                        .withNewRunning()
                                        .endRunning()
                                        .build())
                .endContainerStatus()
                .endStatus()
                .build();
        client.pods().inNamespace(ref.namespace()).resource(pod).createOr(op -> op.update());
        client.pods().inNamespace(ref.namespace()).resource(pod).updateStatus();
    }
}
