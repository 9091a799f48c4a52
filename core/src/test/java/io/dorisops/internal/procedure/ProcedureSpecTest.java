package io.dorisops.internal.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Operation.Kind;
import io.dorisops.internal.gate.Gate;
import io.dorisops.internal.gate.GateRegistry;
import io.dorisops.internal.gate.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each procedure's row, pinned: a change of policy shows here as one line. */
class ProcedureSpecTest {

    /** A row as one line: the flags that are on, then the gates of each phase. */
    private static String row(Kind kind) {
        ProcedureSpec spec = ProcedureSpec.of(kind);
        List<String> flags = new ArrayList<>();
        if (spec.rolling()) {
            flags.add("rolling");
        }
        if (spec.followsMaster()) {
            flags.add("followsMaster");
        }
        if (spec.pausesBalance()) {
            flags.add("pausesBalance");
        }
        if (spec.resumable()) {
            flags.add("resumable");
        }
        if (spec.refusedWhileUnfinished()) {
            flags.add("refusedWhileUnfinished");
        }
        if (spec.undoneByRollback()) {
            flags.add("undoneByRollback");
        }
        if (spec.undoesRun()) {
            flags.add("undoesRun");
        }
        if (spec.drains()) {
            flags.add("drains");
        }
        if (spec.needsSql()) {
            flags.add("needsSql");
        }
        if (spec.prunesStaged()) {
            flags.add("prunesStaged");
        }
        flags.add(spec.result().name());
        return String.join(" ", flags) + " | " + String.join(" ", spec.preflight()) + " | "
                + String.join(" ", spec.perNode()) + " | " + String.join(" ", spec.finalGates());
    }

    @Test
    void eachKindHasItsRow() {
        assertThat(row(Kind.UPGRADE))
                .isEqualTo("rolling followsMaster pausesBalance resumable refusedWhileUnfinished undoneByRollback"
                        + " drains needsSql prunesStaged ACTED_NODES | lock unfinished-run package upgrade-path disk-space"
                        + " nodes-alive tablets-healthy single-follower single-replica balance-paused"
                        + " fe-metadata-check | previous-node-ready fe-quorum-after-stop no-unhealthy-tablets"
                        + " master-last | ready-at-target tablets-repaired");
        assertThat(row(Kind.RESTART))
                .isEqualTo("rolling followsMaster pausesBalance resumable refusedWhileUnfinished drains ACTED_NODES |"
                        + " lock unfinished-run nodes-alive tablets-healthy single-replica balance-paused |"
                        + " previous-node-ready"
                        + " fe-quorum-after-stop no-unhealthy-tablets | tablets-repaired");
        assertThat(row(Kind.START)).isEqualTo("CHANGED_NODES | lock |  | ");
        assertThat(row(Kind.STOP)).isEqualTo("CHANGED_NODES | lock |  | ");
        assertThat(row(Kind.ROLLBACK))
                .isEqualTo(
                        "rolling followsMaster pausesBalance resumable undoesRun drains ACTED_NODES | lock balance-paused"
                                + " | previous-node-ready fe-quorum-after-stop no-unhealthy-tablets | ");
        assertThat(row(Kind.SCALE_IN))
                .isEqualTo(
                        "resumable refusedWhileUnfinished drains ACTED_NODES | lock unfinished-run nodes-alive"
                                + " tablets-healthy members replicas-fit capacity-fits tablet-scheduler follower-majority |  | ");
        assertThat(row(Kind.CANCEL_SCALE_IN)).isEqualTo("ACTED_NODES | lock members |  | ");
        assertThat(row(Kind.FAILOVER_DRILL)).isEqualTo("ACTED_NODES | lock drill-followers |  | ");
        assertThat(row(Kind.REBUILD)).isEqualTo("needsSql ACTED_NODES | lock rebuild-replicas |  | ");
        assertThat(row(Kind.DEPLOY))
                .isEqualTo("resumable refusedWhileUnfinished ACTED_NODES | lock unfinished-run package empty-home"
                        + " ports-free |  | ");
        assertThat(row(Kind.SCALE_OUT))
                .isEqualTo("resumable refusedWhileUnfinished ACTED_NODES | lock unfinished-run package empty-home"
                        + " ports-free already-member helper-reachable same-version |  | ");
        assertThat(row(Kind.BACKUP)).isEqualTo("resumable needsSql ACTED_NODES | lock |  | ");
        assertThat(ProcedureSpec.all()).extracting(ProcedureSpec::kind).containsExactly(Kind.values());
    }

    @Test
    void everyGateASpecNamesIsInTheTableInThatPhase() {
        for (ProcedureSpec spec : ProcedureSpec.all()) {
            assertThat(spec.preflight())
                    .allSatisfy(name -> assertThat(phase(name)).isEqualTo(Phase.PREFLIGHT));
            assertThat(spec.perNode())
                    .allSatisfy(name -> assertThat(phase(name)).isEqualTo(Phase.PER_NODE));
            assertThat(spec.finalGates())
                    .allSatisfy(name -> assertThat(phase(name)).isEqualTo(Phase.FINAL));
        }
    }

    /** Every gate but those of phase ACTION, which apply by the action, whatever the procedure. */
    @Test
    void everyGateOfTheTableIsRunBySomeProcedure() {
        List<String> run = ProcedureSpec.all().stream()
                .flatMap(spec -> Stream.of(spec.preflight(), spec.perNode(), spec.finalGates()))
                .flatMap(List::stream)
                .distinct()
                .toList();
        assertThat(GateRegistry.all().stream()
                        .filter(gate -> gate.phase() != Phase.ACTION)
                        .map(Gate::name)
                        .collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(run);
    }

    @Test
    void resumableIsTheKindsOwnAnswer() {
        for (Kind kind : Kind.values()) {
            assertThat(kind.resumable())
                    .as(kind.key())
                    .isEqualTo(ProcedureSpec.of(kind).resumable());
        }
    }

    private static Phase phase(String name) {
        return GateRegistry.named(name)
                .map(Gate::phase)
                .orElseThrow(() -> new AssertionError(name + " is not in the gate table"));
    }
}
