package io.dorisops.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Wait;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SafeDecommissionTest {

    @RegisterExtension
    final SandboxExtension sandbox =
            SandboxExtension.perTest(Sandbox.builder().followers(1).backends(3).replicationNum(2));

    @Test
    void decommissionWaitsUntilTheMasterDropsTheBackend() {
        Node be3 = sandbox.sandbox().node("be-3");
        try (ClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology())) {
            new SafeDecommission(admin, 2, Duration.ofSeconds(30)).decommission(be3);

            assertThat(admin.backends()).noneMatch(be -> be.matches(be3)).hasSize(2);
        }
    }

    @Test
    void decommissionIsRefusedWhenADeadBackendLeavesTooFewForEveryReplica() {
        Node be1 = sandbox.sandbox().node("be-1");
        Node be3 = sandbox.sandbox().node("be-3");
        try (ClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology())) {
            sandbox.faults().kill("be-3");
            Wait.until(be3.label(), "reported dead by the master", admin::backends)
                    .succeedsWhen(rows -> rows.stream().anyMatch(be -> be.matches(be3) && !be.alive()))
                    .timeout(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .build()
                    .await();

            assertThatThrownBy(() -> new SafeDecommission(admin, 2, Duration.ofSeconds(30)).decommission(be1))
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageContaining("be-1")
                    .hasMessageContaining("only 1 other live backend(s) would remain for 2 replicas");
            assertThat(admin.backends())
                    .filteredOn(be -> be.matches(be1))
                    .singleElement()
                    .satisfies(be -> assertThat(be.decommissioning()).isFalse());
        }
    }
}
