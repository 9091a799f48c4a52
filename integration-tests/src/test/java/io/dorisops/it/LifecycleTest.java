package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.STEP_FINISHED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.ProgressEvent;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleTest {

    @TempDir
    Path dir;

    private static int index(RecordingListener events, Predicate<ProgressEvent> which) {
        for (int i = 0; i < events.events.size(); i++) {
            if (which.test(events.events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + events.events);
    }

    private static Predicate<ProgressEvent> step(ProgressEvent.Type type, String node, String action) {
        return e -> e.type() == type && e.nodeId().equals(node) && e.action().equals(action);
    }

    /**
     * A real FE opens its ports only once a majority of the followers runs and has elected a master, so
     * awaiting a follower before the next one starts would wait forever; the sandbox FE does the same.
     */
    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aFullyStoppedClusterOfThreeFollowersAndThreeBackendsStartsWithEveryFollowerStartedBeforeAnyIsAwaited(
            Flavor flavor) {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(flavor)
                        .version(flavor == Flavor.DORIS ? "2.1.7" : "3.3.5")
                        .followers(3)
                        .backends(3))) {
            rig.sandbox.stop();
            assertThat(rig.sandbox.processes()).isEmpty();

            RecordingListener events = new RecordingListener();
            List<String> started = rig.lifecycle(events).start(rig.sandbox.nodes());

            assertThat(started).containsExactlyInAnyOrder("fe-1", "fe-2", "fe-3", "be-1", "be-2", "be-3");
            int firstAwait =
                    index(events, e -> e.type() == STEP_STARTED && e.action().equals("await-ready"));
            for (String follower : List.of("fe-1", "fe-2", "fe-3")) {
                assertThat(index(events, step(STEP_FINISHED, follower, "start")))
                        .as(follower + " started before any node is awaited")
                        .isLessThan(firstAwait);
            }
            assertThat(rig.admin.frontends()).hasSize(3).allSatisfy(fe -> assertThat(fe.alive())
                    .isTrue());
            assertThat(rig.admin.backends()).hasSize(3).allSatisfy(be -> assertThat(be.alive())
                    .isTrue());
        }
    }

    @Test
    void stopGoesInReverseStartOrderStartPutsTheMasterLastAndRestartIsOneBackendAtATime() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .observers(1)
                        .backends(2))) {
            RecordingListener stopEvents = new RecordingListener();
            List<String> stopped = rig.lifecycle(stopEvents).stop(rig.sandbox.nodes());

            List<String> stopOrder = stopEvents.nodes(STEP_STARTED, "stop");
            assertThat(stopOrder).containsExactly("be-2", "be-1", "obs-1", "fe-1", "fe-3", "fe-2");
            assertThat(stopped).isEqualTo(stopOrder);
            assertThat(rig.sandbox.nodes())
                    .allSatisfy(node ->
                            assertThat(rig.sandbox.pid(node.id())).as(node.id()).isEmpty());

            RecordingListener startEvents = new RecordingListener();
            Rig.Lifecycle lifecycle = rig.lifecycle(startEvents);
            List<String> started = lifecycle.start(rig.sandbox.nodes());

            assertThat(startEvents.nodes(STEP_STARTED, "start"))
                    .containsExactly("fe-2", "fe-3", "fe-1", "obs-1", "be-1", "be-2");
            assertThat(started).containsExactly("fe-2", "fe-3", "fe-1", "obs-1", "be-1", "be-2");
            assertThat(rig.admin.frontends()).hasSize(4).allSatisfy(fe -> assertThat(fe.alive())
                    .isTrue());
            assertThat(rig.versions()).hasSize(6).containsValue("2.1.7");

            RecordingListener againEvents = new RecordingListener();
            assertThat(rig.lifecycle(againEvents).start(rig.sandbox.nodes())).isEmpty();
            assertThat(againEvents.events)
                    .filteredOn(e -> e.type() == STEP_FINISHED && e.message().contains("already running"))
                    .extracting(ProgressEvent::nodeId)
                    .containsExactlyInAnyOrder("fe-1", "fe-2", "fe-3", "obs-1", "be-1", "be-2");

            Map<String, Long> before = Map.of("be-1", rig.pid("be-1"), "be-2", rig.pid("be-2"));
            RecordingListener restartEvents = new RecordingListener();
            assertThat(rig.lifecycle(restartEvents).restart(rig.nodes("be-2", "be-1")))
                    .containsExactly("be-1", "be-2");

            assertThat(index(restartEvents, step(STEP_FINISHED, "be-1", "await-ready")))
                    .isLessThan(index(restartEvents, step(STEP_STARTED, "be-2", "stop")));
            assertThat(restartEvents.nodes(STEP_STARTED, "stop")).containsExactly("be-1", "be-2");
            assertThat(rig.pid("be-1")).isNotEqualTo(before.get("be-1"));
            assertThat(rig.pid("be-2")).isNotEqualTo(before.get("be-2"));
            assertThat(rig.version("be-1")).isEqualTo("2.1.7");
            assertThat(rig.version("be-2")).isEqualTo("2.1.7");
        }
    }
}
