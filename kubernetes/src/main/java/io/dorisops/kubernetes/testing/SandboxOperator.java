package io.dorisops.kubernetes.testing;

import io.dorisops.Flavor;
import io.dorisops.Health;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.kubernetes.Addressing;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.internal.Layout;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * server (the fabric8 mock server in tests and in {@code dorisops demo --kubernetes}): it creates the
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
 */
public final class SandboxOperator implements AutoCloseable {

    private final KubernetesClient client;
    private final ResourceKind kind;
    private final ClusterRef ref;
    private final Sandbox sandbox;
    private final HttpHealthProbe probe = HttpHealthProbe.withTimeout(Duration.ofSeconds(1));
    private final Set<String> failing = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> crashed = Collections.synchronizedSet(new HashSet<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Thread loop;
    private volatile boolean stopped;
    private io.dorisops.jdbc.JdbcClusterAdmin admin;

    private SandboxOperator(KubernetesClient client, ResourceKind kind, ClusterRef ref, Sandbox sandbox) {
        this.client = client;
        this.kind = kind;
        this.ref = ref;
        this.sandbox = sandbox;
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
            List<Node> nodes = nodes(component);
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

    private List<Node> nodes(String component) {
        return sandbox.nodes().stream()
                .filter(n -> switch (component) {
                    case "fe" -> n.role().isFrontend();
                    case "be" -> n.role() == Role.BE;
                    case "cn" -> n.role() == Role.CN;
                    default -> false;
                })
                .toList();
    }

    private String specField(String component) {
        return kind.specField(component).orElseThrow();
    }

    private void createResource() {
        Map<String, Object> spec = new LinkedHashMap<>();
        for (String component : List.of("fe", "be", "cn")) {
            List<Node> nodes = nodes(component);
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
            List<Node> nodes = nodes(component);
            for (int i = 0; i < nodes.size() && kind.specField(component).isPresent(); i++) {
                writePod(
                        component,
                        i,
                        repository(kind, component) + ":" + sandbox.version().number(),
                        "",
                        0);
            }
        }
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            resources() {
        return client.genericKubernetesResources(io.dorisops.kubernetes.internal.Api.context(kind))
                .inNamespace(ref.namespace());
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
            boolean settled = reconcile(component, image, replicas);
            List<String> running = pods(component).stream()
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

    /** One step of a component's StatefulSet; true when nothing is left to do. */
    private boolean reconcile(String component, String image, int replicas) {
        List<PodState> pods = pods(component);
        List<Node> nodes = nodes(component);
        // 1. scale-in: the highest ordinal beyond replicas goes first
        for (int i = pods.size() - 1; i >= 0; i--) {
            PodState pod = pods.get(i);
            if (pod.ordinal() >= replicas) {
                events.add("delete " + component + " " + pod.ordinal());
                client.pods().inNamespace(ref.namespace()).withName(pod.name()).delete();
                if (pod.ordinal() < nodes.size()) {
                    script(nodes.get(pod.ordinal()), false);
                }
                return false;
            }
        }
        // 2. missing pods below replicas are created
        for (int i = 0; i < Math.min(replicas, nodes.size()); i++) {
            final int ordinal = i;
            if (pods.stream().noneMatch(p -> p.ordinal() == ordinal)) {
                crashed.remove(name(component, ordinal));
                recreate(component, ordinal, image, nodes.get(ordinal));
                return false;
            }
        }
        // 3. readiness, crash loops and debug mode
        boolean allServing = true;
        for (PodState pod : pods) {
            Node node = nodes.get(pod.ordinal());
            boolean fails = failing.contains(pod.image()) || crashed.contains(pod.name());
            boolean debug = kind.debugAnnotations().stream()
                    .anyMatch(key -> "debug".equals(pod.annotations().get(key)));
            if (fails && debug) {
                if (pod.waiting().isPresent()) {
                    writePod(component, pod.ordinal(), pod.image(), pod.uid(), pod.restarts() + 1, "debug");
                }
            } else if (fails) {
                if (pod.waiting().isEmpty()) {
                    script(node, false);
                    writePod(component, pod.ordinal(), pod.image(), pod.uid(), pod.restarts() + 1, "CrashLoopBackOff");
                }
            } else if (!pod.serving() && ready(node)) {
                register(node);
                writePod(component, pod.ordinal(), pod.image(), pod.uid(), pod.restarts(), "ready");
            }
            allServing &= pod.serving();
        }
        // 4. rolling update: highest ordinal with the old image, only while all others serve
        if (!allServing) {
            return false;
        }
        for (int i = pods.size() - 1; i >= 0; i--) {
            PodState pod = pods.get(i);
            if (!pod.image().equals(image)) {
                client.pods().inNamespace(ref.namespace()).withName(pod.name()).delete();
                recreate(component, pod.ordinal(), image, nodes.get(pod.ordinal()));
                return false;
            }
        }
        return pods.size() == replicas;
    }

    private void recreate(String component, int ordinal, String image, Node node) {
        events.add("recreate " + component + " " + ordinal + " " + image);
        script(node, false);
        Optional<Version> version = PodState.versionOf(image);
        if (version.isPresent() && !failing.contains(image)) {
            try {
                Layout.writeBinAndLib(sandbox.flavor(), version.get().number(), node.home(), node.role());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        writePod(component, ordinal, image, UUID.randomUUID().toString(), 0, "starting");
        if (!failing.contains(image)) {
            script(node, true);
        }
    }

    /**
     * What the images' entrypoints do when a BE or CN pod starts (Doris and StarRocks {@code
     * be_entrypoint.sh}/{@code cn_entrypoint.sh}): register the node with the FE unless it is a member.
     * A pod recreated after a scale-in (its node dropped) thus joins again on a scale-out.
     */
    private void register(Node node) {
        if (!node.role().isBackend()) {
            return;
        }
        synchronized (this) {
            if (admin == null) {
                admin = io.dorisops.jdbc.JdbcClusterAdmin.of(sandbox.topology());
            }
        }
        boolean cn = node.role() == io.dorisops.Role.CN && sandbox.flavor() == Flavor.STARROCKS;
        List<io.dorisops.ClusterAdmin.Backend> members = cn ? admin.computeNodes() : admin.backends();
        if (members.stream().noneMatch(member -> member.matches(node))) {
            events.add("register " + node.id());
            if (cn) {
                admin.addComputeNode(node.host(), node.ports().heartbeatPort());
            } else {
                admin.addBackend(node.host(), node.ports().heartbeatPort());
            }
        }
    }

    private boolean ready(Node node) {
        return sandbox.pid(node.id()).isPresent() && probe.probe(node).status() == Health.Status.READY;
    }

    private String name(String component, int ordinal) {
        return kind.statefulSet(ref.name(), component) + "-" + ordinal;
    }

    private List<PodState> pods(String component) {
        return new io.dorisops.kubernetes.internal.Discovery(new io.dorisops.kubernetes.internal.Api(client))
                .pods(kind, ref, component);
    }

    private void writePod(String component, int ordinal, String image, String uid, int restarts) {
        writePod(component, ordinal, image, uid.isEmpty() ? UUID.randomUUID().toString() : uid, restarts, "ready");
    }

    private void writePod(String component, int ordinal, String image, String uid, int restarts, String state) {
        SandboxPods.write(client, kind, ref, component, ordinal, image, uid, restarts, state);
    }

    private void script(Node node, boolean start) {
        Flavor flavor = sandbox.flavor();
        if (start == sandbox.pid(node.id()).isPresent()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                "bash",
                node.home()
                        .resolve("bin")
                        .resolve(start ? flavor.startScript(node.role()) : flavor.stopScript(node.role()))
                        .toString()));
        command.addAll(start ? flavor.startArgs(node.role()) : flavor.stopArgs(node.role(), true));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(node.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.home()
                            .resolve("log")
                            .resolve("sandbox-scripts.log")
                            .toFile()))
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sandbox directory's node homes, for tests that look at them. */
    public Path sandboxDir() {
        return sandbox.dir();
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
        synchronized (this) {
            if (admin != null) {
                admin.close();
            }
        }
    }
}
