package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.gate.GateRegistry;
import io.dorisops.internal.gate.Phase;
import io.dorisops.internal.procedure.PlannedOptions;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a run goes, whatever its procedure ({@link Cluster#run(Procedure, RunOptions)}): timeouts, the
 * stop mode, rollback on failure, the gates forced, the user's safety checks and hooks, the progress
 * listener and the state directory of journals and locks. What only one procedure needs (an upgrade's
 * canary, package SHA-512 or FE metadata check) is an option of that {@link Procedure}.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder()
 *         .readyTimeout(Duration.ofMinutes(5))
 *         .force("tablet-health")
 *         .listener(event -> log.info("{}", event))
 *         .build();
 * }</pre>
 */
@Beta
public final class RunOptions {

    /** The pre-flight gates {@link Builder#force} may name (from the gate table, {@code docs/DESIGN.md}). */
    public static final Set<String> PREFLIGHT_CHECKS =
            Collections.unmodifiableSet(GateRegistry.names(Phase.PREFLIGHT, true));

    /** The built-in gates before each node that {@link Builder#force} may name. */
    public static final Set<String> NODE_CHECKS = Collections.unmodifiableSet(GateRegistry.names(Phase.PER_NODE, true));

    /** Gates that can never be forced: skipping them risks the FE quorum, data or the run's record. */
    public static final Set<String> UNFORCEABLE = Collections.unmodifiableSet(GateRegistry.unforceable());

    /** Hosts staged at once by default ({@link Builder#transferParallel}). */
    public static final int TRANSFER_PARALLEL = 4;

    private static final RunOptions DEFAULTS = builder().build();

    private final RunSettings run;

    private RunOptions(RunSettings run) {
        this.run = run;
    }

    /** The defaults: the topology's timeouts, graceful stops, rollback on failure, nothing forced. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(RunSettings.builder());
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder(run.toBuilder());
    }

    /** How long a node may take to become ready; empty = the topology's {@code timeouts.ready}. */
    public Optional<Duration> readyTimeout() {
        return run.readyTimeout();
    }

    /** How often readiness is polled; empty = the topology's {@code timeouts.poll}. */
    public Optional<Duration> pollInterval() {
        return run.pollInterval();
    }

    /** Whether nodes stop gracefully (Doris {@code --grace}, StarRocks {@code --graceful}); default true. */
    public boolean gracefulStop() {
        return run.gracefulStop();
    }

    /** Whether a node that does not become ready is restored to its backup and restarted; default true. */
    public boolean rollbackOnFailure() {
        return run.rollbackOnFailure();
    }

    /** The gates skipped by name, journaled as forced. */
    public Set<String> forced() {
        return run.forced();
    }

    /** The user's safety checks, each a gate before and after every node. */
    public List<SafetyCheck> checks() {
        return run.checks();
    }

    /** The user's hooks around every node. */
    public List<NodeHook> hooks() {
        return run.hooks();
    }

    public ProgressListener listener() {
        return run.listener();
    }

    /** At most this many hosts are staged at once; default {@value #TRANSFER_PARALLEL}. */
    public int transferParallel() {
        return run.transferParallel();
    }

    /** Where journals and the run lock are; empty = the cluster's (or the topology's default). */
    public Optional<Path> stateDir() {
        return run.stateDir();
    }

    /** The client traffic the run is watched under; empty: none ({@link Builder#traffic}). */
    public Optional<Traffic> traffic() {
        return run.traffic();
    }

    /** The engine's options for a run of {@code procedure}: these plus the procedure's own. */
    RunSettings forProcedure(Procedure procedure) {
        return procedure instanceof Procedure.Upgrade upgrade
                ? upgrade.applyTo(run.toBuilder()).build()
                : ProcedureKinds.applyTo(procedure, run);
    }

    /** The engine's options for a run of a planned operation: these plus the procedure options it records. */
    RunSettings forOperation(Operation operation) {
        return PlannedOptions.apply(operation.options(), run.toBuilder()).build();
    }

    /** The engine's options for what reads or continues runs (resume, history, report). */
    RunSettings forRuns() {
        return run;
    }

    /** Builds {@link RunOptions}; every setter validates at once. */
    public static final class Builder {
        private final RunSettings.Builder run;

        private Builder(RunSettings.Builder run) {
            this.run = run;
        }

        public Builder readyTimeout(Duration timeout) {
            run.readyTimeout(timeout);
            return this;
        }

        public Builder pollInterval(Duration interval) {
            run.pollInterval(interval);
            return this;
        }

        public Builder gracefulStop(boolean graceful) {
            run.gracefulStop(graceful);
            return this;
        }

        public Builder rollbackOnFailure(boolean rollback) {
            run.rollbackOnFailure(rollback);
            return this;
        }

        /**
         * Skips a gate by name, as {@code --force} takes it ({@link #PREFLIGHT_CHECKS}, {@link
         * #NODE_CHECKS}) or one of the user's {@link #check checks}; the journal records it.
         *
         * @throws IllegalArgumentException for a gate that cannot be forced; an unknown name is refused by
         *     {@link #build()}, once the user's checks are known
         */
        public Builder force(String gate) {
            run.force(gate);
            return this;
        }

        public Builder check(SafetyCheck check) {
            run.check(check);
            return this;
        }

        public Builder hook(NodeHook hook) {
            run.hook(hook);
            return this;
        }

        public Builder listener(ProgressListener listener) {
            run.listener(listener);
            return this;
        }

        public Builder stateDir(Path dir) {
            run.stateDir(dir);
            return this;
        }

        /**
         * The client traffic the run is watched under: read once a second while the run goes, each change
         * journaled, so the run report and {@code dorisops history --json} show the failed queries and loads
         * beside each node's drain and downtime ({@link Traffic}; the sandbox {@code Workload} is one).
         */
        public Builder traffic(Traffic traffic) {
            run.traffic(traffic);
            return this;
        }

        /**
         * At most this many hosts are staged at once (a package uploaded, verified and unpacked); 1 stages
         * one host after the other.
         *
         * @throws IllegalArgumentException when {@code hosts} is below 1
         */
        public Builder transferParallel(int hosts) {
            run.transferParallel(hosts);
            return this;
        }

        /** @throws IllegalArgumentException when {@link #force} named a gate that does not exist */
        public RunOptions build() {
            return new RunOptions(requireNonNull(run.build(), "run"));
        }
    }
}
