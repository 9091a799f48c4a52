package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Canary;
import io.dorisops.NodeFailedException;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.internal.run.RunSettings;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The canary's soak blames what the canary changed, on an in-memory cluster that takes loads. */
class CanaryBlameTest extends FakeRunFixture {

    @BeforeEach
    void busyTablets() {
        cluster.busy = BusyTablets.onEveryBackend(cluster, 4);
    }

    /** Options with be-1 as the canary, soaking long enough for a few polls; {@code atSoak} runs as it begins. */
    private RunSettings options(Runnable atSoak, Consumer<ProgressEvent> finished) {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void stepStarted(ProgressEvent event) {
                if (event.action().equals("await-soak")) {
                    atSoak.run();
                }
            }

            @Override
            public void nodeFinished(ProgressEvent event) {
                finished.accept(event);
            }
        };
        return RunSettings.builder()
                .stateDir(dir.resolve("state"))
                .canary(Canary.on(Duration.ofMillis(600)).node("be-1"))
                .listener(listener)
                .build();
    }

    @Test
    void aBackendTheRunDidNotChangeDyingDuringTheSoakStopsTheRunNamingItAndTheCanaryStaysUpgraded() {
        RunSettings options =
                options(() -> cluster.busy.inLoads(3, () -> cluster.get("be-3").running = false), event -> {});

        assertThatThrownBy(() -> upgrade(options))
                .isInstanceOf(NodeFailedException.class)
                .satisfies(e -> assertThat(((NodeFailedException) e).nodeId()).isEqualTo("be-3"))
                .hasMessageContaining("be-3 (10.0.1.3): died during the soak of the canary be-1")
                .hasMessageContaining("the canary is not blamed and stays upgraded")
                .hasMessageContaining("bin/start_be.sh --daemon in /opt/be");

        assertThat(cluster.log("restore")).isEmpty();
        assertThat(cluster.get("be-1").running).isTrue();
        assertThat(cluster.get("be-1").runningVersion.number()).isEqualTo("2.1.8");
        assertThat(cluster.log("stop")).containsExactly("be-1");
    }

    @Test
    void aCanaryThatFailsLoadsIsBlamedAndPutBack() {
        RunSettings options =
                options(() -> cluster.busy.inLoads(3, () -> cluster.busy.failingWrites.add("be-1")), event -> {});

        assertThatThrownBy(() -> upgrade(options))
                .isInstanceOf(NodeFailedException.class)
                .satisfies(e -> assertThat(((NodeFailedException) e).nodeId()).isEqualTo("be-1"))
                .hasMessageContaining("the canary failed")
                .hasMessageContaining("4 of its replicas lack versions (0 at the start of the soak)")
                .hasMessageContaining("rolled back to 2.1.7");

        assertThat(cluster.get("be-1").runningVersion.number()).isEqualTo("2.1.7");
    }

    @Test
    void tabletsMadeUnhealthyElsewhereDoNotBlameTheCanary() {
        RunSettings options =
                options(() -> cluster.busy.inLoads(3, () -> cluster.busy.failingWrites.add("be-2")), event -> {
                    if (event.nodeId().equals("be-1")) {
                        cluster.busy.failingWrites.clear(); // be-2 takes loads again after the soak
                    }
                });

        RunResult result = upgrade(options);

        assertThat(result.nodes()).startsWith("be-1", "be-2", "be-3");
        assertThat(cluster.log("restore")).isEmpty();
        assertThat(cluster.busy.failed).isZero();
    }
}
