package io.dorisops.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dorisops.ConfigDrift;
import io.dorisops.ConfigDrift.Difference;
import io.dorisops.ConfigDrift.Kind;
import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.TransportException;
import io.dorisops.internal.host.ConfFiles;
import io.dorisops.spi.Command;
import io.dorisops.spi.ConfigItem;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift report's promises, on in-memory conf files and running configs (docs/config.md). */
class ConfigDriftTest {

    /** A Doris cluster of 3 FEs and 2 BEs whose files and running values agree with the topology. */
    private final Fakes fakes = new Fakes(Topology.parse(
            """
            name: drift
            flavor: doris
            defaults: {installDir: /opt}
            followers:
              - {id: fe-1, host: 10.0.0.1}
              - {id: fe-2, host: 10.0.0.2}
              - {id: fe-3, host: 10.0.0.3}
            backends:
              - {id: be-1, host: 10.0.0.11, config: {mem_limit: 80%}}
              - {id: be-2, host: 10.0.0.12, config: {mem_limit: 80%}}
            """,
            "drift.yaml"));

    @Test
    void aCleanClusterReportsNoDrift() {
        ConfigDrift drift = fakes.drift();

        assertThat(drift.differences()).isEmpty();
        assertThat(drift.unread()).isEmpty();
        assertThat(drift.clean()).isTrue();
    }

    @Test
    void aFileEditedOnOneBackendIsReportedWithTheFileValueWinningAtTheNextStart() {
        fakes.file("be-1", "conf/be.conf").put("max_tablet_version_num", "3000");

        assertThat(fakes.drift().differences())
                .containsExactly(new Difference(
                        "be-1",
                        "max_tablet_version_num",
                        Kind.RUNNING_DIFFERS_FROM_FILE,
                        Optional.empty(),
                        Optional.of("3000"),
                        Optional.of("2000"),
                        Optional.of("3000"),
                        "conf/be.conf",
                        ""));
    }

    @Test
    void aLiveSetOnOneFrontendIsReportedAgainstTheOtherFrontendsAndItsDefaultReturnsAtTheNextStart() {
        fakes.run("fe-2", "qe_slow_log_ms", "100");

        assertThat(fakes.drift().differences())
                .containsExactly(new Difference(
                        "fe-2",
                        "qe_slow_log_ms",
                        Kind.DIFFERS_IN_ROLE,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("100"),
                        Optional.empty(),
                        "default",
                        "the others run: fe-1 5000, fe-3 5000"));
    }

    @Test
    void aMasterOnlyKeyThatDiffersFromTheMastersIsReportedOnEveryOtherFrontend() {
        fakes.run("fe-1", "disable_balance", "true");

        assertThat(fakes.drift().differences())
                .extracting(Difference::node, Difference::key, Difference::kind, Difference::note)
                .containsExactly(
                        tuple("fe-2", "disable_balance", Kind.MASTER_ONLY_DIFFERS, "the master fe-1 runs true"),
                        tuple("fe-3", "disable_balance", Kind.MASTER_ONLY_DIFFERS, "the master fe-1 runs true"));
    }

    @Test
    void aDeclaredKeyTheNodeDoesNotKnowIsReportedWithADidYouMeanFromItsOwnKeys() {
        Fakes typo = new Fakes(Topology.parse(
                """
                name: drift
                flavor: doris
                defaults: {installDir: /opt}
                followers:
                  - {id: fe-1, host: 10.0.0.1}
                backends:
                  - {id: be-1, host: 10.0.0.11, config: {max_tablet_version_nmu: 3000}}
                """,
                "typo.yaml"));

        assertThat(typo.drift().differences())
                .extracting(Difference::node, Difference::key, Difference::kind, Difference::note)
                .containsExactly(tuple(
                        "be-1", "max_tablet_version_nmu", Kind.UNKNOWN_KEY, "did you mean max_tablet_version_num?"));
    }

    @Test
    void aDeclaredValueOfAnotherTypeThanTheNodesIsReportedAsOneThatWouldStopItsStart() {
        Fakes typed = new Fakes(Topology.parse(
                """
                name: drift
                flavor: doris
                defaults: {installDir: /opt}
                followers:
                  - {id: fe-1, host: 10.0.0.1, config: {qe_slow_log_ms: fast}}
                backends:
                  - {id: be-1, host: 10.0.0.11, config: {max_tablet_version_num: "2000"}}
                """,
                "typed.yaml"));
        typed.run("fe-1", "qe_slow_log_ms", "5000");
        typed.file("be-1", "conf/be.conf").put("max_tablet_version_num", "lots");

        assertThat(typed.drift().differences())
                .extracting(Difference::node, Difference::key, Difference::kind, Difference::note)
                .containsExactly(
                        tuple(
                                "fe-1",
                                "qe_slow_log_ms",
                                Kind.WRONG_TYPE,
                                "the topology's \"fast\" is not a long, the node's type for it"),
                        tuple(
                                "be-1",
                                "max_tablet_version_num",
                                Kind.WRONG_TYPE,
                                "conf/be.conf's \"lots\" is not a int32_t, the node's type for it"));
    }

    @Test
    void aBackendWhoseFloodStageDiffersFromTheFrontendsIsReported() {
        for (String node : List.of("fe-1", "fe-2", "fe-3", "be-1", "be-2")) {
            fakes.run(node, "storage_flood_stage_usage_percent", "95");
        }
        fakes.run("be-2", "storage_flood_stage_usage_percent", "90");
        fakes.run("be-1", "storage_flood_stage_usage_percent", "90");

        assertThat(fakes.drift().differences())
                .extracting(Difference::node, Difference::key, Difference::kind, Difference::note)
                .containsExactly(
                        tuple(
                                "be-1",
                                "storage_flood_stage_usage_percent",
                                Kind.FRONTEND_BACKEND_DIFFER,
                                "the master fe-1 runs 95; FEs and BEs must agree on it"),
                        tuple(
                                "be-2",
                                "storage_flood_stage_usage_percent",
                                Kind.FRONTEND_BACKEND_DIFFER,
                                "the master fe-1 runs 95; FEs and BEs must agree on it"));
    }

    @Test
    void aDeclaredValueTheFilesDoNotHoldIsReported() {
        fakes.file("be-2", "conf/be.conf").put("mem_limit", "60%");
        fakes.run("be-2", "mem_limit", "60%");

        assertThat(fakes.drift().differences())
                .containsExactly(new Difference(
                        "be-2",
                        "mem_limit",
                        Kind.FILE_DIFFERS_FROM_TOPOLOGY,
                        Optional.of("80%"),
                        Optional.of("60%"),
                        Optional.of("60%"),
                        Optional.of("60%"),
                        "conf/be.conf",
                        ""));
    }

    @Test
    void aValuePersistedToBeCustomConfWinsOverBeConfAtTheNextStart() {
        fakes.file("be-1", "conf/be.conf").put("disable_auto_compaction", "false");
        fakes.file("be-1", "conf/be_custom.conf").put("disable_auto_compaction", "true");
        fakes.run("be-1", "disable_auto_compaction", "true");
        fakes.run("be-2", "disable_auto_compaction", "true");
        assertThat(fakes.drift().differences()).isEmpty();

        fakes.run("be-1", "disable_auto_compaction", "false");
        assertThat(fakes.drift().differences())
                .extracting(Difference::node, Difference::kind, Difference::nextStart, Difference::nextStartFrom)
                .containsExactly(
                        tuple("be-1", Kind.RUNNING_DIFFERS_FROM_FILE, Optional.of("true"), "conf/be_custom.conf"));
    }

    @Test
    void aDefaultTheFilesLeaveOutIsNoDriftWhileTheNodeRunsTheDeclaredValue() {
        fakes.file("fe-1", "conf/fe.conf").remove("meta_dir");

        assertThat(fakes.drift().differences()).isEmpty();
    }

    @Test
    void secretValuesAreNeverShown() {
        fakes.file("be-1", "conf/be.conf").put("s3_secret_key", "abc123");
        fakes.run("be-1", "s3_secret_key", "zyx987");

        ConfigDrift drift = fakes.drift();

        assertThat(drift.differences())
                .extracting(Difference::key, Difference::file, Difference::running, Difference::nextStart)
                .containsExactly(tuple(
                        "s3_secret_key",
                        Optional.of(ConfigDrift.HIDDEN),
                        Optional.of(ConfigDrift.HIDDEN),
                        Optional.of(ConfigDrift.HIDDEN)));
        assertThat(drift.toString()).doesNotContain("abc123").doesNotContain("zyx987");
    }

    @Test
    void aNodeThatCannotBeReadIsListedAndTheOthersAreStillCompared() {
        fakes.unreachable("be-2");
        fakes.file("be-1", "conf/be.conf").put("max_tablet_version_num", "3000");

        ConfigDrift drift = fakes.drift();

        assertThat(drift.unread()).extracting(ConfigDrift.Unread::node).containsExactly("be-2");
        assertThat(drift.unread().get(0).reason()).contains("running config: be-2 does not answer");
        assertThat(drift.differences()).extracting(Difference::node).containsExactly("be-1");
        assertThat(drift.clean()).isFalse();
    }

    /** The conf files and running configs of the topology's nodes, as a deploy and a start leave them. */
    static final class Fakes {
        final Topology topology;
        final Map<String, Map<String, Map<String, String>>> files = new HashMap<>();
        final Map<String, Map<String, ConfigItem>> running = new HashMap<>();
        final List<String> unreachable = new ArrayList<>();

        Fakes(Topology topology) {
            this.topology = topology;
            for (Node node : topology.nodes()) {
                Map<String, String> declared = ConfFiles.keys(topology.flavor(), node, false);
                file(node.id(), topology.flavor().confFile(node.role())).putAll(declared);
                Map<String, ConfigItem> items = new LinkedHashMap<>();
                declared.forEach((key, value) -> {
                    if (!key.startsWith("max_tablet_version_nmu")) {
                        items.put(key, new ConfigItem(key, value, "", false, Optional.empty()));
                    }
                });
                if (node.role().isFrontend()) {
                    items.put(
                            "qe_slow_log_ms",
                            new ConfigItem("qe_slow_log_ms", "5000", "long", true, Optional.of(false)));
                    items.put(
                            "disable_balance",
                            new ConfigItem("disable_balance", "false", "boolean", true, Optional.of(true)));
                } else {
                    items.put(
                            "max_tablet_version_num",
                            new ConfigItem("max_tablet_version_num", "2000", "int32_t", true, Optional.empty()));
                    items.putIfAbsent(
                            "mem_limit", new ConfigItem("mem_limit", "90%", "std::string", false, Optional.empty()));
                }
                running.put(node.id(), items);
            }
        }

        Map<String, String> file(String node, String path) {
            return files.computeIfAbsent(node, n -> new LinkedHashMap<>())
                    .computeIfAbsent(path, p -> new LinkedHashMap<>());
        }

        void run(String node, String key, String value) {
            ConfigItem old = running.get(node).get(key);
            running.get(node)
                    .put(
                            key,
                            old == null
                                    ? new ConfigItem(key, value, "", true, Optional.empty())
                                    : new ConfigItem(key, value, old.type(), old.mutable(), old.masterOnly()));
        }

        void unreachable(String node) {
            unreachable.add(node);
        }

        ConfigDrift drift() {
            return ConfigDriftReader.read(
                    topology,
                    node -> new FileTransport(node, files.getOrDefault(node.id(), Map.of())),
                    node -> {
                        if (unreachable.contains(node.id())) {
                            throw new IllegalStateException(node.id() + " does not answer");
                        }
                        return List.copyOf(running.get(node.id()).values());
                    },
                    Optional.of("fe-1"));
        }
    }

    /** A transport that only reads the node's conf files from memory. */
    record FileTransport(Node node, Map<String, Map<String, String>> files) implements Transport {
        @Override
        public String host() {
            return node.host();
        }

        @Override
        public ExecResult exec(Command command) {
            throw new UnsupportedOperationException("no commands here");
        }

        @Override
        public void upload(Path source, Path target, TransferListener listener) {
            throw new UnsupportedOperationException("no uploads here");
        }

        @Override
        public String read(Path file, int maxBytes) {
            Map<String, String> keys = files.get(node.home().relativize(file).toString());
            if (keys == null) {
                throw new TransportException(node.host(), "no file " + file);
            }
            StringBuilder text = new StringBuilder("# conf\n");
            keys.forEach(
                    (key, value) -> text.append(key).append(" = ").append(value).append('\n'));
            return text.toString();
        }

        @Override
        public boolean exists(Path path) {
            return files.containsKey(node.home().relativize(path).toString());
        }

        @Override
        public void close() {}
    }
}
