package io.dorisops.kubernetes;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which custom resource to operate: a namespace, a name and, optionally, the kind (else whichever of
 * {@code DorisCluster} and {@code StarRocksCluster} has that name).
 *
 * <pre>{@code
 * ClusterRef ref = ClusterRef.of("doris", "doriscluster-sample");
 * }</pre>
 */
public record ClusterRef(String namespace, String name, Optional<ResourceKind> kind) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public ClusterRef {
        requireNonNull(namespace, "namespace");
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace \"" + namespace + "\" is not a valid Kubernetes name"
                    + " (lower-case letters, digits, '-', '.'); pass --namespace with the cluster's namespace");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("name \"" + name + "\" is not a valid Kubernetes resource name"
                    + " (lower-case letters, digits, '-', '.'); pass --name with the DorisCluster or StarRocksCluster");
        }
    }

    /** A resource of either kind. */
    public static ClusterRef of(String namespace, String name) {
        return new ClusterRef(namespace, name, Optional.empty());
    }

    /** A resource of one kind. */
    public static ClusterRef of(String namespace, String name, ResourceKind kind) {
        return new ClusterRef(namespace, name, Optional.of(kind));
    }

    @Override
    public String toString() {
        return kind.map(ResourceKind::kind).orElse("cluster") + " " + namespace + "/" + name;
    }
}
