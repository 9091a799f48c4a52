package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each bad input is refused before anything changes, naming the resource and the permission or field. */
class BadInputTest {

    @RegisterExtension
    final MockApi api = new MockApi();

    private void create(ResourceKind kind, String name) {
        api.createResource(
                kind,
                "ops",
                name,
                Map.of(kind.specField("fe").orElseThrow(), Map.of("image", "x/fe:2.1.7", "replicas", 3)));
    }

    @Test
    void anUnknownResourceIsRefusedListingWhatTheNamespaceHas() {
        create(ResourceKind.DORIS_CLUSTER, "other");
        assertThatThrownBy(() -> KubernetesCluster.connect(api.client, ClusterRef.of("ops", "missing")))
                .isInstanceOf(KubernetesAccessException.class)
                .hasMessageContaining("no DorisCluster or StarRocksCluster named \"missing\" in namespace ops")
                .hasMessageContaining("DorisCluster other");
    }

    @Test
    void aResourceOfTheOtherKindIsRefusedNamingIt() {
        create(ResourceKind.STARROCKS_CLUSTER, "sr");
        assertThatThrownBy(() ->
                        KubernetesCluster.connect(api.client, ClusterRef.of("ops", "sr", ResourceKind.DORIS_CLUSTER)))
                .isInstanceOf(KubernetesAccessException.class)
                .hasMessageContaining("ops/sr is a StarRocksCluster (starrocks.com/v1), not a DorisCluster")
                .hasMessageContaining("--kind src");
    }

    @Test
    void aMissingPermissionNamesTheVerbResourceAndGroup() {
        api.server
                .expect()
                .get()
                .withPath("/apis/doris.selectdb.com/v1/namespaces/ops/dorisclusters/locked")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("dorisclusters.doris.selectdb.com \"locked\" is forbidden")
                                .build())
                .always();
        assertThatThrownBy(() -> KubernetesCluster.connect(
                        api.client, ClusterRef.of("ops", "locked", ResourceKind.DORIS_CLUSTER)))
                .isInstanceOf(KubernetesAccessException.class)
                .hasMessageContaining("403 Forbidden")
                .hasMessageContaining("verb=get resource=dorisclusters apiGroup=\"doris.selectdb.com\"")
                .hasMessageContaining("ops/locked");
    }

    @Test
    void aCrdThatDoesNotServeV1IsRefusedNamingTheField() {
        api.server
                .expect()
                .get()
                .withPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/dorisclusters.doris.selectdb.com")
                .andReturn(
                        200,
                        new CustomResourceDefinitionBuilder()
                                .withNewMetadata()
                                .withName("dorisclusters.doris.selectdb.com")
                                .endMetadata()
                                .withNewSpec()
                                .withGroup("doris.selectdb.com")
                                .addNewVersion()
                                .withName("v2")
                                .withServed(true)
                                .withStorage(true)
                                .endVersion()
                                .endSpec()
                                .build())
                .always();
        assertThatThrownBy(() -> KubernetesCluster.connect(
                        api.client, ClusterRef.of("ops", "future", ResourceKind.DORIS_CLUSTER)))
                .isInstanceOf(KubernetesAccessException.class)
                .hasMessageContaining("dorisclusters.doris.selectdb.com serves versions [v2] (spec.versions), not v1");
    }

    @Test
    void anInvalidNameIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> ClusterRef.of("ops", "Bad_Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name \"Bad_Name\"");
    }
}
