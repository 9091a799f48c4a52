package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Version;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.NodeControl.Capability;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A procedure needs node-control capabilities (its {@link ProcedureSpec#needs} and its actions'); one the
 * cluster's node control lacks is refused when planned or run, naming the procedure and the capability,
 * before anything is claimed, journaled or changed.
 */
class NodeCapabilitiesTest extends FakeRunFixture {

    /** The in-memory cluster's node control with only some of its capabilities. */
    private Procedures with(NodeControl control) {
        return new Procedures(new Engine(
                cluster.topology,
                control,
                cluster,
                Optional.of(cluster),
                options().build()));
    }

    @Test
    void aDeployOnANodeControlWithoutAnInstallerIsRefusedAtPlanTime() {
        // The fake has process control, a binary store and a run marker, but no installer.
        assertThat(cluster.control().capabilities()).doesNotContain(Capability.INSTALLER);

        assertThatThrownBy(() -> procedures().planDeploy(pkg))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("deploy ")
                .hasMessageContaining(
                        "lacks the installer (install, write conf), needed by deploy, install, write-conf")
                .hasMessageContaining("Nothing was changed");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void aRestartOnANodeControlWithoutProcessControlIsRefusedAtPlanTime() {
        Procedures components = with(NodeControl.builder().runMarker(cluster).build());

        assertThatThrownBy(() -> components.planRestart(cluster.topology.nodes()))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("restart ")
                .hasMessageContaining(
                        "lacks process control (start, stop), needed by restart, stop, start, await-ready");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void anUpgradeByImageOrAScaleOfAComponentOnHostsIsRefusedAtPlanTimeForLackOfComponentControl() {
        assertThat(cluster.control().capabilities()).doesNotContain(Capability.COMPONENT_CONTROL);

        assertThatThrownBy(() -> procedures().planImageUpgrade(Version.parse("2.1.8"), Map.of()))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("upgrade fake is refused")
                .hasMessageContaining("lacks component control (image, replicas, rollout), needed by upgrade")
                .hasMessageContaining("Nothing was changed");
        assertThatThrownBy(() -> procedures().planComponentScale("be", 2))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("scale-in fake is refused")
                .hasMessageContaining("lacks component control (image, replicas, rollout)");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void anUpgradePlannedOnHostsIsRefusedBeforeItRunsOnANodeControlWithoutABinaryStore() throws Exception {
        Operation upgrade = procedures().planUpgrade(pkg);
        Procedures withoutBinaries = with(
                NodeControl.builder().processControl(cluster).runMarker(cluster).build());

        assertThatThrownBy(() -> withoutBinaries.execute(upgrade))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageStartingWith("upgrade ")
                .hasMessageContaining("lacks the binary store (stage, back up, deploy, restore), needed by stage");
        assertThatThrownBy(() -> withoutBinaries.preflight(upgrade)).hasMessageContaining("lacks the binary store");
        assertThat(cluster.log).isEmpty();
        assertThat(state().resolve("runs"))
                .satisfiesAnyOf(runs -> assertThat(runs).doesNotExist(), runs -> assertThat(Files.list(runs))
                        .isEmpty());
    }

    @Test
    void everyProcedureNeedsTheRunMarkerOfItsClaim() {
        assertThat(ProcedureSpec.all())
                .allSatisfy(spec -> assertThat(spec.needs()).contains(Capability.RUN_MARKER));
    }
}
