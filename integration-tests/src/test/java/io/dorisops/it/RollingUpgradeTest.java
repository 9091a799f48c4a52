package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.NODE_FINISHED;
import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ProgressEvent;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingUpgradeTest {

    private static final List<String> ORDER = List.of("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");

    @TempDir
    Path dir;

    private Rig rig(Flavor flavor, String version) {
        return new Rig(
                dir,
                Sandbox.builder().flavor(flavor).version(version).followers(3).backends(3));
    }

    private static Instant started(Rig rig, String id) {
        return ProcessHandle.of(rig.pid(id)).orElseThrow().info().startInstant().orElseThrow();
    }

    private void upgradesInTheDocumentedOrder(Flavor flavor, String from, String to) {
        try (Rig rig = rig(flavor, from)) {
            Map<String, String> before = rig.balance();
            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).build());

            Operation plan = engine.plan(rig.pkg(to));
            assertThat(Rig.upgradeOrder(plan)).containsExactlyElementsOf(ORDER);
            engine.execute(plan);

            assertThat(events.nodes(STEP_STARTED, "start")).containsExactlyElementsOf(ORDER);
            for (int i = 1; i < ORDER.size(); i++) {
                assertThat(started(rig, ORDER.get(i))).isAfter(started(rig, ORDER.get(i - 1)));
            }
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).isEqualTo(to));
            assertThat(rig.balance()).isEqualTo(before);
        }
    }

    @Test
    void dorisUpgradeRestartsBackendsFirstAndTheMasterLast() {
        upgradesInTheDocumentedOrder(Flavor.DORIS, "2.1.7", "2.1.8");
    }

    @Test
    void starrocksUpgradeRestartsBackendsFirstAndTheLeaderLast() {
        upgradesInTheDocumentedOrder(Flavor.STARROCKS, "3.2.11", "3.3.5");
    }

    @Test
    void aBackendThatFailsToStartIsRolledBackAndBalancingIsRestored() {
        try (Rig rig = rig(Flavor.DORIS, "2.1.7")) {
            Map<String, String> before = rig.balance();
            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).build());
            Operation plan = engine.plan(rig.pkg("2.1.8"));
            rig.sandbox.faults().failNextStart("be-2");

            assertThatThrownBy(() -> engine.execute(plan))
                    .isInstanceOf(NodeFailedException.class)
                    .hasMessageContaining(
                            "be-2 (127.0.0.1): upgrade to 2.1.8 failed at await-ready; rolled back to 2.1.7 and running again")
                    .hasMessageContaining("dorisops resume --topology")
                    .hasMessageContaining("dorisops rollback --topology");

            assertThat(events.nodes(NODE_FINISHED, "")).containsExactly("be-1");
            assertThat(rig.version("be-2")).isEqualTo("2.1.7");
            assertThat(rig.balance()).isEqualTo(before);
            assertThat(events.events).anyMatch(e -> e.type() == ProgressEvent.Type.STEP_FAILED);
        }
    }

    @Test
    void aSkippedMinorVersionIsRefusedWithEveryFailingCheckListed() {
        try (Rig rig = rig(Flavor.DORIS, "2.0.15")) {
            Rig.Upgrades engine =
                    rig.engine(rig.options(new RecordingListener()).build());
            Operation plan = engine.plan(rig.pkg("3.0.3"));
            rig.sandbox.faults().kill("be-3");

            assertThatThrownBy(() -> engine.execute(plan))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, refused -> assertThat(refused.failures())
                            .anySatisfy(f -> assertThat(f).startsWith("upgrade-path: be-1: no-minor-skip: 2.0 to 3.0"))
                            .anySatisfy(f -> assertThat(f).startsWith("upgrade-path: fe-1: no-minor-skip"))
                            .anySatisfy(f -> assertThat(f).startsWith("nodes-alive: be-3 (127.0.0.1)")))
                    .hasMessageContaining("nothing was changed");
            assertThat(rig.version("fe-1")).isEqualTo("2.0.15");
            assertThat(rig.version("be-1")).isEqualTo("2.0.15");
        }
    }
}
