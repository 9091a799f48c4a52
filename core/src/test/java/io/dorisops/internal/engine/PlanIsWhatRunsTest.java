package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Topology;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.json.Json;
import io.dorisops.internal.pkg.Tars;
import io.dorisops.internal.run.RunSettings;
import io.dorisops.spi.ClusterAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "What was approved is what runs", for every procedure kind beside the upgrade ({@link ApprovedPlanTest}),
 * deploy, scale-out, the rebuild of a BE and the rollback of an upgrade among them:
 * the plan written as JSON is the operation the run that follows journals, and a plan edited or planned
 * from a topology that changed since is refused before anything changes.
 */
class PlanIsWhatRunsTest {

    @TempDir
    Path dir;

    private FakeCluster cluster;
    private ScaleFake admin;
    private final RunClock time = new RunClock();

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster("2.1.7");
        admin = new ScaleFake(cluster);
        admin.tables.put("db1.t2", 2);
    }

    private Procedures procedures(Topology topology, ClusterAdmin sql) {
        return new Procedures(new Engine(
                        topology,
                        new FakeInstaller(cluster).control(),
                        cluster,
                        Optional.of(sql),
                        RunSettings.builder().stateDir(dir.resolve("state")).build())
                .withTime(time, time));
    }

    private Procedures procedures(Topology topology) {
        return procedures(topology, admin);
    }

    private Procedures procedures() {
        return procedures(cluster.topology);
    }

    /** A 2.1.7 release tarball, the cluster's version. */
    private Path release() throws Exception {
        return Tars.release("apache-doris-2.1.7-bin-x64").writeTo(dir.resolve("apache-doris-2.1.7-bin-x64.tar.gz"));
    }

    /** Nodes the cluster does not have yet: not running, not members. */
    private void notDeployed(String... ids) {
        for (String id : ids) {
            cluster.get(id).running = false;
            admin.removed.add(id);
        }
    }

    private List<Node> nodes(String... ids) {
        return Arrays.stream(ids)
                .map(id -> cluster.topology.node(id).orElseThrow())
                .toList();
    }

    /** Plans with {@code planner}, runs the plan as read back from its JSON, returns the plan's JSON and the journal's. */
    private void assertTheRunJournalsThePlan(Function<Procedures, Operation> planner) throws Exception {
        assertTheRunJournalsThePlan(procedures(), planner);
    }

    private void assertTheRunJournalsThePlan(Procedures procedures, Function<Procedures, Operation> planner)
            throws Exception {
        Operation plan = planner.apply(procedures);

        String runId = procedures.execute(Operation.fromJson(plan.toJson())).runId();

        JsonNode header = Json.MAPPER.readTree(Files.readAllLines(dir.resolve("state/runs/" + runId + ".jsonl"))
                .get(0));
        assertThat(plan.basis()).containsEntry("node be-3", "be on 10.0.1.3");
        assertThat(header.get("operation")).isEqualTo(Json.MAPPER.readTree(plan.toJson()));
    }

    @Test
    void aRestartsPlanIsTheOperationItsRunJournals() throws Exception {
        assertTheRunJournalsThePlan(p -> p.planRestart(nodes("be-1", "be-2", "fe-2")));
        assertThat(cluster.log).contains("stop be-1", "start fe-2");
    }

    @Test
    void aStopsAndAStartsPlanAreTheOperationsTheirRunsJournal() throws Exception {
        assertTheRunJournalsThePlan(p -> p.planStop(nodes("be-3")));
        assertTheRunJournalsThePlan(p -> p.planStart(nodes("be-3")));
        assertThat(cluster.log).containsExactly("stop be-3", "start be-3");
    }

    @Test
    void aScaleInsPlanIsTheOperationItsRunJournals() throws Exception {
        assertTheRunJournalsThePlan(p -> p.planScaleIn(nodes("fe-obs"), Duration.ofSeconds(5)));
        assertThat(cluster.log).containsExactly("drop-frontend fe-obs", "stop fe-obs");
    }

    @Test
    void aCancelScaleInsPlanIsTheOperationItsRunJournals() throws Exception {
        admin.decommissioning.add("be-3");

        assertTheRunJournalsThePlan(p -> p.planCancelScaleIn(nodes("be-3")));
        assertThat(admin.decommissioning).isEmpty();
    }

    @Test
    void aFailoverDrillsPlanIsTheOperationItsRunJournals() throws Exception {
        assertTheRunJournalsThePlan(Procedures::planFailoverDrill);
        assertThat(cluster.log).containsExactly("stop fe-1", "start fe-1");
    }

    @Test
    void aDeploysPlanIsTheOperationItsRunJournals() throws Exception {
        Path pkg = release();
        notDeployed("fe-2", "fe-3", "fe-obs", "be-1", "be-2", "be-3");
        cluster.get("fe-1").running = false;

        assertTheRunJournalsThePlan(p -> p.planDeploy(pkg));
        assertThat(cluster.log)
                .contains("install fe-1", "write-conf be-3", "start fe-1", "add-frontend fe-2", "add-backend be-3");
        assertThat(cluster.nodes.values())
                .allSatisfy(node -> assertThat(node.running).as(node.node.id()).isTrue());
    }

    @Test
    void aScaleOutsPlanIsTheOperationItsRunJournals() throws Exception {
        notDeployed("be-3");

        assertTheRunJournalsThePlan(p -> p.planScaleOut(nodes("be-3"), Optional.empty(), Optional.empty()));
        assertThat(cluster.log).containsExactly("add-backend be-3", "start be-3");
    }

    @Test
    void aRebuildsPlanIsTheOperationItsRunJournals() throws Exception {
        assertTheRunJournalsThePlan(p -> p.planRebuildBackend(nodes("be-3").get(0), Optional.empty()));
        assertThat(cluster.log)
                .containsExactly(
                        "stop be-3", "drop-backend be-3", "set-aside-storage be-3", "start be-3", "add-backend be-3");
    }

    @Test
    void aRollbacksPlanIsTheOperationItsRunJournals() throws Exception {
        Path pkg = Tars.release("apache-doris-2.1.8-bin-x64").writeTo(dir.resolve("apache-doris-2.1.8-bin-x64.tar.gz"));
        Procedures upgrading = procedures(cluster.topology, cluster);
        upgrading.execute(upgrading.planUpgrade(pkg));
        cluster.log.clear();

        assertTheRunJournalsThePlan(procedures(cluster.topology, cluster), p -> p.planRollback(Optional.empty()));
        assertThat(cluster.log).contains("restore be-1", "restore fe-1");
        assertThat(cluster.get("be-1").runningVersion.number()).isEqualTo("2.1.7");
    }

    @Test
    void aScaleOutPlannedFromATopologyThatChangedSinceIsRefusedBeforeAnythingChanges() {
        notDeployed("be-3");
        Operation plan = Operation.fromJson(procedures()
                .planScaleOut(nodes("be-3"), Optional.empty(), Optional.empty())
                .toJson());
        Topology moved = Topology.parse(cluster.topology.toYaml().replace("10.0.1.3", "10.0.1.33"), "fake.yaml");

        assertThatThrownBy(() -> procedures(moved).execute(plan))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("the scale-out of fake planned at")
                .hasMessageContaining("no longer matches the cluster")
                .satisfies(e -> assertThat(((PreconditionFailedException) e).failures())
                        .contains("node be-3: planned with be on 10.0.1.3, now be on 10.0.1.33"));
        assertThat(cluster.log).isEmpty();
        assertThat(dir.resolve("state/runs")).doesNotExist();
    }

    @Test
    void aScaleOutOfANodeThatJoinedSinceItWasPlannedIsRefusedBeforeAnythingChanges() {
        notDeployed("be-3");
        Operation plan = Operation.fromJson(procedures()
                .planScaleOut(nodes("be-3"), Optional.empty(), Optional.empty())
                .toJson());
        admin.removed.remove("be-3"); // someone added it meanwhile

        assertThatThrownBy(() -> procedures().execute(plan))
                .isInstanceOf(PreconditionFailedException.class)
                .satisfies(e -> assertThat(((PreconditionFailedException) e).failures())
                        .singleElement(InstanceOfAssertFactories.STRING)
                        .startsWith("already-member: be-3 (10.0.1.3): 10.0.1.3:9050 is already a backend"));
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void anEditedDeployPlanIsRefused() throws Exception {
        Path pkg = release();
        notDeployed("fe-2", "fe-3", "fe-obs", "be-1", "be-2", "be-3");
        String written = procedures().planDeploy(pkg).toJson();

        assertThatThrownBy(() -> Operation.fromJson(written.replace(pkg.toString(), "/tmp/other.tar.gz")))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("was edited after dorisops wrote it");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void anEditedRestartPlanIsRefused() {
        String written = procedures().planRestart(nodes("be-1", "be-2")).toJson();

        assertThatThrownBy(() -> Operation.fromJson(written.replaceFirst("\"be-1\"", "\"be-3\"")))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("was edited after dorisops wrote it");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void aPlanFromATopologyThatChangedSinceIsRefusedBeforeAnythingChanges() {
        Operation plan = Operation.fromJson(
                procedures().planRestart(nodes("be-1", "be-2")).toJson());
        Topology moved = Topology.parse(FakeCluster.YAML_WITH_BE4.replace("10.0.1.2", "10.0.1.9"), "fake.yaml");

        assertThatThrownBy(() -> procedures(moved).execute(plan))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("the restart of fake planned at")
                .hasMessageContaining("no longer matches the cluster")
                .satisfies(e -> assertThat(((PreconditionFailedException) e).failures())
                        .containsExactly(
                                "node be-2: planned with be on 10.0.1.2, now be on 10.0.1.9",
                                "node be-4: not in the plan, now be on 10.0.1.4"));
        assertThat(cluster.log).isEmpty();
        assertThat(dir.resolve("state/runs")).doesNotExist();
    }
}
