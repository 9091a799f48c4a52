package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.NODE_STARTED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static io.dorisops.ProgressEvent.Type.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.NodeHook;
import io.dorisops.ProgressEvent;
import io.dorisops.SafetyCheck;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksAndChecksTest {

    @TempDir
    Path dir;

    @Test
    void aHookVetoingTheSecondBackendStopsTheRunCleanlyAndResumeCompletesIt() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(1)
                        .backends(2))) {
            Map<String, String> before = rig.balance();
            long be2 = rig.pid("be-2");
            RecordingListener events = new RecordingListener();
            NodeHook veto = new NodeHook() {
                @Override
                public void beforeStop(Node node) {
                    if (node.id().equals("be-2")) {
                        throw new NodeHook.Veto("be-2 is serving the nightly load; try after 06:00");
                    }
                }
            };
            Rig.Upgrades vetoed = rig.engine(rig.options(events).hook(veto).build());
            Path pkg = rig.pkg("2.1.8");

            assertThatThrownBy(() -> vetoed.execute(vetoed.plan(pkg)))
                    .isInstanceOf(NodeHook.Veto.class)
                    .hasMessageContaining("nightly load");

            assertThat(events.nodes(STEP_STARTED, "stop")).containsExactly("be-1");
            assertThat(rig.pid("be-2")).as("be-2 was not touched").isEqualTo(be2);
            assertThat(rig.version("be-2")).isEqualTo("2.1.7");
            assertThat(rig.balance()).isEqualTo(before);
            assertThat(vetoed.history()).singleElement().satisfies(run -> {
                assertThat(run.outcome()).isEqualTo("vetoed");
                assertThat(run.message()).hasValueSatisfying(m -> assertThat(m).contains("nightly load"));
                assertThat(run.done()).containsExactly("be-1");
            });

            RecordingListener resumed = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(resumed).build());
            engine.resume(Optional.empty());

            assertThat(resumed.nodes(NODE_STARTED, "")).containsExactly("be-2", "fe-1");
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.8"));
            assertThat(rig.balance()).isEqualTo(before);
            assertThat(engine.history()).singleElement().satisfies(run -> assertThat(run.outcome())
                    .isEqualTo("succeeded"));
        }
    }

    @Test
    void aFailingSafetyCheckMakesTheRunWaitNamingTheCheckAndItsReasonThenGoOn() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(1)
                        .backends(1))) {
            AtomicInteger polls = new AtomicInteger();
            SafetyCheck window = SafetyCheck.of(
                    "change-window",
                    (admin, node) -> polls.incrementAndGet() <= 3
                            ? Optional.of("the change window opens in a moment (poll " + polls.get() + ")")
                            : Optional.empty());
            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).check(window).build());

            engine.execute(engine.plan(rig.pkg("2.1.8")));

            assertThat(events.events)
                    .filteredOn(e -> e.type() == WAITING && e.message().contains("change-window"))
                    .hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(e -> {
                        assertThat(e.nodeId()).isEqualTo("be-1");
                        assertThat(e.message()).contains("change-window: the change window opens in a moment");
                    });
            ProgressEvent lastWait = events.events.stream()
                    .filter(e -> e.type() == WAITING && e.message().contains("change-window"))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            ProgressEvent stop = events.events.stream()
                    .filter(e -> e.type() == STEP_STARTED && e.action().equals("stop"))
                    .findFirst()
                    .orElseThrow();
            assertThat(events.events.indexOf(stop)).isGreaterThan(events.events.indexOf(lastWait));
            assertThat(polls.get()).isGreaterThan(3);
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.8"));
        }
    }
}
