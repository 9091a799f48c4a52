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
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "What was approved is what runs", for every procedure kind beside the upgrade ({@link ApprovedPlanTest}):
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

    private Procedures procedures(Topology topology) {
        return new Procedures(new Engine(
                        topology,
                        cluster.control(),
                        cluster,
                        Optional.of(admin),
                        RunSettings.builder().stateDir(dir.resolve("state")).build())
                .withTime(time, time));
    }

    private Procedures procedures() {
        return procedures(cluster.topology);
    }

    private List<Node> nodes(String... ids) {
        return Arrays.stream(ids)
                .map(id -> cluster.topology.node(id).orElseThrow())
                .toList();
    }

    /** Plans with {@code planner}, runs the plan as read back from its JSON, returns the plan's JSON and the journal's. */
    private void assertTheRunJournalsThePlan(Function<Procedures, Operation> planner) throws Exception {
        Procedures procedures = procedures();
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
        Topology moved = Topology.parse(
                """
                name: fake
                flavor: doris
                timeouts: {ready: 3s, poll: 10ms}
                followers:
                  - {id: fe-1, host: 10.0.0.1, home: /opt/fe}
                  - {id: fe-2, host: 10.0.0.2, home: /opt/fe}
                  - {id: fe-3, host: 10.0.0.3, home: /opt/fe}
                observers:
                  - {id: fe-obs, host: 10.0.0.4, home: /opt/fe}
                backends:
                  - {id: be-1, host: 10.0.1.1, home: /opt/be}
                  - {id: be-2, host: 10.0.1.9, home: /opt/be}
                  - {id: be-3, host: 10.0.1.3, home: /opt/be}
                  - {id: be-4, host: 10.0.1.4, home: /opt/be}
                """,
                "fake.yaml");

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
