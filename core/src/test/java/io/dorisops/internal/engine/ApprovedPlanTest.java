package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Canary;
import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.NodeHook;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.json.Json;
import io.dorisops.internal.pkg.Tars;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "What was approved is what runs": the plan is the operation that runs, and a stale or edited one is refused. */
class ApprovedPlanTest extends FakeRunFixture {

    private Procedures planning() {
        return procedures(
                options().canary(Canary.on(Duration.ofMillis(50)).node("be-2")).build());
    }

    @Test
    void thePlanIsTheOperationTheRunJournals() throws Exception {
        Procedures procedures = planning();
        Operation plan = procedures.planUpgrade(pkg);

        String runId = procedures.execute(Operation.fromJson(plan.toJson())).runId();

        JsonNode header = Json.MAPPER.readTree(
                Files.readAllLines(state().resolve("runs/" + runId + ".jsonl")).get(0));
        assertThat(header.get("operation")).isEqualTo(Json.MAPPER.readTree(plan.toJson()));
    }

    @Test
    void thePrintedPlanHoldsTheStagingTheCanaryAndWhatItWasReadFrom() {
        Operation plan = planning().planUpgrade(pkg);

        assertThat(plan.steps().get(0).reason()).isEqualTo(Operation.Reason.STAGE_BEFORE_RESTARTS);
        assertThat(plan.order().subList(7, 10)).containsExactly("be-2", "be-1", "be-3");
        assertThat(plan.describe())
                .contains("the package is on every host before the first node stops")
                .contains("be-2         be           the canary: one BE upgraded first")
                .contains("note: canary: be-2 (chosen)");
        assertThat(plan.basis())
                .containsEntry("node be-2", "be on 10.0.1.2")
                .containsEntry("version be-2", "2.1.7")
                .containsEntry("master", "fe-1")
                .containsEntry("member be 10.0.1.2:9050", "in the master's view")
                .containsKey("package sha512");
    }

    @Test
    void aNodeAtTheTargetIsSkippedAndEachStepSaysWhyItStandsThere() {
        cluster.get("be-1").runningVersion = Version.parse("2.1.8");

        Operation plan = procedures().planUpgrade(pkg);

        assertThat(plan.skipped()).containsExactly(new Operation.Skipped("be-1", "already at 2.1.8"));
        assertThat(plan.describe())
                .contains("skipped be-1: already at 2.1.8")
                .contains("BEs and CNs before FEs")
                .contains("the master last");
    }

    @Test
    void planningReadsTheFrontendsOnce() {
        Procedures procedures = planning();
        int before = cluster.frontendReads.get();

        procedures.planUpgrade(pkg);

        // SHOW FRONTENDS for the versions and once more for the master: not once per node.
        assertThat(cluster.frontendReads.get() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void anEditedPlanIsRefused() {
        String written = planning().planUpgrade(pkg).toJson();
        String edited = written.replace("\"createdAt\" : \"", "\"createdAt\" : \"1");
        String reordered = written.replaceFirst("be-1", "be-9");

        assertThatThrownBy(() -> Operation.fromJson(written.replace("2.1.8", "2.1.9")))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("was edited after dorisops wrote it")
                .hasMessageContaining("plan again");
        assertThatThrownBy(() -> Operation.fromJson(reordered)).hasMessageContaining("was edited");
        assertThatThrownBy(() -> Operation.fromJson(edited)).isInstanceOf(DorisOpsException.class);
        assertThatThrownBy(() -> Operation.fromJson(written.replaceFirst("\"digest\" : \"[^\"]*\"", "\"x\" : 1")))
                .hasMessageContaining("has no digest");
        assertThat(Operation.fromJson(written.replace("\n", ""))).isEqualTo(Operation.fromJson(written));
    }

    @Test
    void aPlanIsRefusedWhenANodesVersionChangedBeforeAnythingIsDone() {
        Procedures procedures = planning();
        Operation plan = procedures.planUpgrade(pkg);
        cluster.get("be-3").runningVersion = Version.parse("2.1.8");

        assertThatThrownBy(() -> procedures.execute(plan))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("no longer matches the cluster")
                .satisfies(e -> assertThat(((PreconditionFailedException) e).failures())
                        .containsExactly("version be-3: planned with 2.1.7, now 2.1.8"));
        assertThat(cluster.log).isEmpty();
        assertThat(state().resolve("runs")).doesNotExist();
    }

    @Test
    void aPlanIsRefusedWhenTheMasterOrThePackageChanged() throws Exception {
        Procedures procedures = planning();
        Operation plan = procedures.planUpgrade(pkg);
        cluster.master = "fe-2";
        Files.delete(pkg);

        assertThatThrownBy(() -> planning().execute(plan))
                .isInstanceOf(PreconditionFailedException.class)
                .satisfies(e -> assertThat(((PreconditionFailedException) e).failures())
                        .anySatisfy(failure -> assertThat(failure).startsWith("package " + pkg.toAbsolutePath())));
        Tars.release("apache-doris-2.1.8-bin-x64")
                .file("apache-doris-2.1.8-bin-x64/fe/lib/y.jar", "a jar added after the plan")
                .writeTo(pkg);
        assertThatThrownBy(() -> planning().execute(plan))
                .satisfies(e -> assertThat(((PreconditionFailedException) e).failures())
                        .contains("master: planned with fe-1, now fe-2")
                        .anySatisfy(failure -> assertThat(failure).startsWith("package sha512: planned with ")));
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void aPlanIsRefusedWhenANodeWasAdded() {
        Operation plan = planning().planUpgrade(pkg);
        Topology grown = Topology.parse(FakeCluster.YAML_WITH_BE4, "fake.yaml");
        Procedures grownCluster = new Procedures(new Engine(
                grown,
                cluster.control(),
                cluster,
                Optional.of(cluster),
                options().build()));

        assertThatThrownBy(() -> grownCluster.execute(plan))
                .isInstanceOf(PreconditionFailedException.class)
                .satisfies(e -> assertThat(((PreconditionFailedException) e).failures())
                        .isEqualTo(List.of("node be-4: not in the plan, now be on 10.0.1.4")));
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void aPlanFileRunsWithTheProcedureOptionsItWasPlannedWith() {
        cluster = new FakeCluster("2.1.9"); // the package's 2.1.8 is a downgrade, refused unless allowed
        try (Cluster api = onFake()) {
            Operation plan = api.plan(Procedure.upgrade(pkg)
                    .allowDowngrade(true)
                    .keepStagedPackages(3)
                    .skipFrontendCheck()
                    .canary(Canary.off()));
            Operation approved = Operation.fromJson(plan.toJson());

            RunResult run = api.run(approved, RunOptions.defaults());

            assertThat(approved.options())
                    .containsEntry("allowDowngrade", "true")
                    .containsEntry("keepStagedPackages", "3")
                    .containsEntry("skipFrontendCheck", "true")
                    .containsEntry("canary", "off");
            assertThat(run.nodes()).hasSize(7);
            assertThat(api.history(RunOptions.defaults()).get(0).forced()).contains("fe-metadata-check");
        }
    }

    @Test
    void anEditedProcedureOptionInAPlanFileIsRefused() {
        try (Cluster api = onFake()) {
            String written =
                    api.plan(Procedure.upgrade(pkg).keepStagedPackages(3)).toJson();

            assertThat(written).contains("\"keepStagedPackages\" : \"3\"");
            assertThatThrownBy(() -> Operation.fromJson(
                            written.replace("\"keepStagedPackages\" : \"3\"", "\"keepStagedPackages\" : \"0\"")))
                    .isInstanceOf(DorisOpsException.class)
                    .hasMessageContaining("was edited after dorisops wrote it");
            assertThat(cluster.log).isEmpty();
        }
    }

    @Test
    void aResumedRunTakesTheProcedureOptionsItWasPlannedWith() {
        NodeHook veto = new NodeHook() {
            @Override
            public void beforeStop(Node node) {
                if (node.id().equals("be-3")) {
                    throw new NodeHook.Veto("maintenance window closed");
                }
            }
        };
        try (Cluster api = onFake()) {
            Operation plan = api.plan(Procedure.upgrade(pkg).keepStagedPackages(3));
            assertThatThrownBy(
                            () -> api.run(plan, RunOptions.builder().hook(veto).build()))
                    .isInstanceOf(NodeHook.Veto.class);

            api.resume(RunOptions.defaults());

            assertThat(cluster.keptStaged).isEqualTo(3);
            assertThat(api.history(RunOptions.defaults()).get(0).outcome()).isEqualTo("succeeded");
        }
    }

    private Cluster onFake() {
        return Cluster.builder(cluster.topology)
                .nodeControl(cluster.control())
                .probe(cluster)
                .admin(cluster)
                .stateDir(state())
                .build();
    }

    @Test
    void anOperationWithoutABasisIsNotChecked() {
        Procedures procedures = procedures();
        Operation plan = procedures.planUpgrade(pkg);
        Operation unchecked = plan.withBasis(java.util.Map.of());
        cluster.master = "fe-2";

        assertThat(procedures.execute(unchecked).nodes()).hasSize(7);
    }
}
