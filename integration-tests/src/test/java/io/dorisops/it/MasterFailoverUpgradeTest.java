package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.NODE_FINISHED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.ProgressListener;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterFailoverUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void aMasterKilledDuringTheFrontendPhaseIsUpgradedFirstAndTheNewMasterLast() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(2))) {
            Map<String, String> before = rig.balance();
            AtomicReference<String> killed = new AtomicReference<>();
            RecordingListener events = new RecordingListener();
            ProgressListener killMaster = ProgressListener.of(e -> {
                events.events.add(e);
                if (e.type() == NODE_FINISHED && e.nodeId().equals("be-2")) {
                    String id = rig.masterId();
                    rig.sandbox.faults().kill(id);
                    killed.set(id);
                }
            });
            Rig.Upgrades engine =
                    rig.engine(rig.options(events).listener(killMaster).build());

            engine.execute(engine.plan(rig.pkg("2.1.8")));

            assertThat(killed.get()).isEqualTo("fe-1");
            List<String> starts = events.nodes(STEP_STARTED, "start");
            assertThat(starts)
                    .startsWith("be-1", "be-2", "fe-1")
                    .containsExactlyInAnyOrder("be-1", "be-2", "fe-1", "fe-2", "fe-3");
            String newMaster = starts.get(starts.size() - 1);
            assertThat(events.nodes(NODE_FINISHED, "")).endsWith(newMaster);
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.8"));
            assertThat(rig.balance()).isEqualTo(before);
        }
    }
}
