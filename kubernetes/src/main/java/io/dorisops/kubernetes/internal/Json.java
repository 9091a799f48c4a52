package io.dorisops.kubernetes.internal;

import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesAccessException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading the untyped maps of a generic resource, and building merge patches. */
final class Json {

    private Json() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static Optional<Integer> integer(Object value, String field, ClusterRef ref) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number number) {
            return Optional.of(number.intValue());
        }
        throw new KubernetesAccessException(
                ref.toString(), ref + ": " + field + " is \"" + value + "\", expected a number");
    }

    /** {@code {"spec": {field: {key: value}}}}. */
    static Map<String, Object> specPatch(String field, String key, Object value) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put(key, value);
        return Map.of("spec", Map.of(field, inner));
    }

    /** {@code {"metadata": {"annotations": {...}}}}; a null value removes the annotation. */
    static Map<String, Object> annotationsPatch(Map<String, String> annotations) {
        return Map.of("metadata", Map.of("annotations", new LinkedHashMap<String, Object>(annotations)));
    }
}
