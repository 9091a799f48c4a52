package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.PreconditionFailedException;
import io.dorisops.RunRecord;
import io.dorisops.Topology;
import io.dorisops.internal.context.ClusterIdentity;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.journal.RunHistory;
import io.dorisops.internal.run.RunSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A cluster's state directory and identity stay the same while its membership changes (deploy,
 * scale-out, scale-in, an edited file), so an unfinished run stays visible to {@code history}, {@code
 * resume}, {@code rollback} and the {@code unfinished-run} gate; another file, or another Kubernetes
 * resource, is another cluster.
 */
class ClusterIdentityTest extends FakeRunFixture {

    private Procedures procedures(Topology topology, Path stateDir) {
        RunSettings options = RunSettings.builder().stateDir(stateDir).build();
        return new Procedures(new Engine(topology, cluster.control(), cluster, Optional.of(cluster), options));
    }

    /** An upgrade killed before be-2's stop: unfinished, its journal without an end entry. */
    private Path killedUpgrade(Path stateDir) throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals("stop be-2")) {
                throw new IllegalStateException("killed");
            }
        };
        Procedures procedures = procedures(cluster.topology, stateDir);
        assertThatThrownBy(() -> procedures.execute(procedures.planUpgrade(pkg)))
                .hasMessageContaining("killed");
        cluster.beforeAction = action -> {};
        Path journal = procedures.history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Files.write(journal, lines.subList(0, lines.size() - 1));
        cluster.log.clear();
        return journal;
    }

    /** The same file after an edit: every FE moved to another host, be-3 gone. */
    private Topology edited() {
        String yaml = cluster.topology.toYaml().replace("10.0.0.", "10.7.0.");
        Topology changed = Topology.parse(yaml, cluster.topology.source()).without(List.of("be-3"));
        assertThat(changed.node("be-3")).isEmpty();
        assertThat(changed.node("fe-1").orElseThrow().host()).isEqualTo("10.7.0.1");
        return changed;
    }

    @Test
    void theStateDirectoryDoesNotMoveWhenTheMembershipChanges() {
        Topology topology = cluster.topology;

        assertThat(ClusterIdentity.defaultStateDir(topology.without(List.of("be-3"))))
                .isEqualTo(ClusterIdentity.defaultStateDir(topology));
        assertThat(ClusterIdentity.defaultStateDir(edited())).isEqualTo(ClusterIdentity.defaultStateDir(topology));
        assertThat(ClusterIdentity.defaultStateDir(Topology.parse(topology.toYaml(), "staging/fake.yaml")))
                .isNotEqualTo(ClusterIdentity.defaultStateDir(topology));
    }

    @Test
    void anUnfinishedRunStaysVisibleAfterItsClustersMembershipChanged() throws Exception {
        Path state = ClusterIdentity.stateDir(dir.resolve("home"), cluster.topology);
        Path killed = killedUpgrade(state);
        Topology changed = edited();
        Path sameState = ClusterIdentity.stateDir(dir.resolve("home"), changed);

        List<RunRecord> history = procedures(changed, sameState).history();

        assertThat(sameState).isEqualTo(state);
        assertThat(history).singleElement().satisfies(run -> assertThat(run.journal())
                .isEqualTo(killed));
        assertThatThrownBy(() -> procedures(changed, sameState)
                        .execute(procedures(changed, sameState).planRestart(changed.nodes())))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("unfinished-run: upgrade " + RunHistory.runIdOf(killed));
    }

    @Test
    void runsInTheDirectoryOfAnEarlierMembershipStayVisibleAndResumable() throws Exception {
        Path home = dir.resolve("home");
        Path killed = killedUpgrade(home.resolve("fake-0123456789ab")); // named by the members, as before
        Path otherFake = Files.createDirectories(home.resolve("fake-aaaaaaaaaaaa/runs"));
        Files.writeString(
                otherFake.resolve(killed.getFileName()),
                Files.readString(killed)
                        .replace("\"key\":\"", "\"key\":\"/elsewhere")
                        .replace("10.0.1.3", "10.9.9.9")
                        .replaceFirst("\"digest\":\"[0-9a-f]{12}\"", "\"digest\":\"000000000000\""));
        Path state = ClusterIdentity.stateDir(home, cluster.topology);

        List<RunRecord> history = procedures(cluster.topology, state).history();

        assertThat(history).singleElement().satisfies(run -> {
            assertThat(run.journal()).isEqualTo(killed);
            assertThat(run.outcome()).isEqualTo("unfinished");
        });
        procedures(cluster.topology, state).resume(Optional.empty());
        assertThat(cluster.get("be-3").runningVersion.number()).isEqualTo("2.1.8");
        assertThat(Files.readString(killed)).contains("\"type\":\"resumed\"");
        assertThat(procedures(cluster.topology, state).history().get(0).outcome())
                .isEqualTo("succeeded");
    }

    @Test
    void aFormatTwoJournalWithoutIdentityMatchesNoCluster() throws Exception {
        Path state = dir.resolve("state");
        Path killed = killedUpgrade(state);
        Files.writeString(killed, Files.readString(killed).replaceFirst("\"identity\":\\{[^}]*}", "\"identity\":{}"));

        assertThat(procedures(cluster.topology, state).history())
                .singleElement()
                .satisfies(run -> assertThat(run.message().orElseThrow())
                        .contains("records no cluster identity, so it matches no cluster"));
        assertThatThrownBy(() -> procedures(cluster.topology, state).resume(Optional.empty()))
                .hasMessageContaining("no unfinished run");
    }

    @Test
    void aKubernetesClustersIdentityIsItsApiServerAndItsResourcesUid() {
        String yaml = cluster.topology.toYaml();
        Topology first = Topology.parse(yaml, "k8s:https://10.0.0.9:6443/prod/dcr/doris#uid=4f1c");
        Topology scaled = first.without(List.of("be-3"));
        Topology recreated = Topology.parse(yaml, "k8s:https://10.0.0.9:6443/prod/dcr/doris#uid=77aa");
        Topology otherServer = Topology.parse(yaml, "k8s:https://10.9.9.9:6443/prod/dcr/doris#uid=4f1c");

        assertThat(ClusterIdentity.defaultStateDir(scaled)).isEqualTo(ClusterIdentity.defaultStateDir(first));
        assertThat(ClusterIdentity.defaultStateDir(recreated)).isNotEqualTo(ClusterIdentity.defaultStateDir(first));
        assertThat(ClusterIdentity.defaultStateDir(otherServer)).isNotEqualTo(ClusterIdentity.defaultStateDir(first));
        assertThat(ClusterIdentity.of(recreated).mismatch(first)).isPresent();
        assertThat(ClusterIdentity.of(scaled).mismatch(first)).isEmpty();
    }
}
