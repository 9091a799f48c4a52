package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.Role;
import io.dorisops.testkit.ReplicaWatch;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica-aware parallel upgrade end to end (issue #16): 9 BEs in 3 location tags, every table one
 * replica per tag, a fixed BE start delay; the upgrade runs 3 BE batches of 3 and no tablet ever has two
 * replicas down at once.
 */
class ParallelUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void nineBackendsInThreeTagsUpgradeInThreeBatchesWithOneReplicaPerTabletDownAtMost() {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(1)
                        .backends(9)
                        .locationTags(3)
                        .startupDelay(Role.BE, Duration.ofMillis(800)))) {
            RecordingListener events = new RecordingListener();
            Rig.Upgrades upgrades = rig.engine(rig.options(events).build(), Procedure.Upgrade::parallelAuto);
            Operation plan = upgrades.plan(rig.pkg("2.1.8"));

            Operation operation = plan; // the plan is the operation that runs, batches included
            assertThat(operation.batches()).hasSize(3);
            assertThat(operation.batches()).allSatisfy(batch -> {
                assertThat(batch.steps()).hasSize(3);
                assertThat(batch.why()).contains("one replica of every tablet per location tag");
            });
            assertThat(operation.describe()).contains("batch 3 (steps");

            try (ReplicaWatch watch = rig.sandbox.watchReplicas()) {
                upgrades.execute(plan);
                assertThat(watch.maxDown()).as(watch.worst()).isEqualTo(1);
            }
            rig.sandbox.nodes().stream()
                    .filter(node -> node.role() == Role.BE)
                    .forEach(be -> assertThat(rig.version(be.id())).isEqualTo("2.1.8"));
        }
    }
}
