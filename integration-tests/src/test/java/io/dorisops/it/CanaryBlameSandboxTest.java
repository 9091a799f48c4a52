package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Canary;
import io.dorisops.Flavor;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary blames what it changed (issue #22), on a sandbox: a BE the run did not touch that crashes
 * while the canary soaks stops the run naming that BE, and the canary is not rolled back.
 */
class CanaryBlameSandboxTest {

    @TempDir
    Path dir;

    @Test
    void aBackendTheRunDidNotTouchCrashingDuringTheSoakIsNamedAndTheCanaryStaysUpgraded() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(1)
                        .backends(3))) {
            RecordingListener events = new RecordingListener();
            long be1 = rig.pid("be-1");
            Rig.Upgrades upgrades = rig.engine(
                    rig.options(events)
                            .listener(ProgressListener.of(event -> {
                                events.events.add(event);
                                if (event.type() == ProgressEvent.Type.STEP_STARTED
                                        && event.action().equals("await-soak")) {
                                    rig.sandbox.faults().crashAfter("be-3", Duration.ofSeconds(1));
                                }
                            }))
                            .build(),
                    upgrade -> upgrade.canary(Canary.on(Duration.ofSeconds(30)).node("be-2")));
            Operation plan = upgrades.plan(rig.pkg("2.1.8"));

            assertThatThrownBy(() -> upgrades.execute(plan))
                    .isInstanceOfSatisfying(NodeFailedException.class, failed -> {
                        assertThat(failed.nodeId()).isEqualTo("be-3");
                        assertThat(failed.step()).isEqualTo("await-soak");
                    })
                    .hasMessageContaining("died during the soak of the canary be-2")
                    .hasMessageContaining("the canary is not blamed and stays upgraded");

            assertThat(events.nodes(ProgressEvent.Type.STEP_STARTED, "restore")).isEmpty();
            assertThat(events.nodes(ProgressEvent.Type.STEP_FINISHED, "stop")).containsExactly("be-2");
            assertThat(rig.version("be-2")).isEqualTo("2.1.8");
            assertThat(rig.pid("be-1")).isEqualTo(be1);
        }
    }
}
