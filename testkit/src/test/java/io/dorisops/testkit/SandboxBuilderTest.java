package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Role;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxBuilderTest {
    @Test
    void rejectsCountsBelowTheMinimumNamingTheField() {
        assertThatThrownBy(() -> Sandbox.builder().followers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("followers must be at least 1, got 0");
        assertThatThrownBy(() -> Sandbox.builder().backends(-1)).hasMessage("backends must be at least 0, got -1");
        assertThatThrownBy(() -> Sandbox.builder().observers(-1)).hasMessageStartingWith("observers");
        assertThatThrownBy(() -> Sandbox.builder().computeNodes(-2)).hasMessageStartingWith("computeNodes");
        assertThatThrownBy(() -> Sandbox.builder().replicationNum(0)).hasMessageStartingWith("replicationNum");
        assertThatThrownBy(() -> Sandbox.builder().tabletCount(-1)).hasMessageStartingWith("tabletCount");
    }

    @Test
    void rejectsNegativeDurationsAndRates() {
        assertThatThrownBy(() -> Sandbox.builder().electionDelay(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("electionDelay must not be negative");
        assertThatThrownBy(() -> Sandbox.builder().startupDelay(Role.BE, Duration.ofMillis(-5)))
                .hasMessageStartingWith("startupDelay must not be negative");
        assertThatThrownBy(() -> Sandbox.builder().heartbeatInterval(Duration.ZERO))
                .hasMessage("heartbeatInterval must be positive");
        assertThatThrownBy(() -> Sandbox.builder().decommissionRate(0))
                .hasMessageStartingWith("decommissionRate must be a positive number");
        assertThatThrownBy(() -> Sandbox.builder().cloneRate(-1))
                .hasMessageStartingWith("cloneRate must be a positive number");
        assertThatThrownBy(() -> Sandbox.builder().cloneRate(Double.POSITIVE_INFINITY))
                .hasMessageStartingWith("cloneRate must be a positive number");
        assertThatThrownBy(() -> Sandbox.builder().queryTime(Duration.ZERO))
                .hasMessage("queryTime must be more than 0 and at most 1 minute, got PT0S");
        assertThatThrownBy(() -> Sandbox.builder().queryTime(Duration.ofMinutes(2)))
                .hasMessage("queryTime must be more than 0 and at most 1 minute, got PT2M");
    }

    @Test
    void rejectsAnUnparseableVersion() {
        assertThatThrownBy(() -> Sandbox.builder().version("latest"))
                .hasMessageContaining("cannot read a version from \"latest\"");
    }

    @Test
    void rejectsSettingsThatDoNotFitTogetherBeforeStartingAnything() {
        assertThatThrownBy(() -> Sandbox.builder()
                        .flavor(Flavor.STARROCKS)
                        .decoupled(true)
                        .start())
                .hasMessageContaining("Doris only");
        assertThatThrownBy(() -> Sandbox.builder().backends(2).replicationNum(3).start())
                .hasMessageContaining("replicationNum 3 needs at least as many backends, but backends is 2");
    }

    @Test
    void rejectsTablesAndTagsThatDoNotFitBeforeStartingAnything() {
        assertThatThrownBy(() -> Sandbox.builder().table("t1", 3))
                .hasMessageStartingWith("table \"t1\" is not db.table");
        assertThatThrownBy(() -> Sandbox.builder().table("db1.t1", "zone1: 2"))
                .hasMessageContaining("\"zone1: 2\" is not tag.location.<tag>: <n>");
        assertThatThrownBy(() -> Sandbox.builder().table("db1.t1", 1).table("db1.t1", 2))
                .hasMessage("table db1.t1 is declared twice");
        assertThatThrownBy(() -> Sandbox.builder().locationTags(0)).hasMessageStartingWith("locationTags");
        assertThatThrownBy(() -> Sandbox.builder().tabletSize(0)).hasMessageStartingWith("tabletSize");
        assertThatThrownBy(
                        () -> Sandbox.builder().backends(3).table("db1.t1", 4).start())
                .hasMessageContaining("table db1.t1 wants 4 replicas on tag default, but 3 BEs are on that tag");
        assertThatThrownBy(() -> Sandbox.builder()
                        .backends(4)
                        .locationTags(2)
                        .table("db1.t1", "tag.location.zone1: 3")
                        .start())
                .hasMessageContaining("wants 3 replicas on tag zone1, but 2 BEs are on that tag");
        assertThatThrownBy(() -> Sandbox.builder()
                        .flavor(Flavor.STARROCKS)
                        .backends(2)
                        .locationTags(2)
                        .start())
                .hasMessageContaining("StarRocks labels.location is not simulated");
    }
}
