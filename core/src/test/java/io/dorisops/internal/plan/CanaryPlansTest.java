package io.dorisops.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Canary;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.engine.FakeCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canary as data: which BE, where it goes, what it does, how it is journaled. */
class CanaryPlansTest {

    private final FakeCluster cluster = new FakeCluster("2.1.7");

    private Operation upgrade(String from, String to) {
        List<UpgradePlanner.Planned> planned = List.of(
                planned("be-1", from, Operation.Reason.BACKEND_BEFORE_FRONTENDS),
                planned("be-2", from, Operation.Reason.BACKEND_BEFORE_FRONTENDS),
                planned("be-3", from, Operation.Reason.BACKEND_BEFORE_FRONTENDS),
                planned("fe-2", from, Operation.Reason.FOLLOWER_BEFORE_MASTER),
                planned("fe-1", from, Operation.Reason.MASTER_LAST));
        return UpgradePlanner.operation(
                cluster.topology,
                Version.parse(to),
                "/p.tar.gz",
                planned,
                List.of(),
                List.of(),
                Instant.now(),
                "20261201_093000");
    }

    private UpgradePlanner.Planned planned(String id, String from, Operation.Reason reason) {
        return new UpgradePlanner.Planned(cluster.topology.node(id).orElseThrow(), Version.parse(from), reason);
    }

    @Test
    void aMinorUpgradeWatchesTheBackendWithTheFewestTabletsFirst() {
        Operation canaried = CanaryPlans.apply(
                upgrade("2.1.7", "3.0.3"), Canary.auto(), Map.of("be-1", 30L, "be-2", 30L, "be-3", 12L));

        assertThat(canaried.order().subList(5, 10)).containsExactly("be-3", "be-1", "be-2", "fe-2", "fe-1");
        Operation.Step canary = canaried.steps().get(5);
        assertThat(canary.reason()).isEqualTo(Operation.Reason.CANARY_FIRST);
        assertThat(canary.actions().stream().map(Action::key))
                .containsExactly(
                        "disable-backend",
                        "await-idle",
                        "stop",
                        "backup",
                        "deploy",
                        "start",
                        "await-ready",
                        "enable-backend",
                        "await-soak"); // drained, then soaked back in service
        assertThat(canary.undo().stream().map(Action::key)).containsExactly("stop", "restore", "start", "await-ready");
        assertThat(canaried.warnings()).anySatisfy(w -> assertThat(w).startsWith("canary: be-3 (fewest tablets: 12)"));
        assertThat(canaried.describe()).contains("watch it for 5m at 3.0.3");
    }

    @Test
    void aPatchUpgradeHasNoCanaryUnlessAskedAndANamedOneMustBeABackendOfThePlan() {
        Operation patch = upgrade("2.1.7", "2.1.8");
        assertThat(CanaryPlans.apply(patch, Canary.auto(), Map.of())).isSameAs(patch);

        Operation named = CanaryPlans.apply(patch, Canary.auto().node("be-2").soak(Duration.ofSeconds(30)), Map.of());
        assertThat(named.order().subList(5, 8)).containsExactly("be-2", "be-1", "be-3");

        assertThatThrownBy(() -> CanaryPlans.apply(
                        patch, Canary.on(Duration.ofMinutes(1)).node("fe-2"), Map.of()))
                .isInstanceOf(DorisOpsException.class)
                .hasMessage("the canary fe-2 is not a BE this upgrade changes; choose one of [be-1, be-2, be-3]");
    }

    @Test
    void theSoakRoundTripsThroughTheJournalForm() {
        Operation canaried = CanaryPlans.apply(upgrade("2.1.7", "3.0.3"), Canary.on(Duration.ofSeconds(90)), Map.of());

        Operation read = Operation.fromJson(canaried.toJson());

        assertThat(read.steps().get(5).actions())
                .contains(new Action.AwaitSoak(Version.parse("3.0.3"), Duration.ofSeconds(90)));
        assertThat(read).isEqualTo(canaried);
    }

    @Test
    void theRecoverySwitchTakesTheFormOfTheVersion() {
        assertThat(Flavor.DORIS.recoverySwitch(Version.parse("2.0.1")).describe())
                .isEqualTo("fe.conf metadata_failure_recovery = true");
        assertThat(Flavor.DORIS.recoverySwitch(Version.parse("2.0.2")).describe())
                .isEqualTo("start_fe.sh --metadata_failure_recovery");
        assertThat(Flavor.STARROCKS.recoverySwitch(Version.parse("3.1.9")).describe())
                .isEqualTo("fe.conf metadata_failure_recovery = true");
        assertThat(Flavor.STARROCKS.recoverySwitch(Version.parse("3.1.10")).describe())
                .isEqualTo("fe.conf bdbje_reset_election_group = true");
        assertThat(Flavor.STARROCKS.recoverySwitch(Version.parse("3.2.4")).describe())
                .isEqualTo("fe.conf metadata_failure_recovery = true");
        assertThat(Flavor.STARROCKS.recoverySwitch(Version.parse("3.2.5")).describe())
                .isEqualTo("fe.conf bdbje_reset_election_group = true");
        assertThat(Flavor.STARROCKS.recoverySwitch(Version.parse("3.3.0")).describe())
                .isEqualTo("fe.conf bdbje_reset_election_group = true");
    }
}
