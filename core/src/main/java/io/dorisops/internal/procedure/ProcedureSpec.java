package io.dorisops.internal.procedure;

import static java.util.Objects.requireNonNull;

import io.dorisops.Operation.Kind;
import io.dorisops.spi.NodeControl.Capability;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A procedure's policy as data: one immutable row per {@link Kind}, the only place a kind is told from
 * another. The runner, its gates and its recovery ask the row; a plan builder names the kind it builds.
 *
 * <p>Adding a procedure: a {@link Kind}, a row in {@link #ROWS}, a plan builder, and (at most) its
 * actions' handlers and its gates' entries in {@link io.dorisops.internal.gate.GateRegistry}; the row
 * table in {@code docs/DESIGN.md} says what each column means.
 *
 * @param kind the procedure
 * @param rolling node by node with the cluster serving: before each disruptive step on a running node
 *     its {@link #perNode} gates and the user's checks pass and the before-stop hooks run; the
 *     after-ready hooks run after it
 * @param followsMaster in the FE phase the next step is chosen by the live master (followers first, the
 *     master last), not by plan order
 * @param pausesBalance its plans pause tablet balancing while BEs restart (not on a decoupled cluster)
 * @param resumable an unfinished run is continued by {@code resume} (and blocks the procedures whose
 *     {@link #preflight} names {@code unfinished-run})
 * @param undoneByRollback {@code rollback} undoes a run of it from its backups
 * @param undoesRun a run of it undoes an earlier run ({@code Operation.of()}), which it marks rolled back
 * @param drains its plans drain each BE before it stops and enable it again after ({@code docs/drain.md};
 *     {@code --no-drain} plans without)
 * @param needsSql it cannot plan or check without the SQL control plane
 * @param preflight its pre-flight gates, by name
 * @param perNode its built-in per-node gates, by name (the user's checks run after them)
 * @param finalGates the gates of its end, by name
 * @param result what its result lists as the nodes it went through
 * @param prunesStaged after a success each host keeps only the newest staged packages
 * @param needs the node-control capabilities every plan of it needs (the lock's run marker, the
 *     processes it starts and stops); its actions add theirs ({@code ActionHandlers}), and a plan whose
 *     cluster lacks one is refused before anything runs. An upgrade and a scale need no more of their own:
 *     by package on hosts (binary store, process control) or by image on Kubernetes (component control),
 *     their steps' actions say which
 */
public record ProcedureSpec(
        Kind kind,
        boolean rolling,
        boolean followsMaster,
        boolean pausesBalance,
        boolean resumable,
        boolean undoneByRollback,
        boolean undoesRun,
        boolean drains,
        boolean needsSql,
        List<String> preflight,
        List<String> perNode,
        List<String> finalGates,
        Result result,
        boolean prunesStaged,
        Set<Capability> needs) {

    /** Which nodes a run's result names. */
    public enum Result {
        /** Every node the run stepped through (finished a step on). */
        ACTED_NODES,
        /** Only the nodes whose state the run changed (a start of a running node changes nothing). */
        CHANGED_NODES
    }

    private static final List<String> ROLLING_NODE_GATES =
            List.of("previous-node-ready", "fe-quorum-after-stop", "no-unhealthy-tablets");

    private static final Map<Kind, ProcedureSpec> ROWS = rows(
            row(Kind.UPGRADE, Result.ACTED_NODES, Set.of(Capability.RUN_MARKER))
                    .rolling()
                    .followsMaster()
                    .pausesBalance()
                    .resumable()
                    .undoneByRollback()
                    .drains()
                    .needsSql()
                    .prunesStaged()
                    .preflight(List.of(
                            "lock",
                            "unfinished-run",
                            "package",
                            "upgrade-path",
                            "disk-space",
                            "nodes-alive",
                            "tablets-healthy",
                            "single-follower",
                            "single-replica",
                            "balance-paused",
                            "fe-metadata-check"))
                    .perNode(List.of(
                            "previous-node-ready", "fe-quorum-after-stop", "no-unhealthy-tablets", "master-last"))
                    .finalGates(List.of("ready-at-target", "tablets-repaired")),
            row(Kind.RESTART, Result.ACTED_NODES, Set.of(Capability.RUN_MARKER, Capability.PROCESS_CONTROL))
                    .rolling()
                    .followsMaster()
                    .pausesBalance()
                    .resumable()
                    .drains()
                    .preflight(List.of(
                            "lock",
                            "unfinished-run",
                            "nodes-alive",
                            "tablets-healthy",
                            "single-replica",
                            "balance-paused"))
                    .perNode(ROLLING_NODE_GATES)
                    .finalGates(List.of("tablets-repaired")),
            row(Kind.START, Result.CHANGED_NODES, Set.of(Capability.RUN_MARKER, Capability.PROCESS_CONTROL))
                    .preflight(List.of("lock")),
            row(Kind.STOP, Result.CHANGED_NODES, Set.of(Capability.RUN_MARKER, Capability.PROCESS_CONTROL))
                    .preflight(List.of("lock")),
            row(
                            Kind.ROLLBACK,
                            Result.ACTED_NODES,
                            Set.of(Capability.RUN_MARKER, Capability.PROCESS_CONTROL, Capability.BINARY_STORE))
                    .rolling()
                    .followsMaster()
                    .pausesBalance()
                    .resumable()
                    .undoesRun()
                    .drains()
                    .preflight(List.of("lock", "balance-paused"))
                    .perNode(ROLLING_NODE_GATES),
            row(Kind.SCALE_IN, Result.ACTED_NODES, Set.of(Capability.RUN_MARKER))
                    .resumable()
                    .drains()
                    .preflight(List.of(
                            "lock",
                            "unfinished-run",
                            "nodes-alive",
                            "tablets-healthy",
                            "members",
                            "replicas-fit",
                            "capacity-fits",
                            "tablet-scheduler",
                            "follower-majority")),
            row(Kind.CANCEL_SCALE_IN, Result.ACTED_NODES, Set.of(Capability.RUN_MARKER))
                    .preflight(List.of("lock", "members")),
            row(Kind.FAILOVER_DRILL, Result.ACTED_NODES, Set.of(Capability.RUN_MARKER, Capability.PROCESS_CONTROL))
                    .preflight(List.of("lock", "drill-followers")),
            row(
                            Kind.REBUILD,
                            Result.ACTED_NODES,
                            Set.of(Capability.RUN_MARKER, Capability.PROCESS_CONTROL, Capability.BINARY_STORE))
                    .needsSql()
                    .preflight(List.of("lock", "rebuild-replicas")),
            row(
                            Kind.DEPLOY,
                            Result.ACTED_NODES,
                            Set.of(Capability.RUN_MARKER, Capability.PROCESS_CONTROL, Capability.INSTALLER))
                    .resumable()
                    .preflight(List.of("lock", "unfinished-run", "package", "empty-home", "ports-free")),
            row(Kind.SCALE_OUT, Result.ACTED_NODES, Set.of(Capability.RUN_MARKER))
                    .resumable()
                    .preflight(List.of(
                            "lock",
                            "unfinished-run",
                            "package",
                            "empty-home",
                            "ports-free",
                            "already-member",
                            "helper-reachable",
                            "same-version")),
            row(Kind.BACKUP, Result.ACTED_NODES, Set.of(Capability.RUN_MARKER))
                    .resumable()
                    .needsSql()
                    .preflight(List.of("lock")));

    public ProcedureSpec {
        requireNonNull(kind, "kind");
        preflight = List.copyOf(preflight);
        perNode = List.copyOf(perNode);
        finalGates = List.copyOf(finalGates);
        requireNonNull(result, "result");
        needs = Set.copyOf(needs);
        if (!rolling && !perNode.isEmpty()) {
            throw new IllegalArgumentException(kind + ": only a rolling procedure has per-node gates");
        }
    }

    /** The row of a kind. */
    public static ProcedureSpec of(Kind kind) {
        return ROWS.get(requireNonNull(kind, "kind"));
    }

    /** Every row, in the order of {@link Kind}. */
    public static List<ProcedureSpec> all() {
        return List.copyOf(ROWS.values());
    }

    /** True when the procedure runs the gate of this name (in any phase). */
    public boolean runs(String gate) {
        return preflight.contains(gate) || perNode.contains(gate) || finalGates.contains(gate);
    }

    /** True when a new run is refused while an earlier resumable run of the cluster is unfinished. */
    public boolean refusedWhileUnfinished() {
        return preflight.contains("unfinished-run");
    }

    private static Map<Kind, ProcedureSpec> rows(Row... table) {
        Map<Kind, ProcedureSpec> rows = new EnumMap<>(Kind.class);
        for (Row row : table) {
            ProcedureSpec spec = row.spec();
            if (rows.put(spec.kind(), spec) != null) {
                throw new IllegalStateException("two rows for " + spec.kind());
            }
        }
        if (rows.size() != Kind.values().length) {
            throw new IllegalStateException("a kind has no row: " + rows.keySet());
        }
        return rows;
    }

    private static Row row(Kind kind, Result result, Set<Capability> needs) {
        return new Row(kind, result, needs);
    }

    /** One row of {@link #ROWS} as it reads: the kind, its result and needs, then only the traits it has. */
    private static final class Row {
        private final Kind kind;
        private final Result result;
        private final Set<Capability> needs;
        private boolean rolling;
        private boolean followsMaster;
        private boolean pausesBalance;
        private boolean resumable;
        private boolean undoneByRollback;
        private boolean undoesRun;
        private boolean drains;
        private boolean needsSql;
        private boolean prunesStaged;
        private List<String> preflight = List.of();
        private List<String> perNode = List.of();
        private List<String> finalGates = List.of();

        Row(Kind kind, Result result, Set<Capability> needs) {
            this.kind = kind;
            this.result = result;
            this.needs = needs;
        }

        Row rolling() {
            rolling = true;
            return this;
        }

        Row followsMaster() {
            followsMaster = true;
            return this;
        }

        Row pausesBalance() {
            pausesBalance = true;
            return this;
        }

        Row resumable() {
            resumable = true;
            return this;
        }

        Row undoneByRollback() {
            undoneByRollback = true;
            return this;
        }

        Row undoesRun() {
            undoesRun = true;
            return this;
        }

        Row drains() {
            drains = true;
            return this;
        }

        Row needsSql() {
            needsSql = true;
            return this;
        }

        Row prunesStaged() {
            prunesStaged = true;
            return this;
        }

        Row preflight(List<String> gates) {
            preflight = gates;
            return this;
        }

        Row perNode(List<String> gates) {
            perNode = gates;
            return this;
        }

        Row finalGates(List<String> gates) {
            finalGates = gates;
            return this;
        }

        ProcedureSpec spec() {
            return new ProcedureSpec(
                    kind,
                    rolling,
                    followsMaster,
                    pausesBalance,
                    resumable,
                    undoneByRollback,
                    undoesRun,
                    drains,
                    needsSql,
                    preflight,
                    perNode,
                    finalGates,
                    result,
                    prunesStaged,
                    needs);
        }
    }
}
