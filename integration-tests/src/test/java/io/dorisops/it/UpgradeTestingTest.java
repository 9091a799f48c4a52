package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Canary;
import io.dorisops.Flavor;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.NodeFailedException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The upgrade with its tests first (issue #15), on a sandbox of each flavor: a package whose FE cannot
 * read the meta is refused in pre-flight by {@code fe-metadata-check} before anything changes; with a
 * compatible package the check passes, the canary BE goes first, and when it crashes during its soak
 * it is put back on the old version and the run stops before any other BE.
 */
class UpgradeTestingTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} to {2}")
    @CsvSource({"DORIS, 2.1.7, 3.0.3", "STARROCKS, 3.2.9, 3.3.5"})
    void anIncompatibleFrontendStopsTheUpgradeAndACrashingCanaryIsRolledBack(Flavor flavor, String from, String to) {
        try (Rig rig = new Rig(
                dir, Sandbox.builder().flavor(flavor).version(from).followers(1).backends(3))) {
            RecordingListener events = new RecordingListener();
            RunOptions.Builder options = rig.options(events).readyTimeout(Duration.ofSeconds(40));
            UnaryOperator<Procedure.Upgrade> checked = upgrade -> upgrade.frontendCheck(FrontendCheckOptions.builder()
                    .ports(20000, 32000)
                    .workDir(dir.resolve("fe-check"))
                    .timeout(Duration.ofSeconds(40))
                    .build());
            Map<String, String> versions = rig.versions();
            Path bad = Sandbox.buildIncompatiblePackage(flavor, Version.parse(to), dir.resolve("incompatible"));
            Rig.Upgrades refusing = rig.engine(options.build(), checked);

            assertThatThrownBy(() -> refusing.execute(refusing.plan(bad)))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, refused -> assertThat(refused.failures())
                            .singleElement()
                            .satisfies(f -> assertThat(f)
                                    .startsWith("fe-metadata-check: FAILED")
                                    .contains("The meta version of image is 129, which is higher than FE current"
                                            + " version 128")))
                    .hasMessageContaining("nothing was changed");
            assertThat(rig.versions()).isEqualTo(versions);
            assertThat(events.nodes(ProgressEvent.Type.STEP_STARTED, "stop")).isEmpty();

            long be1 = rig.pid("be-1");
            long be3 = rig.pid("be-3");
            Rig.Upgrades upgrades = rig.engine(
                    options.listener(ProgressListener.of(event -> {
                                events.events.add(event);
                                if (event.type() == ProgressEvent.Type.STEP_FINISHED
                                        && event.action().equals("await-ready")
                                        && event.nodeId().equals("be-2")) {
                                    rig.sandbox.faults().crashAfter("be-2", Duration.ofMillis(500));
                                }
                                if (event.type() == ProgressEvent.Type.STEP_STARTED
                                        && event.action().equals("restore")
                                        && event.nodeId().equals("be-2")) {
                                    rig.sandbox
                                            .faults()
                                            .clear("be-2"); // the crash was the canary's, not the old version's
                                }
                            }))
                            .build(),
                    upgrade -> checked.apply(upgrade)
                            .canary(Canary.auto().node("be-2").soak(Duration.ofSeconds(6))));
            Operation plan = upgrades.plan(rig.pkg(to));

            assertThatThrownBy(() -> upgrades.execute(plan))
                    .isInstanceOfSatisfying(NodeFailedException.class, failed -> {
                        assertThat(failed.nodeId()).isEqualTo("be-2");
                        assertThat(failed.step()).isEqualTo("await-soak");
                    })
                    .hasMessageContaining("the canary failed")
                    .hasMessageContaining("rolled back to " + from);
            assertThat(events.nodes(ProgressEvent.Type.STEP_FINISHED, "stop")).containsExactly("be-2", "be-2");
            assertThat(rig.pid("be-1")).isEqualTo(be1);
            assertThat(rig.pid("be-3")).isEqualTo(be3);
            assertThat(rig.versions()).isEqualTo(versions);
        }
    }
}
