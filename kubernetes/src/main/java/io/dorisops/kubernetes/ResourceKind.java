package io.dorisops.kubernetes;

import io.dorisops.Flavor;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The custom resources dorisops operates, with the field names, labels and annotations of their operators,
 * read from the operators' source:
 *
 * <ul>
 *   <li>{@code DorisCluster} ({@code doris.selectdb.com/v1}, apache/doris-operator {@code
 *       api/doris/v1/types.go}, {@code doriscluster_util.go}): {@code spec.feSpec|beSpec|cnSpec|brokerSpec}
 *       with {@code image}, {@code replicas} and, for the FE, {@code electionNumber} (default 3: ordinals
 *       below it are followers); status {@code status.feStatus.componentCondition.phase}; pods labelled
 *       {@code app.doris.ownerreference/name=<name>-<component>} and {@code
 *       app.kubernetes.io/component=<component>}; internal service {@code <name>-<component>-internal}; the
 *       debug run-mode annotation {@code selectdb.com.doris/runmode} (newer operators also read {@code
 *       apache.org.doris/runmode}).
 *   <li>{@code StarRocksCluster} ({@code starrocks.com/v1}, StarRocks/starrocks-kubernetes-operator {@code
 *       pkg/apis/starrocks/v1/starrockscluster_types.go}, {@code labels.go}, {@code pkg/k8sutils/load}):
 *       {@code spec.starRocksFeSpec|starRocksBeSpec|starRocksCnSpec} with {@code image}, {@code replicas};
 *       status {@code status.starRocksFeStatus.phase}; pods labelled {@code
 *       app.starrocks.ownerreference/name=<name>-<component>} and {@code app.kubernetes.io/component}; internal
 *       service {@code <name>-<component>-search}. The StarRocks operator has no run-mode annotation.
 * </ul>
 */
public enum ResourceKind {
    DORIS_CLUSTER(
            Flavor.DORIS,
            "doris.selectdb.com",
            "v1",
            "DorisCluster",
            "dorisclusters",
            "dcr",
            Map.of("fe", "feSpec", "be", "beSpec", "cn", "cnSpec", "broker", "brokerSpec"),
            Map.of("fe", "feStatus", "be", "beStatus", "cn", "cnStatus", "broker", "brokerStatus"),
            "app.doris.ownerreference/name",
            "-internal",
            List.of("selectdb.com.doris/runmode", "apache.org.doris/runmode")),
    STARROCKS_CLUSTER(
            Flavor.STARROCKS,
            "starrocks.com",
            "v1",
            "StarRocksCluster",
            "starrocksclusters",
            "src",
            Map.of("fe", "starRocksFeSpec", "be", "starRocksBeSpec", "cn", "starRocksCnSpec"),
            Map.of("fe", "starRocksFeStatus", "be", "starRocksBeStatus", "cn", "starRocksCnStatus"),
            "app.starrocks.ownerreference/name",
            "-search",
            List.of());

    /** The standard component label both operators put on their pods. */
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    /** The components in the order dorisops upgrades them: BE and CN first, FE after, the broker last. */
    public static final List<String> UPGRADE_ORDER = List.of("be", "cn", "fe", "broker");

    private final Flavor flavor;
    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final String shortName;
    private final Map<String, String> specFields;
    private final Map<String, String> statusFields;
    private final String ownerLabel;
    private final String internalServiceSuffix;
    private final List<String> debugAnnotations;

    ResourceKind(
            Flavor flavor,
            String group,
            String version,
            String kind,
            String plural,
            String shortName,
            Map<String, String> specFields,
            Map<String, String> statusFields,
            String ownerLabel,
            String internalServiceSuffix,
            List<String> debugAnnotations) {
        this.flavor = flavor;
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.shortName = shortName;
        this.specFields = specFields;
        this.statusFields = statusFields;
        this.ownerLabel = ownerLabel;
        this.internalServiceSuffix = internalServiceSuffix;
        this.debugAnnotations = debugAnnotations;
    }

    public Flavor flavor() {
        return flavor;
    }

    /** {@code doris.selectdb.com/v1}. */
    public String apiVersion() {
        return group + "/" + version;
    }

    public String group() {
        return group;
    }

    /** The CRD version dorisops knows. */
    public String version() {
        return version;
    }

    /** {@code DorisCluster}. */
    public String kind() {
        return kind;
    }

    /** {@code dorisclusters}: the resource name RBAC rules use. */
    public String plural() {
        return plural;
    }

    /** The CRD's name, {@code dorisclusters.doris.selectdb.com}. */
    public String crdName() {
        return plural + "." + group;
    }

    /**
     * The resource's definition as a fabric8 client needs it without API discovery, for {@code
     * client.genericKubernetesResources(kind.definition())}.
     */
    public ResourceDefinitionContext definition() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }

    /** The kubectl short name, {@code dcr} or {@code src}. */
    public String shortName() {
        return shortName;
    }

    /** The spec field of a component ({@code beSpec}, {@code starRocksBeSpec}), empty when this kind has none. */
    public Optional<String> specField(String component) {
        return Optional.ofNullable(specFields.get(component));
    }

    /** The status field of a component ({@code beStatus}, {@code starRocksBeStatus}). */
    public Optional<String> statusField(String component) {
        return Optional.ofNullable(statusFields.get(component));
    }

    /** The components this kind declares, in upgrade order. */
    public List<String> components() {
        return UPGRADE_ORDER.stream().filter(specFields::containsKey).toList();
    }

    /** The labels that select a component's pods. */
    public Map<String, String> podSelector(String cluster, String component) {
        return Map.of(ownerLabel, cluster + "-" + component, COMPONENT_LABEL, component);
    }

    /** The StatefulSet (and pod name prefix) of a component: {@code <name>-<component>}. */
    public String statefulSet(String cluster, String component) {
        return cluster + "-" + component;
    }

    /** The headless service that names a component's pods in DNS. */
    public String internalService(String cluster, String component) {
        return cluster + "-" + component + internalServiceSuffix;
    }

    /** The FE service clients use: {@code <name>-fe-service}. */
    public String feService(String cluster) {
        return cluster + "-fe-service";
    }

    /** The pod annotations that put a pod in debug run mode; empty when the operator has none. */
    public List<String> debugAnnotations() {
        return debugAnnotations;
    }

    /** The kind of an apiVersion and kind, if dorisops knows it. */
    public static Optional<ResourceKind> of(String kind) {
        for (ResourceKind each : values()) {
            if (each.kind.equalsIgnoreCase(kind)
                    || each.shortName.equalsIgnoreCase(kind)
                    || each.flavor.key().equalsIgnoreCase(kind)) {
                return Optional.of(each);
            }
        }
        return Optional.empty();
    }
}
