package io.dorisops.kubernetes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesAccessException;
import io.dorisops.kubernetes.ResourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every call dorisops makes to the API server, each translated on failure into a {@link
 * KubernetesAccessException} that names the resource and, for a 403, the verb, resource and API group
 * the role lacks.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public Api(KubernetesClient client) {
        this.client = client;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The custom resource, or empty when there is none of that kind and name. */
    public Optional<GenericKubernetesResource> resource(ResourceKind kind, ClusterRef ref) {
        return call(
                "get",
                kind.plural(),
                kind.group(),
                ref,
                () -> Optional.ofNullable(client.genericKubernetesResources(kind.definition())
                        .inNamespace(ref.namespace())
                        .withName(ref.name())
                        .get()));
    }

    /** The names of the resources of a kind in the namespace. */
    public List<String> names(ResourceKind kind, String namespace) {
        try {
            return client
                    .genericKubernetesResources(kind.definition())
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .stream()
                    .map(item -> item.getMetadata().getName())
                    .toList();
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    /**
     * The versions the kind's CRD serves, or empty when the CRD cannot be read (not installed as an
     * object this client may read, or no permission on cluster-scoped CRDs): then the resource's own
     * {@code apiVersion} is all there is to check.
     */
    public Optional<List<String>> servedVersions(ResourceKind kind) {
        try {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(kind.crdName())
                    .get();
            if (crd == null || crd.getSpec() == null || crd.getSpec().getVersions() == null) {
                return Optional.empty();
            }
            return Optional.of(crd.getSpec().getVersions().stream()
                    .filter(v -> !Boolean.FALSE.equals(v.getServed()))
                    .map(CustomResourceDefinitionVersion::getName)
                    .toList());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** The pods with the labels, in the namespace. */
    public List<Pod> pods(ClusterRef ref, Map<String, String> labels) {
        return call("list", "pods", "", ref, () -> client.pods()
                .inNamespace(ref.namespace())
                .withLabels(labels)
                .list()
                .getItems());
    }

    /** One pod, or empty. */
    public Optional<Pod> pod(ClusterRef ref, String name) {
        return call(
                "get",
                "pods",
                "",
                ref,
                () -> Optional.ofNullable(client.pods()
                        .inNamespace(ref.namespace())
                        .withName(name)
                        .get()));
    }

    /** The decoded data of a Secret in the resource's namespace, or empty when there is none of that name. */
    public Optional<Map<String, String>> secret(ClusterRef ref, String name) {
        return call("get", "secrets", "", ref, () -> Optional.ofNullable(client.secrets()
                        .inNamespace(ref.namespace())
                        .withName(name)
                        .get())
                .map(secret -> {
                    Map<String, String> data = new java.util.LinkedHashMap<>();
                    if (secret.getData() != null) {
                        secret.getData()
                                .forEach((key, value) -> data.put(
                                        key,
                                        new String(
                                                java.util.Base64.getDecoder().decode(value),
                                                java.nio.charset.StandardCharsets.UTF_8)));
                    }
                    if (secret.getStringData() != null) {
                        data.putAll(secret.getStringData());
                    }
                    return data;
                }));
    }

    /**
     * Sets (or, with {@code null}, removes) annotations of the custom resource only while its {@code
     * resourceVersion} is still {@code version}, the one read: a compare-and-set, so of two writers that
     * read the same version only the first succeeds.
     *
     * @return false when the resource changed since (the API server answered 409 Conflict); read it again
     */
    public boolean annotateIfUnchanged(
            ResourceKind kind, ClusterRef ref, String version, Map<String, String> annotations) {
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("resourceVersion", version);
        metadata.put("annotations", new java.util.LinkedHashMap<String, Object>(annotations));
        try {
            patch(kind, ref, Map.of("metadata", metadata));
            return true;
        } catch (KubernetesAccessException e) {
            if (e.getCause() instanceof KubernetesClientException cause && cause.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** A JSON merge patch of the custom resource ({@code null} values remove fields). */
    public void patch(ResourceKind kind, ClusterRef ref, Map<String, Object> patch) {
        String json = json(patch);
        call("patch", kind.plural(), kind.group(), ref, () -> client.genericKubernetesResources(kind.definition())
                .inNamespace(ref.namespace())
                .withName(ref.name())
                .patch(PatchContext.of(PatchType.JSON_MERGE), json));
    }

    /** A JSON merge patch of a pod. */
    public void patchPod(ClusterRef ref, String pod, Map<String, Object> patch) {
        String json = json(patch);
        call("patch", "pods", "", ref, () -> client.pods()
                .inNamespace(ref.namespace())
                .withName(pod)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json));
    }

    /** Deletes a pod (its StatefulSet creates it again). */
    public void deletePod(ClusterRef ref, String pod) {
        call("delete", "pods", "", ref, () -> client.pods()
                .inNamespace(ref.namespace())
                .withName(pod)
                .delete());
    }

    private static String json(Map<String, Object> patch) {
        try {
            return JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a patch", e);
        }
    }

    private static <T> T call(String verb, String resource, String group, ClusterRef ref, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String what = (group.isEmpty() ? resource : resource + "." + group) + " in namespace " + ref.namespace();
            if (e.getCode() == 403) {
                throw new KubernetesAccessException(
                        what,
                        "the API server refused to " + verb + " " + what + " (403 Forbidden) for " + ref
                                + ": the role needs the permission verb=" + verb + " resource=" + resource
                                + " apiGroup=\"" + group + "\". Grant it (kubectl create role ... --verb=" + verb
                                + " --resource=" + (group.isEmpty() ? resource : resource + "." + group)
                                + "), or use a context that has it; nothing was changed by this call.",
                        e);
            }
            if (e.getCode() == 401) {
                throw new KubernetesAccessException(
                        what,
                        "the API server did not accept the credentials (401) for " + verb + " " + what
                                + "; check the kubeconfig context",
                        e);
            }
            throw new KubernetesAccessException(
                    what,
                    "cannot " + verb + " " + what + " for " + ref + ": "
                            + (e.getCode() > 0 ? "HTTP " + e.getCode() + " " : "") + e.getMessage(),
                    e);
        }
    }
}
