package io.dorisops.kubernetes.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.kubernetes.Addressing;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.testkit.Sandbox;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A small reconciler that plays a Kubernetes operator over a testkit {@link Sandbox}, against any API
 * server (the one of a {@link KubernetesSandbox} in tests and in {@code dorisops demo --kubernetes}): it creates the
 * custom resource for the sandbox, keeps one pod per sandbox node, and reconciles as a StatefulSet with
 * the RollingUpdate strategy does.
 *
 * <ol>
 *   <li>A pod whose image differs from the spec is recreated from the highest ordinal down, one at a time,
 *       and only while every other pod of the component is ready: its sandbox node is stopped, its {@code
 *       bin/} and {@code lib/} swapped to the version in the image's tag, and started again; the pod is
 *       ready once the node's HTTP endpoint is.
 *   <li>Pods at ordinals at or above {@code replicas} are deleted, highest first, and their nodes stopped
 *       (as the operators do: no decommission).
 *   <li>A deleted pod below {@code replicas} is recreated (a new uid) and its node started; a BE or CN
 *       that is not a member registers itself once ready, as the images' entrypoints do.
 *   <li>A pod whose image {@link #failImage fails} crash-loops ({@code CrashLoopBackOff}); a crash-looping
 *       pod annotated with the Doris run-mode key restarts in debug mode: running, not ready, node stopped.
 *   <li>The resource's status reports each component's phase and running instances.
 * </ol>
 *
 * <p>Steps 1 to 4 are one component's step ({@code ComponentReconciler}); this class owns the resource,
 * the loop and the status.
 */
public final class SandboxOperator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ResourceKind kind;
    private final ClusterRef ref;
    private final Sandbox sandbox;
    private final Set<String> failing = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> crashed = Collections.synchronizedSet(new HashSet<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Thread loop;
    private volatile boolean stopped;
    private final ComponentReconciler components;

    private SandboxOperator(KubernetesClient client, ResourceKind kind, ClusterRef ref, Sandbox sandbox) {
        this.client = client;
        this.kind = kind;
        this.ref = ref;
        this.sandbox = sandbox;
        this.components = new ComponentReconciler(client, kind, ref, sandbox, failing, crashed, events);
        this.loop = new Thread(this::run, "sandbox-operator-" + ref.name());
        this.loop.setDaemon(true);
    }

    /**
     * Creates the resource for a running sandbox (images {@code <repo>:<sandbox version>}, replicas as the
     * sandbox's nodes), its pods, and starts reconciling.
     */
    public static SandboxOperator start(KubernetesClient client, ResourceKind kind, ClusterRef ref, Sandbox sandbox) {
        SandboxOperator operator = new SandboxOperator(client, kind, ref, sandbox);
        operator.createResource();
        operator.loop.start();
        return operator;
    }

    /** The image repository of a component, e.g. {@code selectdb/doris.be-ubuntu}. */
    public static String repository(ResourceKind kind, String component) {
        return kind == ResourceKind.DORIS_CLUSTER
                ? "selectdb/doris." + component + "-ubuntu"
                : "starrocks/" + component + "-ubuntu";
    }

    /** Pods reached at their sandbox nodes' loopback addresses. */
    public Addressing addressing() {
        return (k, r, component, role, podName, ordinal) -> {
            List<Node> nodes = components.nodes(component);
            if (ordinal >= nodes.size()) {
                return Addressing.inCluster().node(k, r, component, role, podName, ordinal);
            }
            Node node = nodes.get(ordinal);
            return new Node(podName, node.host(), node.role(), node.home(), node.ports());
        };
    }

    /** Pods recreated with this image crash-loop and never become ready. */
    public void failImage(String image) {
        failing.add(image);
    }

    /** Makes a pod's container crash (its node stops) until the pod is deleted. */
    public void crash(String pod) {
        crashed.add(pod);
    }

    /** What the reconciler did, in order: {@code recreate be 2 selectdb/...}, {@code delete be 2}. */
    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private String specField(String component) {
        return kind.specField(component).orElseThrow();
    }

    private void createResource() {
        Map<String, Object> spec = new LinkedHashMap<>();
        for (String component : List.of("fe", "be", "cn")) {
            List<Node> nodes = components.nodes(component);
            if (nodes.isEmpty() || kind.specField(component).isEmpty()) {
                continue;
            }
            Map<String, Object> componentSpec = new LinkedHashMap<>();
            componentSpec.put(
                    "image",
                    repository(kind, component) + ":" + sandbox.version().number());
            componentSpec.put("replicas", nodes.size());
            if (component.equals("fe") && kind == ResourceKind.DORIS_CLUSTER) {
                componentSpec.put(
                        "electionNumber",
                        nodes.stream().filter(n -> n.role() == Role.FE_FOLLOWER).count());
            }
            spec.put(specField(component), componentSpec);
        }
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.apiVersion())
                .withKind(kind.kind())
                .withNewMetadata()
                .withName(ref.name())
                .withNamespace(ref.namespace())
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
        resources().resource(resource).create();
        for (String component : List.of("fe", "be", "cn")) {
            List<Node> nodes = components.nodes(component);
            for (int i = 0; i < nodes.size() && kind.specField(component).isPresent(); i++) {
                SandboxPods.write(
                        client,
                        kind,
                        ref,
                        component,
                        i,
                        repository(kind, component) + ":" + sandbox.version().number(),
                        UUID.randomUUID().toString(),
                        0,
                        "ready");
            }
        }
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            resources() {
        return client.genericKubernetesResources(kind.definition()).inNamespace(ref.namespace());
    }

    private void run() {
        while (!stopped) {
            try {
                reconcile();
            } catch (RuntimeException e) {
                if (!stopped) {
                    events.add("error " + e.getMessage());
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void reconcile() {
        GenericKubernetesResource resource = resources().withName(ref.name()).get();
        if (resource == null) {
            return;
        }
        Map<String, Object> spec =
                (Map<String, Object>) resource.getAdditionalProperties().get("spec");
        Map<String, Object> status = new LinkedHashMap<>();
        for (String component : List.of("fe", "be", "cn")) {
            Optional<String> field = kind.specField(component);
            if (field.isEmpty() || !(spec.get(field.get()) instanceof Map<?, ?> raw)) {
                continue;
            }
            Map<String, Object> componentSpec = (Map<String, Object>) raw;
            String image = String.valueOf(componentSpec.get("image"));
            int replicas = ((Number) componentSpec.getOrDefault("replicas", 1)).intValue();
            boolean settled = components.step(component, image, replicas);
            List<String> running = components.pods(component).stream()
                    .filter(PodState::serving)
                    .map(PodState::name)
                    .toList();
            Map<String, Object> componentStatus = new LinkedHashMap<>();
            componentStatus.put("runningInstances", running);
            if (kind == ResourceKind.DORIS_CLUSTER) {
                componentStatus.put("componentCondition", Map.of("phase", settled ? "available" : "upgrading"));
            } else {
                componentStatus.put("phase", settled ? "running" : "reconciling");
            }
            status.put(kind.statusField(component).orElseThrow(), componentStatus);
        }
        resources().withName(ref.name()).patch(PatchContext.of(PatchType.JSON_MERGE), toJson(Map.of("status", status)));
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops reconciling; the sandbox is the caller's to close. */
    @Override
    public void close() {
        stopped = true;
        loop.interrupt();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        components.close();
    }
}
