package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Topology;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL user comes from the resource as the Doris operator reads it: {@code spec.authSecret}'s Secret,
 * else {@code spec.adminUser}, else root; a caller's own {@code sql(...)} wins; the password never shows.
 */
class CredentialsTest {

    @RegisterExtension
    final MockApi api = new MockApi();

    private void create(ResourceKind kind, String name, Map<String, Object> extra) {
        Map<String, Object> spec = new LinkedHashMap<>(extra);
        spec.put(kind.specField("fe").orElseThrow(), Map.of("image", "x/fe:2.1.7", "replicas", 3));
        api.createResource(kind, "ops", name, spec);
    }

    private Topology.Sql sql(ClusterRef ref) {
        try (KubernetesCluster cluster = KubernetesCluster.connect(api.client, ref)) {
            return cluster.topology().sql();
        }
    }

    @Test
    void theAuthSecretGivesUserAndPasswordAndNeitherShowsThePassword() {
        api.client
                .secrets()
                .inNamespace("ops")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("doris-auth")
                        .endMetadata()
                        .addToData("username", "b3BzX2FkbWlu") // ops_admin
                        .addToData("password", "czNjcjN0LXB3") // s3cr3t-pw
                        .build())
                .create();
        create(ResourceKind.DORIS_CLUSTER, "dcr", Map.of("authSecret", "doris-auth"));

        Topology.Sql sql = sql(ClusterRef.of("ops", "dcr"));

        assertThat(sql.user()).isEqualTo("ops_admin");
        assertThat(sql.password().reveal()).isEqualTo("s3cr3t-pw");
        assertThat(sql.toString()).doesNotContain("s3cr3t-pw");
    }

    @Test
    void theDeprecatedAdminUserIsReadWhenThereIsNoAuthSecretAndRootOtherwise() {
        create(ResourceKind.DORIS_CLUSTER, "old", Map.of("adminUser", Map.of("name", "admin", "password", "pw1")));
        create(ResourceKind.DORIS_CLUSTER, "plain", Map.of());
        create(ResourceKind.STARROCKS_CLUSTER, "sr", Map.of());

        assertThat(sql(ClusterRef.of("ops", "old")).user()).isEqualTo("admin");
        assertThat(sql(ClusterRef.of("ops", "old")).password().reveal()).isEqualTo("pw1");
        assertThat(sql(ClusterRef.of("ops", "plain")).user()).isEqualTo("root");
        assertThat(sql(ClusterRef.of("ops", "plain")).password().isNone()).isTrue();
        assertThat(sql(ClusterRef.of("ops", "sr")).user()).isEqualTo("root");
    }

    @Test
    void aMissingSecretOrAForbiddenOneIsRefusedNamingItAndTheCallersOwnSqlNeedsNeither() {
        create(ResourceKind.DORIS_CLUSTER, "dcr", Map.of("authSecret", "gone"));
        assertThatThrownBy(() -> sql(ClusterRef.of("ops", "dcr")))
                .isInstanceOf(KubernetesAccessException.class)
                .hasMessageContaining("spec.authSecret names the Secret gone, which is not in namespace ops");

        api.server
                .expect()
                .get()
                .withPath("/api/v1/namespaces/ops/secrets/gone")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .build())
                .always();
        assertThatThrownBy(() -> sql(ClusterRef.of("ops", "dcr")))
                .isInstanceOf(KubernetesAccessException.class)
                .hasMessageContaining("verb=get resource=secrets");

        try (KubernetesCluster cluster = KubernetesCluster.builder(api.client, ClusterRef.of("ops", "dcr"))
                .sql(Topology.Sql.defaults())
                .build()) {
            assertThat(cluster.topology().sql().user()).isEqualTo("root");
        }
    }
}
