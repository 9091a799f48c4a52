package io.dorisops.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dorisops.InvalidTopologyException;
import io.dorisops.Node;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

    @Test
    void deploySettingsAreReadWithDefaultsAndWrittenBackEqual() {
        Topology topology = Topology.parse(
                """
                flavor: doris
                defaults: {installDir: /opt/doris, priorityNetworks: 10.0.0.0/24, config: {fe: {JAVA_OPTS: "-Xmx8g"}}}
                followers:
                  - {id: fe-1, host: 10.0.0.1, metaDir: /data/meta, config: {sys_log_level: WARN}}
                backends:
                  - {id: be-1, host: 10.0.0.11, priorityNetworks: 10.0.1.0/24, storageRootPath: "/d1,medium:SSD;/d2"}
                """,
                "ha.yaml");

        Node fe = topology.node("fe-1").orElseThrow();
        assertThat(fe.config().metaDir()).contains(Path.of("/data/meta"));
        assertThat(fe.config().priorityNetworks()).contains("10.0.0.0/24");
        assertThat(fe.config().extra())
                .containsExactly(
                        java.util.Map.entry("JAVA_OPTS", "-Xmx8g"), java.util.Map.entry("sys_log_level", "WARN"));
        Node be = topology.node("be-1").orElseThrow();
        assertThat(be.config().priorityNetworks()).contains("10.0.1.0/24");
        assertThat(be.config().storagePaths(be.home())).containsExactly(Path.of("/d1"), Path.of("/d2"));
        assertThat(be.config().metaDir()).isEqualTo(Optional.empty());
        assertThat(Topology.parse(topology.toYaml(), "again.yaml").nodes()).isEqualTo(topology.nodes());
    }

    @Test
    void eachBadDeploySettingIsRefusedNamingTheNodeAndField() {
        assertThatThrownBy(() -> Topology.parse(
                        """
                        flavor: doris
                        defaults: {installDir: /opt, priorityNetworks: 10.0.0/24, config: {fee: {a: b}}}
                        followers:
                          - {id: fe-1, host: 10.0.0.1, metaDir: data/meta, storageRootPath: /x}
                        backends:
                          - {id: be-1, host: 10.0.0.11, metaDir: /m, storageRootPath: "/d1,medium SSD"}
                          - {id: be-2, host: 10.0.0.12, config: {be_port: 1, "bad key": 2, mem: {a: 1}}}
                          - {id: be-3, host: 10.0.0.13, priorityNetworks: 10.0.0.0/33, storageRootPath: ../d}
                        """,
                        "bad.yaml"))
                .isInstanceOfSatisfying(InvalidTopologyException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.node(), p -> p.field())
                        .containsExactlyInAnyOrder(
                                tuple("", "defaults.priorityNetworks"),
                                tuple("", "defaults.config.fee"),
                                tuple("fe-1", "metaDir"),
                                tuple("fe-1", "storageRootPath"),
                                tuple("be-1", "metaDir"),
                                tuple("be-1", "storageRootPath"),
                                tuple("be-2", "config.be_port"),
                                tuple("be-2", "config.bad key"),
                                tuple("be-2", "config.mem"),
                                tuple("be-3", "priorityNetworks"),
                                tuple("be-3", "storageRootPath")));
        assertThatThrownBy(() -> Topology.parse(
                        "flavor: doris\nfollowers: [{id: fe-1, host: h, home: /h, config: {http_port: 1}}]\n",
                        "x.yaml"))
                .hasMessageContaining("http_port is written from the topology; set ports.httpPort instead");
    }
}
