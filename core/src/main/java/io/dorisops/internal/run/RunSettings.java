package io.dorisops.internal.run;

import static java.util.Objects.requireNonNull;

import io.dorisops.Canary;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.NodeHook;
import io.dorisops.Procedure;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.SafetyCheck;
import io.dorisops.Traffic;
import io.dorisops.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's settings of one run: the {@link RunOptions} every run takes plus the options of its
 * procedure (an upgrade's canary, package SHA-512, FE metadata check, downgrade, staged packages kept,
 * batch size), as {@link RunOptions} and {@link Procedure.Upgrade} make them and a plan records them
 * ({@code PlannedOptions}); not API.
 */
public final class RunSettings {

    /** {@link #transferParallel} by default: hosts staged at once. */
    public static final int TRANSFER_PARALLEL = RunOptions.TRANSFER_PARALLEL;

    /** {@link #maxParallel} of {@link Builder#parallelAuto()}: batches as large as the placement allows. */
    public static final int UNLIMITED = Procedure.UNLIMITED;

    private final Optional<Duration> readyTimeout;
    private final Optional<Duration> pollInterval;
    private final boolean gracefulStop;
    private final boolean rollbackOnFailure;
    private final boolean allowDowngrade;
    private final Set<String> forced;
    private final List<SafetyCheck> checks;
    private final List<NodeHook> hooks;
    private final ProgressListener listener;
    private final Optional<Path> stateDir;
    private final int keepStagedPackages;
    private final Optional<String> packageSha512;
    private final FrontendCheckOptions frontendCheck;
    private final Canary canary;
    private final int maxParallel;
    private final int transferParallel;
    private final Optional<Traffic> traffic;

    private RunSettings(
            Optional<Duration> readyTimeout,
            Optional<Duration> pollInterval,
            boolean gracefulStop,
            boolean rollbackOnFailure,
            boolean allowDowngrade,
            Set<String> forced,
            List<SafetyCheck> checks,
            List<NodeHook> hooks,
            ProgressListener listener,
            Optional<Path> stateDir,
            int keepStagedPackages,
            Optional<String> packageSha512,
            FrontendCheckOptions frontendCheck,
            Canary canary,
            int maxParallel,
            int transferParallel,
            Optional<Traffic> traffic) {
        requireNonNull(readyTimeout, "readyTimeout");
        requireNonNull(pollInterval, "pollInterval");
        forced = Set.copyOf(forced);
        checks = List.copyOf(checks);
        hooks = List.copyOf(hooks);
        requireNonNull(listener, "listener");
        requireNonNull(stateDir, "stateDir");
        if (keepStagedPackages < 0) {
            throw new IllegalArgumentException("keepStagedPackages must be 0 or more, was " + keepStagedPackages);
        }
        requireNonNull(packageSha512, "packageSha512");
        requireNonNull(frontendCheck, "frontendCheck");
        requireNonNull(canary, "canary");
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be 1 or more, was " + maxParallel);
        }
        this.readyTimeout = readyTimeout;
        this.pollInterval = pollInterval;
        this.gracefulStop = gracefulStop;
        this.rollbackOnFailure = rollbackOnFailure;
        this.allowDowngrade = allowDowngrade;
        this.forced = forced;
        this.checks = checks;
        this.hooks = hooks;
        this.listener = listener;
        this.stateDir = stateDir;
        this.keepStagedPackages = keepStagedPackages;
        this.packageSha512 = packageSha512;
        this.frontendCheck = frontendCheck;
        this.canary = canary;
        this.maxParallel = maxParallel;
        this.transferParallel = transferParallel;
        this.traffic = requireNonNull(traffic, "traffic");
    }

    /** The client traffic the run is watched under, journaled once a second while it changes; empty: none. */
    public Optional<Traffic> traffic() {
        return traffic;
    }

    /** At most this many hosts are staged (uploaded to) at once; default {@value #TRANSFER_PARALLEL}. */
    public int transferParallel() {
        return transferParallel;
    }

    /** How long a node may take to become ready; empty = the topology's {@code timeouts.ready}. */
    public Optional<Duration> readyTimeout() {
        return readyTimeout;
    }

    /** How often waits poll; empty = the topology's {@code timeouts.poll}. */
    public Optional<Duration> pollInterval() {
        return pollInterval;
    }

    /** Stop nodes gracefully (Doris {@code --grace}, StarRocks {@code --graceful}). */
    public boolean gracefulStop() {
        return gracefulStop;
    }

    /** Restore a node that does not become ready to its backup and restart it. */
    public boolean rollbackOnFailure() {
        return rollbackOnFailure;
    }

    /** Let the plan go to an older patch release. */
    public boolean allowDowngrade() {
        return allowDowngrade;
    }

    /** Pre-flight checks to skip, by name; recorded in the journal. */
    public Set<String> forced() {
        return forced;
    }

    /** Extra safety checks evaluated before each node. */
    public List<SafetyCheck> checks() {
        return checks;
    }

    /** Code run before each stop and after each node is ready. */
    public List<NodeHook> hooks() {
        return hooks;
    }

    /** Progress events. */
    public ProgressListener listener() {
        return listener;
    }

    /** Where the lock and the journals live; empty = {@code ~/.dorisops/<cluster>-<members digest>}. */
    public Optional<Path> stateDir() {
        return stateDir;
    }

    /** How many uploaded packages each host keeps after a successful upgrade. */
    public int keepStagedPackages() {
        return keepStagedPackages;
    }

    /** The package's SHA-512 as published with the release (128 hex digits), verified before anything is staged; a {@code <package>.sha512} beside the tarball is verified too. */
    public Optional<String> packageSha512() {
        return packageSha512;
    }

    /** How the pre-flight FE metadata check ({@code fe-metadata-check}) runs. */
    public FrontendCheckOptions frontendCheck() {
        return frontendCheck;
    }

    /** The BE canary of the upgrade. */
    public Canary canary() {
        return canary;
    }

    /** How many BEs (or CNs) restart at once: 1 (the default) one at a time; more, in replica-aware batches of at most that many ({@link Builder#parallelAuto()}: no cap but the placement's), see {@code docs/parallel.md}. */
    public int maxParallel() {
        return maxParallel;
    }

    /** True when BEs and CNs restart in replica-aware batches rather than one at a time. */
    public boolean parallel() {
        return maxParallel > 1;
    }

    /** The defaults. */
    public static RunSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.readyTimeout = readyTimeout;
        builder.pollInterval = pollInterval;
        builder.gracefulStop = gracefulStop;
        builder.rollbackOnFailure = rollbackOnFailure;
        builder.allowDowngrade = allowDowngrade;
        builder.forced.addAll(forced);
        builder.checks.addAll(checks);
        builder.hooks.addAll(hooks);
        builder.listener = listener;
        builder.stateDir = stateDir;
        builder.keepStagedPackages = keepStagedPackages;
        builder.packageSha512 = packageSha512;
        builder.frontendCheck = frontendCheck;
        builder.canary = canary;
        builder.maxParallel = maxParallel;
        builder.transferParallel = transferParallel;
        builder.traffic = traffic;
        return builder;
    }

    /** Builds {@link RunSettings}; every setter validates at once. */
    public static final class Builder {
        private Optional<Duration> readyTimeout = Optional.empty();
        private Optional<Duration> pollInterval = Optional.empty();
        private boolean gracefulStop = true;
        private boolean rollbackOnFailure = true;
        private boolean allowDowngrade;
        private final Set<String> forced = new LinkedHashSet<>();
        private final List<SafetyCheck> checks = new ArrayList<>();
        private final List<NodeHook> hooks = new ArrayList<>();
        private Optional<Traffic> traffic = Optional.empty();
        private ProgressListener listener = ProgressListener.NONE;
        private Optional<Path> stateDir = Optional.empty();
        private int keepStagedPackages = 1;
        private Optional<String> packageSha512 = Optional.empty();
        private FrontendCheckOptions frontendCheck = FrontendCheckOptions.defaults();
        private Canary canary = Canary.auto();
        private int maxParallel = 1;
        private int transferParallel = TRANSFER_PARALLEL;
        private boolean auto;

        private Builder() {}

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Optional.of(positive("readyTimeout", timeout));
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = Optional.of(positive("pollInterval", interval));
            return this;
        }

        public Builder gracefulStop(boolean graceful) {
            this.gracefulStop = graceful;
            return this;
        }

        public Builder rollbackOnFailure(boolean rollback) {
            this.rollbackOnFailure = rollback;
            return this;
        }

        public Builder allowDowngrade(boolean allow) {
            this.allowDowngrade = allow;
            return this;
        }

        /**
         * Skips a gate by name: a pre-flight check ({@link RunOptions#PREFLIGHT_CHECKS}), a built-in safety check
         * ({@link RunOptions#NODE_CHECKS}) or one of the user's {@link #check checks}; the journal records it.
         *
         * @throws IllegalArgumentException for a gate that cannot be forced ({@link RunOptions#UNFORCEABLE}); an
         *     unknown name is refused by {@link #build()}, once the user's checks are known
         */
        public Builder force(String check) {
            requireNonNull(check, "check");
            if (RunOptions.UNFORCEABLE.contains(check)) {
                throw new IllegalArgumentException("the check \"" + check + "\" cannot be forced: skipping it risks"
                        + " the FE quorum, data or the run's record");
            }
            forced.add(check);
            return this;
        }

        /**
         * The package's SHA-512 (128 hex digits, as the release site publishes it), checked before
         * anything is staged.
         *
         * @throws IllegalArgumentException when it is not 128 hex digits
         */
        public Builder packageSha512(String hex) {
            requireNonNull(hex, "hex");
            String digits = hex.strip();
            if (!digits.matches("[0-9a-fA-F]{128}")) {
                throw new IllegalArgumentException("a SHA-512 is 128 hex digits, was " + digits.length() + " characters"
                        + (digits.isEmpty()
                                ? ""
                                : " starting \"" + digits.substring(0, Math.min(12, digits.length())) + "\""));
            }
            this.packageSha512 = Optional.of(digits.toLowerCase(Locale.ROOT));
            return this;
        }

        /** How many uploaded packages each host keeps after a successful upgrade; default 1. */
        public Builder keepStagedPackages(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("keepStagedPackages must be 0 or more, was " + count);
            }
            this.keepStagedPackages = count;
            return this;
        }

        /** How the pre-flight FE metadata check runs (where, how long); default {@link FrontendCheckOptions#defaults()}. */
        public Builder frontendCheck(FrontendCheckOptions options) {
            this.frontendCheck = requireNonNull(options, "frontendCheck");
            return this;
        }

        /**
         * Skips the pre-flight FE metadata check of a minor or major upgrade: {@code
         * force("fe-metadata-check")}, journaled as every forced gate.
         */
        public Builder skipFrontendCheck() {
            return force("fe-metadata-check");
        }

        /** The BE canary; default {@link Canary#auto()}. */
        public Builder canary(Canary canary) {
            this.canary = requireNonNull(canary, "canary");
            return this;
        }

        public Builder check(SafetyCheck check) {
            checks.add(requireNonNull(check, "check"));
            return this;
        }

        public Builder hook(NodeHook hook) {
            hooks.add(requireNonNull(hook, "hook"));
            return this;
        }

        public Builder listener(ProgressListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        public Builder stateDir(Path dir) {
            this.stateDir = Optional.of(requireNonNull(dir, "stateDir"));
            return this;
        }

        /** The client traffic the run is watched under ({@link Traffic}). */
        public Builder traffic(Traffic traffic) {
            this.traffic = Optional.of(requireNonNull(traffic, "traffic"));
            return this;
        }

        /**
         * At most this many BEs (or CNs) restart at once, in batches where no two BEs hold a replica of
         * the same tablet; 1 (the default) restarts them one at a time, as the runbooks do.
         */
        public Builder maxParallel(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException(
                        "maxParallel must be 1 or more, was " + nodes + "; 1 restarts one node at a time");
            }
            this.maxParallel = nodes;
            return this;
        }

        /**
         * At most this many hosts are staged at once (the package uploaded, verified and unpacked); 1 stages
         * one host after the other.
         */
        public Builder transferParallel(int hosts) {
            if (hosts < 1) {
                throw new IllegalArgumentException(
                        "transferParallel must be 1 or more, was " + hosts + "; 1 stages one host at a time");
            }
            this.transferParallel = hosts;
            return this;
        }

        /**
         * Restarts BEs in replica-aware batches (one per location tag when every table has one replica
         * per tag), capped by {@link #maxParallel} when that is set above 1.
         */
        public Builder parallelAuto() {
            this.auto = true;
            return this;
        }

        /** @throws IllegalArgumentException when {@link #force} named a gate that does not exist */
        public RunSettings build() {
            Set<String> known = new TreeSet<>(RunOptions.PREFLIGHT_CHECKS);
            known.addAll(RunOptions.NODE_CHECKS);
            checks.forEach(check -> known.add(check.name()));
            for (String name : forced) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown check \"" + name + "\"; --force takes one of " + known);
                }
            }
            return new RunSettings(
                    readyTimeout,
                    pollInterval,
                    gracefulStop,
                    rollbackOnFailure,
                    allowDowngrade,
                    forced,
                    checks,
                    hooks,
                    listener,
                    stateDir,
                    keepStagedPackages,
                    packageSha512,
                    frontendCheck,
                    canary,
                    auto && maxParallel == 1 ? UNLIMITED : maxParallel,
                    transferParallel,
                    traffic);
        }

        private static Duration positive(String name, Duration value) {
            return Durations.positive(name, value);
        }
    }
}
