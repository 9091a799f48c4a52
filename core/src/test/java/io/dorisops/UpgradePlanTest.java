package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.UpgradePlan.Reason;
import io.dorisops.UpgradePlan.Skipped;
import io.dorisops.UpgradePlan.Step;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradePlanTest {

    private final UpgradePlan plan = new UpgradePlan(
            "demo",
            Flavor.DORIS,
            Version.parse("doris-2.1.8"),
            "/tmp/apache-doris-2.1.8-bin-x64.tar.gz",
            List.of(
                    new Step(
                            "be-1",
                            Role.BE,
                            "10.0.0.4",
                            Version.parse("doris-2.1.7-rc01-1a2b3c4"),
                            Reason.BACKEND_BEFORE_FRONTENDS),
                    new Step(
                            "fe-2",
                            Role.FE_FOLLOWER,
                            "10.0.0.2",
                            Version.parse("doris-2.1.7"),
                            Reason.FOLLOWER_BEFORE_MASTER),
                    new Step("fe-1", Role.FE_FOLLOWER, "10.0.0.1", Version.parse("doris-2.1.7"), Reason.MASTER_LAST)),
            List.of(new Skipped("be-2", "already at doris-2.1.8")),
            List.of("a note"),
            Instant.parse("2026-11-23T10:00:00Z"));

    @Test
    void roundTripsThroughJson() {
        UpgradePlan read = UpgradePlan.fromJson(plan.toJson());

        assertThat(read).isEqualTo(plan);
        assertThat(read.order()).containsExactly("be-1", "fe-2", "fe-1");
    }

    @Test
    void describesEachStepWithItsReason() {
        String text = plan.describe();

        assertThat(text)
                .contains("Upgrade demo (doris) to doris-2.1.8")
                .contains("1. be-1")
                .contains("BEs and CNs before FEs")
                .contains("3. fe-1")
                .contains("the master last")
                .contains("skipped be-2: already at doris-2.1.8")
                .contains("note: a note");
    }
}
