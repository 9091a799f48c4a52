package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.NodeHook;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.SafetyCheck;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.journal.RunHistory;
import io.dorisops.internal.journal.RunLock;
import io.dorisops.internal.plan.Plans;
import io.dorisops.internal.plan.UpgradePlanner;
import io.dorisops.internal.plan.UpgradeSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The runner's algorithm, step by step, on an in-memory cluster: no process, socket or SQL. */
class RunnerTest extends FakeRunFixture {

    private static ProgressListener on(ProgressEvent.Type type, String node, Runnable action) {
        return new ProgressListener() {
            @Override
            public void nodeFinished(ProgressEvent event) {
                if (type == ProgressEvent.Type.NODE_FINISHED && event.nodeId().equals(node)) {
                    action.run();
                }
            }
        };
    }

    @Test
    void step1_aSecondRunIsRefusedWhileTheLockIsHeld() {
        try (RunLock held = RunLock.acquire(dir.resolve("state"), "upgrade-other")) {
            assertThatThrownBy(() -> upgrade(options().build()))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("another run holds the cluster lock");
        }
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void step1_anotherOperatorsRunHoldingTheClusterMarkerRefusesAndOurMarkerIsReleasedAfter() {
        cluster.markers.put("10.0.0.1", "upgrade-20261201-080000 ops@other-machine since 2026-12-01T08:00:00Z");

        assertThatThrownBy(() -> upgrade(options().build()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("lock: upgrade-20261201-080000 ops@other-machine")
                .hasMessageContaining("/opt/fe/.dorisops/run.lock on 10.0.0.1");
        assertThat(cluster.log).isEmpty();

        cluster.markers.clear();
        upgrade(options().build());
        assertThat(cluster.markers).isEmpty();
    }

    @Test
    void step3_preflightReportsEveryFailureAtOnceAndChangesNothing() {
        cluster.get("be-2").running = false;
        cluster.unhealthyTablets = 3;

        assertThatThrownBy(() -> upgrade(options().build()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("nodes-alive: be-2")
                .hasMessageContaining("tablets-healthy: 13 of 300 tablets unhealthy")
                .hasMessageContaining("nothing was changed");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void step3_forcedGatesAreSkippedAndJournaledAndUnforceableOnesRefused() {
        cluster.unhealthyTablets = 3;
        assertThatThrownBy(() -> options().force("fe-quorum-after-stop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be forced");
        assertThatThrownBy(() -> options().force("bogus").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown check \"bogus\"")
                .hasMessageContaining("tablets-healthy");

        RunResult result = upgrade(
                options().force("tablets-healthy").force("no-unhealthy-tablets").build());

        assertThat(result.nodes()).hasSize(7);
        assertThat(procedures(options().build()).history().get(0).forced())
                .containsExactlyInAnyOrder("tablets-healthy", "no-unhealthy-tablets");
    }

    @Test
    void step6_upgradeStagesEveryNodeFirstThenRollsBackendsObserversFollowersAndTheMasterLast() throws Exception {
        RunResult result = upgrade(options().build());

        assertThat(cluster.log("stop")).containsExactly("be-1", "be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
        assertThat(cluster.log.indexOf("stop be-1")).isGreaterThan(cluster.log.lastIndexOf("stage fe-1"));
        assertThat(cluster.log("stage")).hasSize(7);
        assertThat(result.nodes()).containsExactly("be-1", "be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
        cluster.nodes.values().forEach(node -> assertThat(node.runningVersion.number())
                .isEqualTo("2.1.8"));
        List<String> journal = Files.readAllLines(result.journal(), StandardCharsets.UTF_8);
        assertThat(journal.get(0))
                .contains("\"type\":\"run\"")
                .contains("\"format\":2")
                .contains("\"identity\"");
        assertThat(journal)
                .filteredOn(line -> line.contains("\"type\":\"step-done\""))
                .hasSize(14);
        assertThat(journal.get(journal.size() - 1)).contains("\"outcome\":\"succeeded\"");
    }

    @Test
    void step6_theFrontendPhaseFollowsTheLiveMaster() {
        cluster.master = "fe-2";

        upgrade(options().build());

        assertThat(cluster.log("stop")).containsExactly("be-1", "be-2", "be-3", "fe-obs", "fe-1", "fe-3", "fe-2");
    }

    @Test
    void step6_aFailedStartIsUndoneAndTheRunStopsNamingTheNodeWithNothingElseTouched() {
        cluster.get("be-2").failingStarts = 1;
        List<ProgressEvent> events = new ArrayList<>();

        assertThatThrownBy(() -> upgrade(options().listener(events(events)).build()))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-2")
                .hasMessageContaining("failed at await-ready; rolled back to 2.1.7 and running again")
                .hasMessageContaining("has exited")
                .hasMessageContaining("dorisops resume")
                .satisfies(e -> assertThat(((NodeFailedException) e).nodeId()).isEqualTo("be-2"));

        assertThat(cluster.get("be-2").running).isTrue();
        assertThat(cluster.get("be-2").runningVersion.number()).isEqualTo("2.1.7");
        assertThat(cluster.log("stop")).containsExactly("be-1", "be-2");
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(events).extracting(ProgressEvent::type).contains(ProgressEvent.Type.NODE_FAILED);
    }

    @Test
    void step6_aFailedBackupStartsTheNodeAgainOnTheVersionItHad() {
        cluster.beforeAction = action -> {
            if (action.equals("backup be-1")) {
                throw new NodeFailedException("be-1", "backup", "be-1: backup failed; no bin/ in /opt/be");
            }
        };

        assertThatThrownBy(() -> upgrade(options().build()))
                .hasMessageContaining("failed at backup; rolled back to 2.1.7 and running again");
        assertThat(cluster.get("be-1").running).isTrue();
        assertThat(cluster.get("be-1").runningVersion.number()).isEqualTo("2.1.7");
    }

    @Test
    void step6_whenPuttingTheNodeBackFailsTooTheFirstFailureLeadsAndSaysTheNodeIsStopped() {
        cluster.get("be-1").failingStarts = 2;

        assertThatThrownBy(() -> upgrade(options().build()))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("failed at await-ready")
                .hasMessageContaining("putting it back failed too")
                .hasMessageContaining("it is STOPPED: start it by hand (bin/start_be.sh --daemon in /opt/be)")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
    }

    @Test
    void step6_aVetoStopsCleanlyAndResumeSkipsTheFinishedStepsAndRedoesNothingDone() {
        NodeHook veto = new NodeHook() {
            @Override
            public void beforeStop(io.dorisops.Node node) {
                if (node.id().equals("be-3")) {
                    throw new NodeHook.Veto("maintenance window closed");
                }
            }
        };
        assertThatThrownBy(() -> upgrade(options().hook(veto).build())).isInstanceOf(NodeHook.Veto.class);
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(procedures(options().build()).history().get(0).outcome()).isEqualTo("vetoed");
        cluster.log.clear();

        RunResult resumed = procedures(options().build()).resume(Optional.empty());

        assertThat(cluster.log("stop")).containsExactly("be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
        assertThat(cluster.log("stage")).isEmpty();
        assertThat(resumed.skipped()).contains("be-1", "be-2");
        assertThat(procedures(options().build()).history().get(0).outcome()).isEqualTo("succeeded");
    }

    @Test
    void step6_resumeAfterACrashRedoesOnlyTheActionThatWasCutShort() throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals("deploy be-2")) {
                throw new Crash();
            }
        };
        assertThatThrownBy(() -> upgrade(options().rollbackOnFailure(false).build()))
                .isInstanceOf(Crash.class);
        Path journal = procedures(options().build()).history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        int cut = lines.size();
        while (lines.get(cut - 1).contains("\"type\":\"end\"")) {
            cut--;
        }
        Files.write(journal, lines.subList(0, cut)); // a kill -9 writes no end entry
        Files.writeString(journal, "{\"type\":\"act", java.nio.file.StandardOpenOption.APPEND); // and tears a line
        cluster.beforeAction = action -> {};
        cluster.log.clear();

        procedures(options().build()).resume(Optional.empty());

        assertThat(cluster.log).filteredOn(line -> line.endsWith(" be-2")).startsWith("deploy be-2", "start be-2");
        assertThat(cluster.log("stop")).doesNotContain("be-1", "be-2");
        assertThat(cluster.get("be-2").runningVersion.number()).isEqualTo("2.1.8");
        assertThat(Files.readString(journal)).contains("\"type\":\"repaired\"");
    }

    @Test
    void step7_aFinishedNodeThatDiesStopsTheRunNamingItAndResumeStartsItAgain() {
        Consumer<String> none = action -> {};
        ProgressListener killBe1 =
                on(ProgressEvent.Type.NODE_FINISHED, "be-1", () -> cluster.get("be-1").running = false);

        assertThatThrownBy(() -> upgrade(options().listener(killBe1).build()))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-1")
                .hasMessageContaining("no longer running");
        assertThat(cluster.log("stop")).containsExactly("be-1");
        cluster.beforeAction = none;

        procedures(options().build()).resume(Optional.empty());

        assertThat(cluster.get("be-1").running).isTrue();
        assertThat(cluster.log("start")).startsWith("be-1", "be-1");
    }

    @Test
    void step9_balanceIsRestoredWhenTheRunFailsAndARestoreFailureIsAttachedNotInItsPlace() {
        cluster.get("be-1").failingStarts = 1;
        ProgressListener refuse = new ProgressListener() {
            @Override
            public void nodeFailed(ProgressEvent event) {
                cluster.refusedConfigKeys.add("disable_balance");
            }
        };

        assertThatThrownBy(() -> upgrade(options().listener(refuse).build()))
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("be-1")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().satisfies(restore -> assertThat(
                                restore.getMessage())
                        .contains("could not restore every balance switch")
                        .contains("ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"false\");")));
        assertThat(cluster.config).containsEntry("disable_tablet_scheduler", "false");
    }

    @Test
    void step2_anUnfinishedRunBlocksANewOneAndRollbackRestoresTheBalanceValuesItJournaledFirst() throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals("stop be-2")) {
                throw new Crash();
            }
        };
        assertThatThrownBy(() -> upgrade(options().build())).isInstanceOf(Crash.class);
        Path journal = procedures(options().build()).history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Files.write(journal, lines.subList(0, lines.size() - 1)); // killed: no end entry
        cluster.config.replaceAll((key, value) -> "true"); // and its pause never restored
        cluster.beforeAction = action -> {};

        assertThatThrownBy(() -> upgrade(options().force("balance-paused").build()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("unfinished-run: upgrade");

        Procedures rolling = procedures(options().build());
        RunResult rolledBack = rolling.execute(rolling.planRollback(Optional.empty()));

        // be-1 restored; be-2, drained when the kill came before its backup, only enabled again
        assertThat(rolledBack.nodes()).containsExactly("be-2", "be-1");
        assertThat(cluster.disabledBackends()).isEmpty();
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(cluster.get("be-1").runningVersion.number()).isEqualTo("2.1.7");
        assertThat(procedures(options().build()).history())
                .extracting(io.dorisops.RunRecord::kind, io.dorisops.RunRecord::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("rollback", "succeeded"),
                        org.assertj.core.groups.Tuple.tuple("upgrade", "rolled-back"));
    }

    @Test
    void step2_aPlannedRollbackRunsAsTheRollbackOfItsUpgradeWithTheBalanceValuesItJournaledFirst() throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals("stop be-2")) {
                throw new Crash();
            }
        };
        assertThatThrownBy(() -> upgrade(options().build())).isInstanceOf(Crash.class);
        Path journal = procedures(options().build()).history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Files.write(journal, lines.subList(0, lines.size() - 1)); // killed: no end entry
        cluster.config.replaceAll((key, value) -> "true"); // and its pause never restored
        cluster.beforeAction = action -> {};
        cluster.log.clear();

        Operation plan = procedures(options().build()).planRollback(Optional.empty());
        assertThat(cluster.log).as("planning changes nothing").isEmpty();
        RunResult rolledBack = procedures(options().build()).execute(plan);

        assertThat(plan.of()).contains(RunHistory.runIdOf(journal));
        // be-1 restored; be-2, drained when the kill came before its backup, only enabled again
        assertThat(rolledBack.nodes()).containsExactly("be-2", "be-1");
        assertThat(cluster.disabledBackends()).isEmpty();
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(procedures(options().build()).history())
                .extracting(io.dorisops.RunRecord::kind, io.dorisops.RunRecord::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("rollback", "succeeded"),
                        org.assertj.core.groups.Tuple.tuple("upgrade", "rolled-back"));
    }

    @Test
    void step3_aPackageWhoseSha512DoesNotMatchIsRefusedBeforeAnyNodeIsTouched() throws Exception {
        String zeros = "0".repeat(128);
        assertThatThrownBy(() -> upgrade(options().packageSha512(zeros).build()))
                .hasMessageContaining(zeros);
        Files.writeString(dir.resolve(pkg.getFileName() + ".sha512"), zeros + "  " + pkg.getFileName() + "\n");
        assertThatThrownBy(() -> upgrade(options().build())).hasMessageContaining(zeros);
        assertThat(cluster.log).isEmpty();
        assertThatThrownBy(() -> options().packageSha512("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128 hex digits");
    }

    @Test
    void step3_balanceAlreadyPausedIsRefusedUnlessForced() {
        cluster.config.replaceAll((key, value) -> "true");

        assertThatThrownBy(() -> upgrade(options().build()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("balance-paused: tablet balancing is already paused");
    }

    @Test
    void step6_aSafetyCheckThatThrowsStopsTheRunAtOnceNamingTheCheck() {
        SafetyCheck broken = SafetyCheck.of("my-window", (admin, node) -> {
            throw new IllegalStateException("bug");
        });

        assertThatThrownBy(() -> upgrade(options().check(broken).build()))
                .hasMessageContaining("the safety check my-window threw java.lang.IllegalStateException: bug");
        assertThat(cluster.log("stop")).isEmpty();
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
    }

    @Test
    void step6_withoutSqlAUserCheckGetsAnAdminThatSaysSoNeverNull() {
        List<Object> handed = new ArrayList<>();
        SafetyCheck members = SafetyCheck.of("my-members", (admin, node) -> {
            handed.add(String.valueOf(admin));
            return admin.frontends().isEmpty() ? Optional.of("no FEs") : Optional.empty();
        });
        Procedures withoutSql = new Procedures(new Engine(
                cluster.topology,
                cluster.control(),
                cluster,
                Optional.empty(),
                options().check(members).build()));

        assertThatThrownBy(() -> withoutSql.execute(withoutSql.planRestart(cluster.topology.nodes())))
                .hasMessageContaining("the safety check my-members threw java.lang.UnsupportedOperationException:"
                        + " ClusterAdmin.frontends: the cluster has no SQL control plane");
        assertThat(handed).containsOnly("no SQL control plane");
        assertThat(cluster.log("stop")).isEmpty();
    }

    @Test
    void step6_withoutSqlAUserCheckThatReadsNoSqlStillGatesEveryNode() {
        List<String> gated = new ArrayList<>();
        SafetyCheck window = SafetyCheck.of("my-window", (admin, node) -> {
            gated.add(node.id());
            return Optional.empty();
        });
        Procedures withoutSql = new Procedures(new Engine(
                cluster.topology,
                cluster.control(),
                cluster,
                Optional.empty(),
                options().check(window).build()));

        withoutSql.execute(withoutSql.planRestart(cluster.topology.nodes()));

        assertThat(gated)
                .containsExactlyInAnyOrderElementsOf(
                        cluster.topology.nodes().stream().map(Node::id).toList());
    }

    @Test
    void resumeRefusesAJournalOfAnotherCluster() throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals("stop be-2")) {
                throw new Crash();
            }
        };
        assertThatThrownBy(() -> upgrade(options().build())).isInstanceOf(Crash.class);
        FakeCluster other = new FakeCluster("2.1.7");
        String yaml = other.topology.toYaml().replace("10.0.1.3", "10.9.9.9");
        Engine otherEngine = new Engine(
                io.dorisops.Topology.parse(yaml, "staging/cluster.yaml"),
                other.control(),
                other,
                Optional.of(other),
                options().build());

        assertThatThrownBy(() -> new Procedures(otherEngine).resume(Optional.empty()))
                .hasMessageContaining("is not of this cluster")
                .hasMessageContaining("fake.yaml")
                .hasMessageContaining("staging/cluster.yaml")
                .hasMessageContaining("10.0.1.3");
    }

    @Test
    void aJournalOfTheFirstFormatIsReadThroughItsPlan() throws Exception {
        Procedures procedures = procedures(options().build());
        String plan = "{\"cluster\":\"fake\",\"flavor\":\"DORIS\",\"target\":\"apache-doris-2.1.8-bin-x64\","
                + "\"packageFile\":\"" + pkg.toAbsolutePath() + "\",\"steps\":["
                + formatOneStep("be-1", "BE", "BACKEND_BEFORE_FRONTENDS") + ","
                + formatOneStep("be-2", "BE", "BACKEND_BEFORE_FRONTENDS") + ","
                + formatOneStep("be-3", "BE", "BACKEND_BEFORE_FRONTENDS") + ","
                + formatOneStep("fe-obs", "FE_OBSERVER", "OBSERVER_BEFORE_FOLLOWERS") + ","
                + formatOneStep("fe-2", "FE_FOLLOWER", "FOLLOWER_BEFORE_MASTER") + ","
                + formatOneStep("fe-3", "FE_FOLLOWER", "FOLLOWER_BEFORE_MASTER") + ","
                + formatOneStep("fe-1", "FE_FOLLOWER", "MASTER_LAST") + "],"
                + "\"skipped\":[],\"warnings\":[],\"createdAt\":\"2026-11-01T11:59:00Z\"}";
        Path journal = Files.createDirectories(dir.resolve("state/runs")).resolve("upgrade-20261101-120000.jsonl");
        Files.writeString(
                journal,
                "{\"type\":\"run\",\"time\":\"2026-11-01T12:00:00Z\",\"runId\":\"upgrade-20261101-120000\","
                        + "\"kind\":\"upgrade\",\"stamp\":\"20261101_120000\",\"user\":\"ops\",\"machine\":\"m\","
                        + "\"forced\":[],\"plan\":" + plan + "}\n"
                        + "{\"type\":\"staged\",\"time\":\"2026-11-01T12:00:01Z\",\"node\":\"be-1\"}\n"
                        + "{\"type\":\"node-done\",\"time\":\"2026-11-01T12:00:02Z\",\"node\":\"be-1\"}\n");
        cluster.get("be-1").bin = Version.parse("2.1.8");
        cluster.get("be-1").runningVersion = Version.parse("2.1.8");

        procedures.resume(Optional.empty());

        assertThat(cluster.log("stop")).containsExactly("be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
    }

    /** A step of a format-1 journal's plan. */
    private String formatOneStep(String id, String role, String reason) {
        return "{\"nodeId\":\"" + id + "\",\"role\":\"" + role + "\",\"host\":\""
                + cluster.topology.node(id).orElseThrow().host() + "\",\"from\":\"2.1.7\",\"reason\":\""
                + reason + "\"}";
    }

    @Test
    void restartRollsInUpgradeOrderPausesBalanceAndStartsANodeAgainWhenItsStartFails() {
        cluster.get("be-2").failingStarts = 1;
        Procedures procedures = procedures(options().build());
        Operation restart = procedures.planRestart(cluster.topology.nodes());

        assertThatThrownBy(() -> procedures.execute(restart))
                .hasMessageContaining("be-2")
                .hasMessageContaining("put back and running again");
        assertThat(cluster.get("be-2").running).isTrue();
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(cluster.log).contains("config disable_balance=true");
        cluster.log.clear();

        procedures(options().build()).resume(Optional.empty());

        assertThat(cluster.log("stop")).containsExactly("be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
    }

    @Test
    void startAndStopFollowTheRunbookOrder() {
        cluster.nodes.values().forEach(node -> node.running = false);
        cluster.master = "";
        Procedures procedures = procedures(options().build());

        java.util.concurrent.atomic.AtomicInteger readsBeforeFirstStart =
                new java.util.concurrent.atomic.AtomicInteger(-1);
        cluster.beforeAction = action -> readsBeforeFirstStart.compareAndSet(-1, cluster.frontendReads.get());
        RunResult started = procedures.execute(procedures.planStart(cluster.topology.nodes()));
        // Nothing asked the SQL control plane for a master while none could answer (a real one would wait).
        assertThat(readsBeforeFirstStart.get()).isZero();
        cluster.master = "fe-1";
        RunResult stopped = procedures.execute(procedures.planStop(cluster.topology.nodes()));

        assertThat(started.nodes()).containsExactly("fe-2", "fe-3", "fe-1", "fe-obs", "be-1", "be-2", "be-3");
        assertThat(stopped.nodes()).containsExactly("be-3", "be-2", "be-1", "fe-obs", "fe-1", "fe-3", "fe-2");
    }

    @Test
    void aColdStartStartsEveryFollowerBeforeAwaitingAnyAsNoneServesBeforeAQuorumRuns() {
        cluster.nodes.values().forEach(node -> node.running = false);
        cluster.master = "";
        cluster.quorumToServe = true;
        Procedures procedures = procedures(options().build());

        RunResult started = procedures.execute(procedures.planStart(cluster.topology.nodes()));

        assertThat(started.nodes()).containsExactly("fe-2", "fe-3", "fe-1", "fe-obs", "be-1", "be-2", "be-3");
        assertThat(cluster.master).isNotEmpty();
        assertThat(cluster.nodes.values()).allMatch(node -> node.running);
    }

    @Test
    void aColdStartAwaitsEveryFollowerServingAfterStartingThemAll() {
        Operation start = Plans.start(cluster.topology, cluster.topology.nodes(), Optional.empty());

        List<String> followerActions = start.steps().stream()
                .filter(step -> step.role().orElseThrow() == io.dorisops.Role.FE_FOLLOWER)
                .map(step -> step.actions().stream().map(Action::key).collect(java.util.stream.Collectors.joining(","))
                        + " " + step.nodeId())
                .toList();
        assertThat(followerActions)
                .containsExactly(
                        "start fe-1",
                        "start fe-2",
                        "start fe-3",
                        "await-ready fe-1",
                        "await-ready fe-2",
                        "await-ready fe-3");
        assertThat(Operation.fromJson(start.toJson())).isEqualTo(start);
    }

    @Test
    void anOperationRoundTripsThroughJsonAndPrintsWhatRuns() {
        Procedures procedures = procedures(options().build());
        Operation upgrade = UpgradePlanner.plan(
                cluster.topology,
                UpgradeSnapshot.read(
                        new Engine(
                                cluster.topology,
                                cluster.control(),
                                cluster,
                                Optional.of(cluster),
                                options().build()),
                        pkg.toAbsolutePath().toString(),
                        false),
                options().build(),
                "20261201_093000");

        assertThat(Operation.fromJson(upgrade.toJson())).isEqualTo(upgrade);
        assertThat(upgrade.describe())
                .contains("Upgrade fake (doris) to apache-doris-2.1.8-bin-x64, tablet balancing paused")
                .contains("be-1         be           BEs and CNs before FEs")
                .contains("stop, move bin/ and lib/ to *_backup_20261201_093000, deploy the 2.1.8 bin/ and lib/")
                .contains("on failure: stop, restore bin/ and lib/ from *_backup_20261201_093000");
    }

    private static ProgressListener events(List<ProgressEvent> events) {
        return new ProgressListener() {
            @Override
            public void nodeFailed(ProgressEvent event) {
                events.add(event);
            }
        };
    }

    /** Stands for the runner dying: not a failure the runner handles as a node's. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
