package io.dorisops.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.dorisops.ConfigDrift;
import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.spi.ConfigItem;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The config drift of 100 nodes against reading one node's config, on fakes that answer after a
 * network's delay (the conf files 20 ms, an SSH round trip; the running config 30 ms, a new MySQL
 * connection and its query or an HTTP request; every node runs 1,000 keys, as a real FE does). The drift reads the nodes concurrently, so the target is at most 2x one node's read. Prints
 * both and the ratio; asserts what was found, never timing. Run: {@code ./mvnw -B -o -q -pl core -am
 * verify -Pbench -Dtest=ConfigDriftBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class ConfigDriftBench {
    private static final int KEYS = 1_000;
    private static final long FILE_MILLIS = 20;
    private static final long RUNNING_MILLIS = 30;

    @Test
    void hundredNodesAgainstOne() throws Exception {
        StringBuilder yaml =
                new StringBuilder("name: bench\nflavor: doris\ndefaults: {installDir: /opt}\nfollowers:\n");
        for (int i = 1; i <= 3; i++) {
            yaml.append("  - {id: fe-")
                    .append(i)
                    .append(", host: 10.0.0.")
                    .append(i)
                    .append("}\n");
        }
        yaml.append("backends:\n");
        for (int i = 1; i <= 97; i++) {
            yaml.append("  - {id: be-")
                    .append(i)
                    .append(", host: 10.0.1.")
                    .append(i)
                    .append("}\n");
        }
        ConfigDriftTest.Fakes fakes = new ConfigDriftTest.Fakes(Topology.parse(yaml.toString(), "bench.yaml"));
        fakes.running.values().forEach(items -> {
            for (int k = 0; k < KEYS; k++) {
                items.put("key_" + k, new ConfigItem("key_" + k, "value_" + k, "int", true, Optional.empty()));
            }
        });
        fakes.file("be-7", "conf/be.conf").put("key_7", "changed");
        Node one = fakes.topology.nodes().get(3);

        for (int warm = 0; warm < 20; warm++) {
            readOne(fakes, one);
            drift(fakes);
        }
        long oneStart = System.nanoTime();
        readOne(fakes, one);
        long oneNanos = System.nanoTime() - oneStart;
        long driftStart = System.nanoTime();
        ConfigDrift drift = drift(fakes);
        long driftNanos = System.nanoTime() - driftStart;

        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long compareCpu = os.getProcessCpuTime();
        long compareStart = System.nanoTime();
        ConfigDriftReader.read(
                fakes.topology,
                node -> new ConfigDriftTest.FileTransport(node, fakes.files.getOrDefault(node.id(), Map.of())),
                node -> List.copyOf(fakes.running.get(node.id()).values()),
                Optional.of("fe-1"));
        long compareNanos = System.nanoTime() - compareStart;
        compareCpu = os.getProcessCpuTime() - compareCpu;

        System.out.printf(
                "config drift: one node read %.1f ms, 100 nodes diffed %.1f ms, ratio %.2f; the same without"
                        + " latency (reading in memory and comparing) %.1f ms, using %.1f ms of CPU (the whole"
                        + " JVM)%n",
                oneNanos / 1e6, driftNanos / 1e6, (double) driftNanos / oneNanos, compareNanos / 1e6, compareCpu / 1e6);
        assertThat(drift.differences()).extracting(ConfigDrift.Difference::node).containsExactly("be-7");
    }

    /** One node's sources as the drift reads them, one after the other: its conf file, then what it runs. */
    private static List<ConfigItem> readOne(ConfigDriftTest.Fakes fakes, Node node) throws InterruptedException {
        Thread.sleep(FILE_MILLIS);
        ConfText.parse(String.valueOf(fakes.files.get(node.id())));
        Thread.sleep(RUNNING_MILLIS);
        return new ArrayList<>(fakes.running.get(node.id()).values());
    }

    private static ConfigDrift drift(ConfigDriftTest.Fakes fakes) {
        return ConfigDriftReader.read(
                fakes.topology,
                node -> {
                    sleep(FILE_MILLIS);
                    return new ConfigDriftTest.FileTransport(node, fakes.files.getOrDefault(node.id(), Map.of()));
                },
                node -> {
                    sleep(RUNNING_MILLIS);
                    return List.copyOf(fakes.running.get(node.id()).values());
                },
                Optional.of("fe-1"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
