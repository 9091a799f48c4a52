package io.dorisops.kubernetes.internal;

import io.dorisops.Secret;
import io.dorisops.Topology;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesAccessException;
import io.dorisops.kubernetes.ResourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL user the operator itself manages the cluster with, read as the Doris operator reads it
 * ({@code GetClusterSecret} in {@code api/doris/v1/doriscluster_util.go}): the Secret named by {@code
 * spec.authSecret} (keys {@code username}, {@code password}), else the deprecated {@code
 * spec.adminUser.name}/{@code password}, else {@code root} without a password. The StarRocks operator
 * manages no SQL user: there the defaults stay. The password is held as a {@link Secret}, never shown.
 */
public final class ResourceCredentials {

    private ResourceCredentials() {}

    /** The resource's SQL user and password on top of {@code defaults} (timeouts, TLS). */
    public static Topology.Sql of(Api api, ResourceKind kind, ClusterRef ref, Topology.Sql defaults) {
        if (kind != ResourceKind.DORIS_CLUSTER) {
            return defaults;
        }
        GenericKubernetesResource resource = api.resource(kind, ref).orElseThrow();
        Object spec = resource.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?> fields)) {
            return defaults;
        }
        if (fields.get("authSecret") instanceof String name && !name.isBlank()) {
            Map<String, String> data = api.secret(ref, name)
                    .orElseThrow(() -> new KubernetesAccessException(
                            "secret " + ref.namespace() + "/" + name,
                            ref + ": spec.authSecret names the Secret " + name + ", which is not in namespace "
                                    + ref.namespace()
                                    + "; create it (keys username, password) or fix spec.authSecret"));
            String user = Optional.ofNullable(data.get("username")).orElse("root");
            return with(defaults, user, Secret.of(data.getOrDefault("password", "")));
        }
        if (fields.get("adminUser") instanceof Map<?, ?> admin && admin.get("name") instanceof String user) {
            Object password = admin.get("password");
            return with(defaults, user, Secret.of(password == null ? "" : password.toString()));
        }
        return defaults;
    }

    private static Topology.Sql with(Topology.Sql defaults, String user, Secret password) {
        return new Topology.Sql(
                user,
                password.isNone() || password.reveal().isEmpty() ? Secret.NONE : password,
                defaults.connectTimeout(),
                defaults.socketTimeout(),
                defaults.tls(),
                defaults.tlsCa());
    }
}
