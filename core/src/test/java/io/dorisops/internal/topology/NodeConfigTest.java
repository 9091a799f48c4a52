package io.dorisops.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dorisops.InvalidTopologyException;
import io.dorisops.Node;
import io.dorisops.NodeConfig;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.util.Map;
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

    @Test
    void shellSyntaxInEveryEvaluatedKeyIsRefusedAllAtOnceNamingTheNodeAndKey() {
        assertThatThrownBy(() -> Topology.parse(
                        """
                        flavor: starrocks
                        defaults: {installDir: /opt/sr, config: {be: {JAVA_HOME: "/jdk;id"}}}
                        followers:
                          - {id: fe-1, host: 10.0.0.1, config: {JAVA_OPTS: "-Xmx8g $(id)", LOG_DIR: "/log`id`"}}
                          - {id: fe-2, host: 10.0.0.2, metaDir: "/meta dir", config: {qe_slow_log_ms: "5000\\\\"}}
                        backends:
                          - {id: be-1, host: 10.0.0.11, storageRootPath: "/d1$(id)"}
                        """,
                        "bad.yaml"))
                .isInstanceOfSatisfying(InvalidTopologyException.class, e -> {
                    assertThat(e.problems())
                            .extracting(p -> p.node(), p -> p.field())
                            .containsExactlyInAnyOrder(
                                    tuple("", "defaults.config.be.JAVA_HOME"),
                                    tuple("fe-1", "config.JAVA_OPTS"),
                                    tuple("fe-1", "config.LOG_DIR"),
                                    tuple("fe-2", "metaDir"),
                                    tuple("fe-2", "config.qe_slow_log_ms"),
                                    tuple("be-1", "storageRootPath"));
                    assertThat(e.getMessage())
                            .contains("node fe-1: config.JAVA_OPTS: \"-Xmx8g $(id)\" contains command substitution"
                                    + " \"$(\"; the start and stop scripts of Doris and StarRocks run every"
                                    + " upper-case conf line through the shell (eval), so JAVA_OPTS may hold only"
                                    + " plain text and $NAME or ${NAME} references: remove the shell syntax");
                });
    }

    @Test
    void referencesAndGlobsInEvaluatedKeysAndShellCharactersInOtherKeysStayAllowed() {
        Topology topology = Topology.parse(
                """
                flavor: doris
                defaults: {installDir: /opt/doris}
                followers:
                  - id: fe-1
                    host: 10.0.0.1
                    config:
                      JAVA_OPTS_FOR_JDK_17: "-Xmx8g -XX:HeapDumpPath=$LOG_DIR -Xlog:gc*:${LOG_DIR}/fe.gc.log.$CUR_DATE:time"
                      LOG_DIR: ${DORIS_HOME}/log
                      sys_log_verbose_modules: "org.apache.doris;x|y"
                """,
                "ok.yaml");

        assertThat(topology.node("fe-1").orElseThrow().config().extra())
                .containsEntry(
                        "JAVA_OPTS_FOR_JDK_17",
                        "-Xmx8g -XX:HeapDumpPath=$LOG_DIR -Xlog:gc*:${LOG_DIR}/fe.gc.log.$CUR_DATE:time")
                .containsEntry("LOG_DIR", "${DORIS_HOME}/log");
    }

    @Test
    void aNodeConfigBuiltInCodeIsCheckedToo() {
        assertThatThrownBy(() -> new NodeConfig(
                        Optional.empty(), Optional.empty(), Optional.empty(), Map.of("JAVA_OPTS", "-Xmx1g `id`")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("config JAVA_OPTS: \"-Xmx1g `id`\" contains a backquote");
        assertThatThrownBy(() ->
                        new NodeConfig(Optional.empty(), Optional.of(Path.of("/meta;id")), Optional.empty(), Map.of()))
                .hasMessageStartingWith("metaDir \"/meta;id\" contains ';'");
        assertThatThrownBy(() -> new NodeConfig(
                        Optional.empty(), Optional.empty(), Optional.of("/d1;/d 2,medium:SSD"), Map.of()))
                .hasMessageStartingWith("storageRootPath \"/d 2\" contains a space");
        assertThatThrownBy(() -> new NodeConfig(
                        Optional.empty(), Optional.empty(), Optional.empty(), Map.of("mem_limit", "80%\\")))
                .hasMessageContaining("ends with '\\'");
    }
}
