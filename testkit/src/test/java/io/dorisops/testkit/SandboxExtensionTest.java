package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SandboxExtensionTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX =
            SandboxExtension.perClass(Sandbox.builder().followers(1).backends(1));

    @Test
    void exposesTheRunningSandboxTopology() {
        assertThat(SANDBOX.topology().nodes(Role.FE_FOLLOWER)).hasSize(1);
        assertThat(SANDBOX.sandbox().pid("fe-1")).isPresent();
    }

    @Test
    void writtenTopologyLoadsBackAsTheSameNodes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("topology.yaml");

        SANDBOX.sandbox().writeTopology(file);

        io.dorisops.Topology loaded = io.dorisops.Topology.load(file);
        assertThat(loaded.flavor()).isEqualTo(SANDBOX.topology().flavor());
        assertThat(loaded.nodes()).containsExactlyElementsOf(SANDBOX.topology().nodes());
    }

    @Test
    void clearsFaultsAfterEachTest() {
        SANDBOX.faults().http500("be-1");
        assertThat(SANDBOX.sandbox().dir().resolve("faults/be-1")).content().contains("http-500");
    }
}
