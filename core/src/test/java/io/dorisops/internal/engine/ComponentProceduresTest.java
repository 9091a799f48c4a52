package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.run.RunSettings;
import io.dorisops.spi.Component;
import io.dorisops.spi.ComponentControl;
import io.dorisops.spi.NodeControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Core plans the procedures of a cluster a Kubernetes operator runs (an upgrade by image, a scale) from
 * what its component control reports, and owns their gates: a scale-in's are the pre-flight gates of
 * hosts' scale-in, by the same names and force rules.
 */
class ComponentProceduresTest extends FakeRunFixture {

    private final List<String> calls = new ArrayList<>();
    private final List<Component> components = new ArrayList<>(List.of(
            new Component(
                    "fe",
                    "spec.feSpec",
                    "selectdb/doris.fe-ubuntu:2.1.7",
                    3,
                    List.of("fe-1", "fe-2", "fe-3"),
                    List.of(
                            "selectdb/doris.fe-ubuntu:2.1.7",
                            "selectdb/doris.fe-ubuntu:2.1.7",
                            "selectdb/doris.fe-ubuntu:2.1.7"),
                    Optional.of(Version.parse("2.1.7"))),
            new Component(
                    "be",
                    "spec.beSpec",
                    "selectdb/doris.be-ubuntu:2.1.7",
                    3,
                    List.of("be-1", "be-2", "be-3"),
                    List.of(
                            "selectdb/doris.be-ubuntu:2.1.7",
                            "selectdb/doris.be-ubuntu:2.1.7",
                            "selectdb/doris.be-ubuntu:2.1.7"),
                    Optional.of(Version.parse("2.1.7")))));

    private final ComponentControl control = new ComponentControl() {
        @Override
        public String resource() {
            return "DorisCluster doris/fake";
        }

        @Override
        public List<Component> components() {
            return List.copyOf(components);
        }

        @Override
        public boolean patchImage(String component, String image) {
            calls.add("image " + component + " " + image);
            return true;
        }

        @Override
        public boolean patchReplicas(String component, int replicas) {
            calls.add("replicas " + component + " " + replicas);
            return true;
        }

        @Override
        public void awaitRollout(
                String component, Optional<Version> version, Duration timeout, Consumer<String> waiting) {
            calls.add("rollout " + component);
        }

        @Override
        public void drain(String component, List<String> members, Duration timeout, Consumer<String> waiting) {
            calls.add("drain " + component + " " + members);
        }

        @Override
        public void drop(String component, List<String> members) {
            calls.add("drop " + component + " " + members);
        }
    };

    private Procedures pods(RunSettings options) {
        return new Procedures(new Engine(
                cluster.topology,
                NodeControl.builder()
                        .runMarker(cluster)
                        .componentControl(control)
                        .build(),
                cluster,
                Optional.of(cluster),
                options));
    }

    private Procedures pods() {
        return pods(options().build());
    }

    @Test
    void anUpgradeByImageRetagsEachImageAndRollsBeBeforeFeSkippingAComponentAtTheImage() {
        Operation plan =
                pods().planImageUpgrade(Version.parse("2.1.8"), Map.of("fe", "selectdb/doris.fe-ubuntu:2.1.7"));

        assertThat(plan.kind()).isEqualTo(Operation.Kind.UPGRADE);
        assertThat(plan.steps()).extracting(s -> s.component().orElseThrow()).containsExactly("be");
        assertThat(plan.steps().get(0).from()).contains(Version.parse("2.1.7"));
        assertThat(plan.describe()).contains("selectdb/doris.be-ubuntu:2.1.8");
        assertThat(plan.skipped()).extracting(Operation.Skipped::nodeId).containsExactly("fe");
    }

    @Test
    void anImageWithoutATagOrAnImageForAComponentTheResourceLacksIsRefusedNamingIt() {
        components.set(
                1,
                new Component(
                        "be",
                        "spec.beSpec",
                        "apache/doris@sha256:abc",
                        3,
                        List.of("be-1", "be-2", "be-3"),
                        List.of(),
                        Optional.empty()));

        assertThatThrownBy(() -> pods().planImageUpgrade(Version.parse("2.1.8"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DorisCluster doris/fake: spec.beSpec.image \"apache/doris@sha256:abc\" has no tag to"
                        + " replace with 2.1.8; name the new image (--image be=REPOSITORY:TAG)");
        assertThatThrownBy(() -> pods().planImageUpgrade(
                                Version.parse("2.1.8"), Map.of("be", "my/be:2.1.8", "broker", "my/broker:2.1.8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DorisCluster doris/fake has no component broker; it has [fe, be]");
    }

    @Test
    void aBeScaleInDecommissionsTheHighestOrdinalsBeforeTheReplicasFallAndAScaleUpIsAScaleOut() {
        Operation in = pods().planComponentScale("be", 1);
        assertThat(in.kind()).isEqualTo(Operation.Kind.SCALE_IN);
        assertThat(in.describe()).contains("be-3").contains("be-2");
        assertThat(in.steps().get(0).actions().get(0).key()).isEqualTo("drain");

        assertThat(pods().planComponentScale("be", 4).kind()).isEqualTo(Operation.Kind.SCALE_OUT);
        assertThatThrownBy(() -> pods().planComponentScale("cn", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DorisCluster doris/fake has no component cn; it has [fe, be]");
    }

    @Test
    void followersBelowAMajorityAreRefusedAsFollowerMajorityWhichCanBeForcedAsOnHosts() {
        Operation scaleIn = pods().planComponentScale("fe", 1);

        assertThatThrownBy(() -> pods().execute(scaleIn))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("nothing was changed")
                .extracting(e -> ((PreconditionFailedException) e).failures())
                .isEqualTo(List.of("follower-majority: lowering fe replicas from 3 to 1 leaves 1 of 3 FE followers,"
                        + " below a majority (2); the metadata quorum would be lost. Keep at least 2 followers"));
        assertThat(calls).isEmpty();

        pods(options().force("follower-majority").build()).execute(scaleIn);
        assertThat(calls).containsExactly("replicas fe 1", "rollout fe", "drop fe [fe-3, fe-2]");
    }

    @Test
    void aBeScaleInBelowTheReplicasOfEachTabletIsRefusedAsReplicasFit() {
        // The fake reads no replica facts: the guard falls back to the replicas per tablet (900 of 300).
        assertThatThrownBy(() -> pods().execute(pods().planComponentScale("be", 2)))
                .isInstanceOf(PreconditionFailedException.class)
                .extracting(e -> ((PreconditionFailedException) e).failures())
                .isEqualTo(List.of("replicas-fit: 2 BEs cannot hold 3 replicas of each tablet (900 replicas of 300"
                        + " tablets); lower replication_num first, or force replicas-fit"));
        assertThat(calls).isEmpty();
    }

    @Test
    void unhealthyTabletsAreTheirOwnGateNotSkippedByForcingReplicasFit() {
        cluster.unhealthyTablets = 2;
        Operation scaleIn = pods().planComponentScale("be", 2);

        assertThatThrownBy(() -> pods(options().force("replicas-fit").build()).execute(scaleIn))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("tablets-healthy: ")
                .hasMessageNotContaining("replicas-fit: ");
        assertThat(calls).isEmpty();

        pods(options().force("replicas-fit").force("tablets-healthy").build()).execute(scaleIn);
        assertThat(calls).containsExactly("drain be [be-3]", "replicas be 2", "rollout be");
    }

    @Test
    void aDropOfMembersThatAreBackendsHoldingReplicasIsRefusedByTheDropReplicasGateBeforeTheDrop() {
        ScaleFake admin = new ScaleFake(cluster);
        admin.tables.put("db1.t3", 3);
        Node be2 = cluster.topology.node("be-2").orElseThrow();
        Operation drop = new Operation(
                Operation.Kind.SCALE_IN,
                cluster.topology.name(),
                cluster.topology.flavor(),
                Optional.empty(),
                false,
                List.of(Step.cluster(
                        Reason.DROP_AFTER_PODS_GONE, List.of(new Action.DropMembers("be", List.of("be-2"))))),
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());
        Procedures procedures = new Procedures(new Engine(
                cluster.topology,
                NodeControl.builder()
                        .runMarker(cluster)
                        .componentControl(control)
                        .build(),
                cluster,
                Optional.of(admin),
                options().build()));

        assertThatThrownBy(() -> procedures.execute(drop))
                .hasMessageContaining(cluster.topology.name() + ": refused to drop backend " + be2.host() + ":"
                        + be2.ports().heartbeatPort() + "; nothing was sent")
                .hasMessageContaining("db1.t3");
        assertThat(calls).isEmpty();
    }
}
