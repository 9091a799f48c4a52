package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.run.RunSettings;
import io.dorisops.spi.Component;
import io.dorisops.spi.ComponentControl;
import io.dorisops.spi.NodeControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner performs component-level actions through the component-control capability, in plan order, with its guard. */
class ComponentStepsTest {

    @TempDir
    Path dir;

    private final FakeCluster cluster = new FakeCluster("2.1.7");
    private final List<String> calls = new ArrayList<>();

    private final ComponentControl components = new ComponentControl() {
        @Override
        public String resource() {
            return "DorisCluster fake/fake";
        }

        @Override
        public List<Component> components() {
            return List.of();
        }

        @Override
        public boolean patchImage(String component, String image) {
            calls.add("image " + component + " " + image + " balance-paused="
                    + cluster.config.get("disable_tablet_scheduler"));
            return true;
        }

        @Override
        public boolean patchReplicas(String component, int replicas) {
            calls.add("replicas " + component + " " + replicas);
            return true;
        }

        @Override
        public void awaitRollout(
                String component, Optional<Version> version, Duration timeout, Consumer<String> waiting) {
            if (component.equals("broken")) {
                throw new DorisOpsException("broken-0: CrashLoopBackOff");
            }
            calls.add(
                    "rollout " + component + " " + version.map(Version::number).orElse("any"));
        }

        @Override
        public void drain(String component, List<String> members, Duration timeout, Consumer<String> waiting) {
            calls.add("drain " + component + " " + members);
        }

        @Override
        public void drop(String component, List<String> members) {
            calls.add("drop " + component + " " + members);
        }
    };

    private Runner runner() {
        return new Runner(new Engine(
                cluster.topology,
                NodeControl.builder()
                        .runMarker(cluster)
                        .componentControl(components)
                        .build(),
                cluster,
                Optional.of(cluster),
                RunSettings.builder().stateDir(dir).build()));
    }

    private static Operation upgrade(String... components) {
        List<Step> steps = new ArrayList<>();
        for (String component : components) {
            steps.add(new Step(
                    "",
                    Optional.empty(),
                    "",
                    Optional.of(Version.parse("2.1.7")),
                    component.equals("fe")
                            ? Reason.COMPONENT_FRONTENDS_AFTER_BACKENDS
                            : Reason.COMPONENT_BACKENDS_FIRST,
                    List.of(
                            new Action.PatchImage(component, "apache/doris:" + component + "-2.1.8"),
                            new Action.AwaitRollout(component, Optional.of(Version.parse("2.1.8")))),
                    List.of()));
        }
        return new Operation(
                Kind.UPGRADE,
                "fake",
                io.dorisops.Flavor.DORIS,
                Optional.of(Version.parse("2.1.8")),
                true,
                steps,
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());
    }

    @Test
    void componentStepsRunInPlanOrderWithBalancePausedAndRoundTripThroughJson() {
        Operation operation = upgrade("be", "fe");
        assertThat(Operation.fromJson(operation.toJson())).isEqualTo(operation);
        assertThat(operation.describe()).contains("be ").contains("set the be image to apache/doris:be-2.1.8");

        // The fake's nodes stay at 2.1.7, so the final gate (every node at the target) fails: the steps ran.
        assertThatThrownBy(() -> runner().run(operation, "20250101_000000")).isInstanceOf(DorisOpsException.class);
        assertThat(calls)
                .containsExactly(
                        "image be apache/doris:be-2.1.8 balance-paused=true",
                        "rollout be 2.1.8",
                        "image fe apache/doris:fe-2.1.8 balance-paused=true",
                        "rollout fe 2.1.8");
        assertThat(cluster.config).containsEntry("disable_tablet_scheduler", "false");
    }

    @Test
    void anUpgradeByImageIsRefusedWhileATableHasASingleReplicaUnlessForced() {
        cluster.facts = new io.dorisops.ReplicaFacts(
                1,
                List.of(),
                List.of(new io.dorisops.ReplicaFacts.Partition(
                        1, 2, 3, "db1.single", "p1", 1, java.util.Map.of("default", 1), 1, 0)),
                Instant.EPOCH);

        assertThatThrownBy(() -> runner().run(upgrade("be", "fe"), "20250101_000000"))
                .isInstanceOf(io.dorisops.PreconditionFailedException.class)
                .hasMessageContaining("single-replica: db1.single partition p1 has a single replica");
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailedRolloutStopsTheRunBeforeTheNextComponent() {
        assertThatThrownBy(() -> runner().run(upgrade("broken", "fe"), "20250101_000000"))
                .hasMessageContaining("broken-0: CrashLoopBackOff");
        assertThat(calls).containsExactly("image broken apache/doris:broken-2.1.8 balance-paused=true");
        assertThat(cluster.config).containsEntry("disable_tablet_scheduler", "false");
    }

    @Test
    void scaleActionsRoundTripThroughJson() {
        Operation scaleIn = new Operation(
                Kind.SCALE_IN,
                "fake",
                io.dorisops.Flavor.DORIS,
                Optional.empty(),
                false,
                List.of(
                        Step.cluster(
                                Reason.DRAIN_BEFORE_SCALE_IN, List.of(new Action.DrainMembers("be", List.of("be-3")))),
                        Step.cluster(Reason.REPLICAS_AFTER_DRAIN, List.of(new Action.PatchReplicas("be", 2))),
                        Step.cluster(
                                Reason.DROP_AFTER_PODS_GONE, List.of(new Action.DropMembers("cn", List.of("cn-1"))))),
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());
        assertThat(Operation.fromJson(scaleIn.toJson())).isEqualTo(scaleIn);
        assertThat(scaleIn.kind().key()).isEqualTo("scale-in");
    }
}
