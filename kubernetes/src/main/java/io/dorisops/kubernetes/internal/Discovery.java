package io.dorisops.kubernetes.internal;

import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.ComponentState;
import io.dorisops.kubernetes.KubernetesAccessException;
import io.dorisops.kubernetes.PodState;
import io.dorisops.kubernetes.ResourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code DorisCluster} or {@code StarRocksCluster} and its pods into a {@link Snapshot}.
 *
 * <ol>
 *   <li>For each kind the reference allows, read the CRD's served versions when readable; a CRD that no
 *       longer serves the version dorisops knows is refused, naming the CRD and {@code spec.versions}.
 *   <li>Get the resource; none of the asked kind but one of the other kind is refused, naming both; none
 *       at all is refused, listing the resources the namespace has.
 *   <li>Check the resource's {@code apiVersion}; then per component the spec declares, read {@code image},
 *       {@code replicas} (1 when absent), the FE's {@code electionNumber}, the operator's phase, and the
 *       pods by the operator's labels, ordered by ordinal.
 * </ol>
 */
public final class Discovery {

    private final Api api;

    public Discovery(Api api) {
        this.api = api;
    }

    public Snapshot read(ClusterRef ref) {
        List<ResourceKind> kinds = ref.kind().map(List::of).orElse(List.of(ResourceKind.values()));
        for (ResourceKind kind : kinds) {
            api.servedVersions(kind).ifPresent(served -> {
                if (!served.contains(kind.version())) {
                    throw new KubernetesAccessException(
                            kind.crdName(),
                            "the CRD " + kind.crdName() + " serves versions " + served + " (spec.versions), not "
                                    + kind.version() + ", the version of " + kind.kind()
                                    + " dorisops knows; upgrade dorisops for this operator release, or install an"
                                    + " operator whose CRD serves " + kind.apiVersion());
                }
            });
            Optional<GenericKubernetesResource> found = api.resource(kind, ref);
            if (found.isPresent()) {
                return snapshot(kind, ClusterRef.of(ref.namespace(), ref.name(), kind), found.get());
            }
        }
        if (ref.kind().isPresent()) {
            ResourceKind asked = ref.kind().get();
            for (ResourceKind other : ResourceKind.values()) {
                if (other != asked && api.resource(other, ref).isPresent()) {
                    throw new KubernetesAccessException(
                            ref.namespace() + "/" + ref.name(),
                            ref.namespace() + "/" + ref.name() + " is a " + other.kind() + " (" + other.apiVersion()
                                    + "), not a " + asked.kind() + "; pass --kind " + other.shortName()
                                    + " (or leave --kind out)");
                }
            }
        }
        List<String> existing = new ArrayList<>();
        for (ResourceKind kind : ResourceKind.values()) {
            api.names(kind, ref.namespace()).forEach(name -> existing.add(kind.kind() + " " + name));
        }
        throw new KubernetesAccessException(
                ref.namespace() + "/" + ref.name(),
                "no "
                        + kinds.stream()
                                .map(ResourceKind::kind)
                                .reduce((a, b) -> a + " or " + b)
                                .orElse("")
                        + " named \"" + ref.name() + "\" in namespace " + ref.namespace() + "; "
                        + (existing.isEmpty()
                                ? "the namespace has none (kubectl get dcr,src -n " + ref.namespace() + ")"
                                : "it has " + existing)
                        + ". Check --name and --namespace.");
    }

    private Snapshot snapshot(ResourceKind kind, ClusterRef ref, GenericKubernetesResource resource) {
        String apiVersion = String.valueOf(resource.getApiVersion());
        if (!apiVersion.equals(kind.apiVersion())) {
            throw new KubernetesAccessException(
                    ref.toString(),
                    ref + " has apiVersion " + apiVersion + "; dorisops knows " + kind.apiVersion()
                            + " (field apiVersion). Upgrade dorisops for this operator release.");
        }
        Map<String, Object> spec = Json.map(resource.getAdditionalProperties().get("spec"));
        Map<String, Object> status = Json.map(resource.getAdditionalProperties().get("status"));
        List<ComponentState> components = new ArrayList<>();
        for (String component : kind.components()) {
            String field = kind.specField(component).orElseThrow();
            Object raw = spec.get(field);
            if (raw == null) {
                continue;
            }
            Map<String, Object> componentSpec = Json.map(raw);
            Object image = componentSpec.get("image");
            if (!(image instanceof String text) || text.isBlank()) {
                throw new KubernetesAccessException(
                        ref.toString(),
                        ref + ": spec." + field + ".image is missing; the " + kind.kind() + " CRD requires it");
            }
            int replicas = Json.integer(componentSpec.get("replicas"), "spec." + field + ".replicas", ref)
                    .orElse(1);
            Optional<Integer> election = kind == ResourceKind.DORIS_CLUSTER && component.equals("fe")
                    ? Optional.of(Json.integer(componentSpec.get("electionNumber"), "spec.feSpec.electionNumber", ref)
                            .orElse(3))
                    : Optional.empty();
            Map<String, Object> componentStatus =
                    Json.map(status.get(kind.statusField(component).orElse("")));
            Optional<String> phase = kind == ResourceKind.DORIS_CLUSTER
                    ? Optional.ofNullable((String)
                            Json.map(componentStatus.get("componentCondition")).get("phase"))
                    : Optional.ofNullable((String) componentStatus.get("phase"));
            components.add(new ComponentState(
                    component, "spec." + field, text, replicas, election, phase, pods(kind, ref, component)));
        }
        Map<String, String> annotations = present(resource.getMetadata().getAnnotations());
        return new Snapshot(
                kind,
                ref,
                components,
                annotations,
                String.valueOf(api.client().getMasterUrl()),
                String.valueOf(resource.getMetadata().getUid()));
    }

    /** The component's pods by the operator's labels, by ordinal. */
    public List<PodState> pods(ResourceKind kind, ClusterRef ref, String component) {
        String prefix = kind.statefulSet(ref.name(), component) + "-";
        List<PodState> pods = new ArrayList<>();
        for (Pod pod : api.pods(ref, kind.podSelector(ref.name(), component))) {
            String name = pod.getMetadata().getName();
            if (!name.startsWith(prefix)) {
                continue;
            }
            int ordinal;
            try {
                ordinal = Integer.parseInt(name.substring(prefix.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            pods.add(PodState.of(pod, component, ordinal));
        }
        pods.sort(Comparator.comparingInt(PodState::ordinal));
        return pods;
    }

    /** The annotations that have a value (a merge patch removes one by setting it to null). */
    static Map<String, String> present(Map<String, String> annotations) {
        Map<String, String> present = new java.util.LinkedHashMap<>();
        if (annotations != null) {
            annotations.forEach((key, value) -> {
                if (value != null) {
                    present.put(key, value);
                }
            });
        }
        return present;
    }
}
