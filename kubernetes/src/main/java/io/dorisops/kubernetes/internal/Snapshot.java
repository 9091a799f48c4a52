package io.dorisops.kubernetes.internal;

import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.ComponentState;
import io.dorisops.kubernetes.ResourceKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The custom resource and its pods as read at one moment.
 *
 * @param kind the resource's kind
 * @param ref the resource, with its kind
 * @param components the components the spec declares, in upgrade order
 * @param annotations the resource's annotations
 * @param server the API server the resource was read from (its URL)
 * @param uid the resource's {@code metadata.uid}: a resource deleted and created again under its name has another
 */
public record Snapshot(
        ResourceKind kind,
        ClusterRef ref,
        List<ComponentState> components,
        Map<String, String> annotations,
        String server,
        String uid) {

    public Snapshot {
        components = List.copyOf(components);
        annotations = Map.copyOf(annotations);
    }

    public Optional<ComponentState> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
