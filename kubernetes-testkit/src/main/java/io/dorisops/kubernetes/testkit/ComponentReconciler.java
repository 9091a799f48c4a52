package io.dorisops.kubernetes.testkit;

import io.dorisops.Flavor;
import io.dorisops.Health;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.spi.Backend;
import io.dorisops.testkit.Sandbox;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One reconcile step of a component's StatefulSet for the {@link SandboxOperator}: the pods of the
 * component against its spec's image and replicas, each pod backed by a sandbox node. At most one
 * change per step, in the order of the operator's algorithm (steps 1 to 4): scale-in from the highest
 * ordinal, a missing pod created, readiness, crash loops and debug mode, then the rolling update.
 */
final class ComponentReconciler implements AutoCloseable {
    private final KubernetesClient client;
    private final ResourceKind kind;
    private final ClusterRef ref;
    private final Sandbox sandbox;
    private final HttpHealthProbe probe = HttpHealthProbe.withTimeout(Duration.ofSeconds(1));
    private final Set<String> failing;
    private final Set<String> crashed;
    private final List<String> events;
    private JdbcClusterAdmin admin;

    /**
     * @param failing images whose pods crash-loop
     * @param crashed pods whose containers crash until deleted
     * @param events where each change is recorded
     */
    ComponentReconciler(
            KubernetesClient client,
            ResourceKind kind,
            ClusterRef ref,
            Sandbox sandbox,
            Set<String> failing,
            Set<String> crashed,
            List<String> events) {
        this.client = client;
        this.kind = kind;
        this.ref = ref;
        this.sandbox = sandbox;
        this.failing = failing;
        this.crashed = crashed;
        this.events = events;
    }

    /** The sandbox nodes of a component ({@code fe}, {@code be}, {@code cn}), by ordinal. */
    List<Node> nodes(String component) {
        return sandbox.nodes().stream()
                .filter(n -> switch (component) {
                    case "fe" -> n.role().isFrontend();
                    case "be" -> n.role() == Role.BE;
                    case "cn" -> n.role() == Role.CN;
                    default -> false;
                })
                .toList();
    }

    /** One step of a component's StatefulSet; true when nothing is left to do. */
    boolean step(String component, String image, int replicas) {
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
            sandbox.installVersion(node.id(), version.get());
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
                admin = JdbcClusterAdmin.of(sandbox.topology());
            }
        }
        boolean cn = node.role() == Role.CN && sandbox.flavor() == Flavor.STARROCKS;
        List<Backend> members = cn ? admin.computeNodes() : admin.backends();
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

    /**
     * The component's pods, by ordinal: one per sandbox node at most, as this operator creates them
     * (named {@code <statefulset>-<ordinal>}).
     */
    List<PodState> pods(String component) {
        List<PodState> pods = new ArrayList<>();
        for (int ordinal = 0; ordinal < nodes(component).size(); ordinal++) {
            Pod pod = client.pods()
                    .inNamespace(ref.namespace())
                    .withName(name(component, ordinal))
                    .get();
            if (pod != null) {
                pods.add(PodState.of(pod, component, ordinal));
            }
        }
        return pods;
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
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the SQL connection the registration of backends opened, if any. */
    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close();
            }
        }
    }
}
