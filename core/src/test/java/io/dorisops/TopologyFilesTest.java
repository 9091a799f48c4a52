package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyFilesTest {

    private static final String YAML =
            """
            name: ha
            flavor: doris
            defaults: {installDir: /opt/doris}
            followers: [{id: fe-1, host: 10.0.0.1}]
            backends: [{id: be-1, host: 10.0.0.11}, {id: be-2, host: 10.0.0.12}]
            """;

    @Test
    void replaceKeepsTheOldFileAsATimestampedBackupAndWritesTheNewOneWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ha.yaml");
        Files.writeString(file, YAML);
        Topology topology = Topology.load(file);
        Topology smaller = new Topology(
                topology.name(),
                topology.flavor(),
                topology.nodes().stream().filter(n -> !n.id().equals("be-2")).toList(),
                topology.ssh(),
                topology.sql(),
                topology.timeouts(),
                topology.source());

        Path backup = TopologyFiles.replace(file, smaller);
        Path second = TopologyFiles.replace(file, smaller);

        assertThat(backup.getFileName().toString()).matches("ha\\.yaml\\.\\d{8}-\\d{6}(-\\d+)?\\.bak");
        assertThat(second).isNotEqualTo(backup);
        assertThat(Files.readString(backup)).isEqualTo(YAML);
        assertThat(Topology.load(file).nodes()).isEqualTo(smaller.nodes());
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())
                            .filter(n -> n.contains("tmp"))
                            .toList())
                    .isEmpty();
        }
    }

    @Test
    void aMissingFileIsRefusedAndNothingIsWritten(@TempDir Path dir) {
        Topology topology = Topology.parse(YAML, "ha.yaml");
        assertThatThrownBy(() -> TopologyFiles.replace(dir.resolve("none.yaml"), topology))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("is not a topology file to replace");
        assertThat(dir.toFile().list()).isEqualTo(List.of().toArray(new String[0]));
    }
}
