package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-flight phase as the runner evaluates the gate table ({@link Gates#preflight}): each gate of the
 * procedure's row in table order, every failure collected, the new-node gates ({@code empty-home}, {@code
 * ports-free}) node by node.
 */
class PreflightPhaseTest {

    @TempDir
    Path dir;

    private FakeCluster cluster;
    private ScaleFake admin;
    private FakeInstaller installer;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster("2.1.7");
        admin = new ScaleFake(cluster);
        installer = new FakeInstaller(cluster);
    }

    private Procedures procedures() {
        return new Procedures(new Engine(
                cluster.topology,
                installer.control(),
                cluster,
                Optional.of(admin),
                RunSettings.builder().stateDir(dir.resolve("state")).build()));
    }

    private Node node(String id) {
        return cluster.topology.node(id).orElseThrow();
    }

    @Test
    void theNewNodeGatesRunNodeByNodeEachInTableOrder() {
        for (String id : List.of("be-2", "be-3")) {
            cluster.get(id).running = false;
            admin.removed.add(id);
        }
        installer.openPorts.put("be-2", List.of(node("be-2").ports().heartbeatPort()));
        installer.dataFiles.put("be-2", List.of("/opt/be/storage/data/0/1.dat"));
        installer.dataFiles.put("be-3", List.of("/opt/be/storage/data/0/2.dat"));
        installer.openPorts.put("be-3", List.of(node("be-3").ports().heartbeatPort()));
        Procedures procedures = procedures();

        assertThatThrownBy(() -> procedures.execute(procedures.planScaleOut(
                        List.of(node("be-2"), node("be-3")), Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.failures())
                        .extracting(failure -> failure.substring(0, failure.indexOf(')') + 1))
                        .containsExactly(
                                "empty-home: be-2 (10.0.1.2)",
                                "ports-free: be-2 (10.0.1.2)",
                                "empty-home: be-3 (10.0.1.3)",
                                "ports-free: be-3 (10.0.1.3)"));
        assertThat(cluster.log).isEmpty();
    }
}
