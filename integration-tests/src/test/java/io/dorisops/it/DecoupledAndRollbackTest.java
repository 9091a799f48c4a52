package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.NODE_STARTED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent;
import io.dorisops.RunResult;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoupledAndRollbackTest {

    @TempDir
    Path dir;

    @Test
    void decoupledDorisUpgradesMetaServiceThenRecyclerThenBackendsThenFrontends() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("3.0.2")
                        .decoupled(true)
                        .followers(1)
                        .backends(2))) {
            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).build());

            Operation plan = engine.plan(rig.pkg("3.0.3"));
            assertThat(Rig.upgradeOrder(plan)).containsExactly("ms-1", "recycler-1", "be-1", "be-2", "fe-1");
            engine.execute(plan);

            assertThat(events.nodes(STEP_STARTED, "start"))
                    .containsExactly("ms-1", "recycler-1", "be-1", "be-2", "fe-1");
            assertThat(rig.version("ms-1")).isEqualTo("3.0.3");
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("3.0.3"));
        }
    }

    @Test
    void rollbackAfterASuccessfulUpgradeReturnsEveryNodeToTheOldVersionFrontendsFirst() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(1)
                        .backends(2))) {
            Map<String, String> before = rig.balance();
            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).build());
            engine.execute(engine.plan(rig.pkg("2.1.8")));
            assertThat(rig.versions()).containsValues("2.1.8").doesNotContainValue("2.1.7");
            events.events.clear();

            RunResult result = engine.rollback(Optional.empty());

            assertThat(events.nodes(NODE_STARTED, "")).containsExactly("fe-1", "be-2", "be-1");
            assertThat(events.nodes(STEP_STARTED, "restore")).containsExactly("fe-1", "be-2", "be-1");
            assertThat(events.events)
                    .filteredOn(e -> e.type() == ProgressEvent.Type.RUN_FINISHED)
                    .singleElement()
                    .extracting(ProgressEvent::runId)
                    .asString()
                    .startsWith("rollback-");
            assertThat(result.nodes()).containsExactly("fe-1", "be-2", "be-1");
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.7"));
            assertThat(rig.balance()).isEqualTo(before);
            assertThat(engine.history())
                    .extracting(run -> run.kind() + ":" + run.outcome())
                    .containsExactly("rollback:succeeded", "upgrade:rolled-back");
        }
    }
}
