package io.dorisops.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.host.ConfFiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeployPlansTest {

    private static final Version V = Version.parse("2.1.7");

    private static Topology topology(String flavor, String feHost) {
        return Topology.parse(
                """
                name: ha
                flavor: %s
                defaults: {installDir: /opt/doris, priorityNetworks: 10.0.0.0/24, config: {be: {mem_limit: 80%%}}}
                followers:
                  - {id: fe-1, host: %s}
                  - {id: fe-2, host: 10.0.0.2, metaDir: /data/meta}
                  - {id: fe-3, host: 10.0.0.3}
                observers:
                  - {id: obs-1, host: 10.0.0.4}
                backends:
                  - {id: be-1, host: 10.0.0.11, storageRootPath: "/data1/doris,medium:SSD;/data2/doris"}
                  - {id: be-2, host: be-2.example.com, config: {mem_limit: 60%%}}
                computeNodes:
                  - {id: cn-1, host: 10.0.0.21}
                """
                        .formatted(flavor, feHost),
                "ha.yaml");
    }

    @Test
    void deployInstallsEveryNodeThenStartsTheFirstFollowerThenJoinsTheOthersThroughIt() {
        Operation deploy = DeployPlans.deploy(topology("doris", "10.0.0.1"), "/tmp/p.tar.gz", V);

        assertThat(deploy.kind()).isEqualTo(Kind.DEPLOY);
        assertThat(deploy.target()).contains(V);
        assertThat(deploy.order())
                .containsExactly(
                        "fe-1", "fe-2", "fe-3", "obs-1", "be-1", "be-2", "cn-1", // install and configure
                        "fe-1", "fe-2", "fe-3", "obs-1", "be-1", "be-2", "cn-1");
        assertThat(deploy.steps().subList(0, 7)).allSatisfy(step -> assertThat(step.actions())
                .containsExactly(new Action.Install("/tmp/p.tar.gz", V), new Action.WriteConf()));
        Step first = deploy.steps().get(7);
        assertThat(first.reason()).isEqualTo(Reason.FIRST_FOLLOWER_FORMS_CLUSTER);
        assertThat(first.actions()).containsExactly(new Action.Start(), Action.AwaitReady.at(V));
        Step second = deploy.steps().get(8);
        assertThat(second.reason()).isEqualTo(Reason.FOLLOWER_JOINS_THROUGH_HELPER);
        assertThat(second.actions())
                .containsExactly(
                        new Action.AddMember(),
                        new Action.Start(List.of("--helper", "10.0.0.1:9010")),
                        Action.AwaitReady.at(V));
        assertThat(deploy.steps().get(10).reason()).isEqualTo(Reason.OBSERVER_JOINS_THROUGH_HELPER);
        assertThat(deploy.steps().get(11).actions())
                .containsExactly(new Action.AddMember(), new Action.Start(), Action.AwaitReady.at(V));
        assertThat(deploy.describe()).contains("start with --daemon --helper 10.0.0.1:9010");
    }

    @Test
    void aDeployRoundTripsThroughJson() {
        Operation deploy = DeployPlans.deploy(topology("starrocks", "fe-1.example.com"), "/tmp/p.tar.gz", V);

        assertThat(Operation.fromJson(deploy.toJson())).isEqualTo(deploy);
        assertThat(deploy.steps().get(7).actions().get(0)).isEqualTo(new Action.Start(List.of("--host_type", "FQDN")));
    }

    @Test
    void scaleOutWithoutAPackageOnlyAddsAndStartsFrontendsBeforeBackends() {
        Topology topology = topology("doris", "10.0.0.1");
        List<Node> nodes = List.of(node(topology, "be-2"), node(topology, "obs-1"));

        Operation scale = DeployPlans.scaleOut(topology, nodes, Optional.empty(), V, "10.0.0.2:9010");

        assertThat(scale.kind()).isEqualTo(Kind.SCALE_OUT);
        assertThat(scale.kind().key()).isEqualTo("scale-out");
        assertThat(scale.order()).containsExactly("obs-1", "be-2");
        assertThat(scale.steps().get(0).actions().get(1))
                .isEqualTo(new Action.Start(List.of("--helper", "10.0.0.2:9010")));
        assertThatThrownBy(() -> DeployPlans.scaleOut(topology, List.of(), Optional.empty(), V, "h:1"))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("names no node");
    }

    @Test
    void confKeysFollowEachFlavorsNames() {
        Topology doris = topology("doris", "10.0.0.1");
        assertThat(ConfFiles.keys(Flavor.DORIS, node(doris, "fe-2"), false))
                .containsExactly(
                        Map.entry("http_port", "8030"),
                        Map.entry("rpc_port", "9020"),
                        Map.entry("query_port", "9030"),
                        Map.entry("edit_log_port", "9010"),
                        Map.entry("meta_dir", "/data/meta"),
                        Map.entry("priority_networks", "10.0.0.0/24"));
        assertThat(ConfFiles.keys(Flavor.DORIS, node(doris, "be-1"), false))
                .containsExactly(
                        Map.entry("be_port", "9060"),
                        Map.entry("webserver_port", "8040"),
                        Map.entry("heartbeat_service_port", "9050"),
                        Map.entry("brpc_port", "8060"),
                        Map.entry("storage_root_path", "/data1/doris,medium:SSD;/data2/doris"),
                        Map.entry("priority_networks", "10.0.0.0/24"),
                        Map.entry("mem_limit", "80%"));
        assertThat(ConfFiles.keys(Flavor.DORIS, node(doris, "be-2"), false)).containsEntry("mem_limit", "60%");
        assertThat(ConfFiles.keys(Flavor.DORIS, node(doris, "cn-1"), false))
                .containsEntry("be_node_role", "computation")
                .containsEntry("storage_root_path", "/opt/doris/cn-1/storage");
        assertThat(ConfFiles.keys(Flavor.STARROCKS, node(doris, "be-1"), false))
                .containsKey("be_http_port")
                .doesNotContainKey("webserver_port");
        assertThat(ConfFiles.keys(Flavor.DORIS, node(doris, "fe-1"), true)).containsEntry("enable_fqdn_mode", "true");
        assertThat(ConfFiles.dataDirs(Flavor.STARROCKS, node(doris, "fe-1")))
                .containsExactly(java.nio.file.Path.of("/opt/doris/fe-1/meta"));
        assertThat(ConfFiles.dataDirs(Flavor.DORIS, node(doris, "be-1")))
                .containsExactly(java.nio.file.Path.of("/data1/doris"), java.nio.file.Path.of("/data2/doris"));
    }

    @Test
    void mergeReplacesTheShippedSettingsWhereTheyStandAndAppendsTheRest() {
        String shipped =
                """
                # the shipped be.conf
                JAVA_OPTS="-Xmx1g"
                be_port = 9060
                # storage_root_path = ${DORIS_HOME}/storage
                # this is prose = not a setting to replace
                be_port = 9061
                """;

        String merged = ConfFiles.merge(
                shipped, Map.of("be_port", "19060", "storage_root_path", "/data", "mem_limit", "80%"), "be-1");

        assertThat(merged)
                .isEqualTo(
                        """
                        # the shipped be.conf
                        JAVA_OPTS="-Xmx1g"
                        be_port = 19060
                        storage_root_path = /data
                        # this is prose = not a setting to replace
                        # be_port = 9061  # replaced by dorisops

                        # written by dorisops deploy for be-1
                        mem_limit = 80%
                        """);
        assertThat(ConfFiles.merge(
                        merged, Map.of("be_port", "19060", "storage_root_path", "/data", "mem_limit", "80%"), "be-1"))
                .as("merging again changes nothing")
                .isEqualTo(merged);
    }

    private static Node node(Topology topology, String id) {
        return topology.node(id).orElseThrow();
    }
}
