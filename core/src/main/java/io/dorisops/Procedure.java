package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run does to a cluster: one place to discover every procedure. {@link Cluster#plan(Procedure)}
 * shows the {@link Operation} a procedure will run (nothing is changed), {@link Cluster#run(Procedure,
 * RunOptions)} runs it; what every run takes (timeouts, forced gates, checks, hooks, listener) is in
 * {@link RunOptions}, what one procedure takes is an option of that procedure.
 *
 * <pre>{@code
 * Procedure upgrade = Procedure.upgrade(Path.of("apache-doris-2.1.8-bin-x64.tar.gz")).parallelAuto();
 * Operation plan = cluster.plan(upgrade);
 * log.info("{}", plan.describe()); // staging, the canary, batches, image steps: what will run
 * RunResult run = cluster.run(plan, RunOptions.defaults());
 * }</pre>
 */
@Beta
public sealed interface Procedure
        permits Procedure.Upgrade,
                ProcedureKinds.Restart,
                ProcedureKinds.Start,
                ProcedureKinds.Stop,
                ProcedureKinds.Rollback,
                ProcedureKinds.Deploy,
                ProcedureKinds.ScaleOut,
                ProcedureKinds.ScaleIn,
                ProcedureKinds.CancelScaleIn,
                ProcedureKinds.FailoverDrill,
                ProcedureKinds.RebuildBackend,
                ProcedureKinds.UpgradeImage,
                ProcedureKinds.Scale,
                ProcedureKinds.Backup {

    /** How long a backup job may stay in a state without progress before it counts as stalled, by default. */
    Duration DEFAULT_BACKUP_STALL = Duration.ofMinutes(30);

    /** A {@code maxParallel} without a cap but the placement's: batches as large as the replicas allow. */
    int UNLIMITED = Integer.MAX_VALUE;

    /** The operation kind this procedure plans (a {@link #scale}: scale-in, planned as a scale-out when the replicas do not fall). */
    Operation.Kind kind();

    /**
     * This procedure without the drain ({@code --no-drain}, {@code docs/drain.md}): each BE stops as soon as
     * its turn comes, without first disabling it and waiting for its running queries, as before the drain.
     * For comparison, and for clusters that cannot drain.
     *
     * @throws IllegalArgumentException for a procedure that does not drain (only an upgrade, a rolling
     *     restart and a scale-in do)
     */
    default Procedure noDrain() {
        throw new IllegalArgumentException(kind().key() + " does not drain backends; --no-drain is an option of"
                + " upgrade, restart and scale-in");
    }

    /**
     * The rolling upgrade to a release package (see {@code docs/upgrade.md}): staged first, the canary
     * first among the BEs, the master last; its options are set on the returned value.
     *
     * @param packageFile the release tarball, e.g. {@code apache-doris-2.1.8-bin-x64.tar.gz}
     */
    static Upgrade upgrade(Path packageFile) {
        return new Upgrade(requireNonNull(packageFile, "packageFile"), RunSettings.defaults(), true);
    }

    /** Restarts nodes one at a time in upgrade order (BEs first, the master last), each awaited ready. */
    static Procedure restart(Collection<Node> nodes) {
        return restart(nodes, 1);
    }

    /**
     * Restarts nodes with at most {@code maxParallel} BEs (or CNs) at once, in batches where no two hold a
     * replica of the same tablet ({@code docs/parallel.md}); {@link #UNLIMITED} batches by
     * location tag.
     */
    static Procedure restart(Collection<Node> nodes, int maxParallel) {
        return new ProcedureKinds.Restart(List.copyOf(nodes), maxParallel, true);
    }

    /** Starts nodes in the runbooks' order (FE followers with the last master last, then BEs); running ones are left alone. */
    static Procedure start(Collection<Node> nodes) {
        return new ProcedureKinds.Start(List.copyOf(nodes));
    }

    /** Stops nodes in the reverse of the start order; stopped ones are left alone. */
    static Procedure stop(Collection<Node> nodes) {
        return new ProcedureKinds.Stop(List.copyOf(nodes));
    }

    /** Returns the nodes an upgrade run changed to their backups, FEs before BEs; empty = the newest upgrade. */
    static Procedure rollback(Optional<String> runId) {
        return new ProcedureKinds.Rollback(requireNonNull(runId, "runId"));
    }

    /** Installs and starts the whole topology into empty homes from a release package ({@code docs/scaling.md}). */
    static Procedure deploy(Path packageFile) {
        return new ProcedureKinds.Deploy(requireNonNull(packageFile, "packageFile"));
    }

    /**
     * Adds nodes of the topology to the running cluster: installed from the package when given (else
     * their homes are taken as installed), FEs joining through {@code helper} (an FE id) or the master.
     */
    static Procedure scaleOut(Collection<Node> nodes, Optional<Path> packageFile, Optional<String> helper) {
        return new ProcedureKinds.ScaleOut(
                List.copyOf(nodes), requireNonNull(packageFile, "packageFile"), requireNonNull(helper, "helper"));
    }

    /**
     * Removes nodes from the cluster, BEs drained first; a drain whose tablet count does not fall for
     * {@code stuckAfter} fails as stuck ({@code docs/scaling.md}).
     */
    static Procedure scaleIn(Collection<Node> nodes, Duration stuckAfter) {
        return new ProcedureKinds.ScaleIn(List.copyOf(nodes), Durations.positive("stuckAfter", stuckAfter), true);
    }

    /** Cancels the decommission of BEs a scale-in left draining: they keep their replicas and take new ones. */
    static Procedure cancelScaleIn(Collection<Node> nodes) {
        return new ProcedureKinds.CancelScaleIn(List.copyOf(nodes));
    }

    /**
     * Stops the master FE, times until another follower is master and serves SQL, starts the old master
     * again as a follower; {@link RunResult#failoverDrill()} holds the times.
     */
    static Procedure failoverDrill() {
        return new ProcedureKinds.FailoverDrill();
    }

    /**
     * The rebuild rollback of a BE that starts on no version: dropped, its storage moved aside, the
     * previous version (in place, or the backup of {@code restoreStamp}) started and added back.
     */
    static Procedure rebuildBackend(Node node, Optional<String> restoreStamp) {
        return new ProcedureKinds.RebuildBackend(
                requireNonNull(node, "node"), requireNonNull(restoreStamp, "restoreStamp"));
    }

    /**
     * Backs every table of {@code database} up to {@code repository} under a generated label ({@code
     * dorisops_<db>_<yyyyMMdd_HHmmss>}), stalled after {@link #DEFAULT_BACKUP_STALL} without progress
     * ({@code docs/backup.md}).
     */
    static Procedure backup(String database, String repository) {
        return backup(database, List.of(), repository, Optional.empty(), DEFAULT_BACKUP_STALL, Map.of());
    }

    /**
     * Backs a database up to a repository: submits the snapshot job ({@code BACKUP SNAPSHOT}) once and
     * follows it through its states with progress events until it is finished; a job whose state and
     * progress do not change for the stall time fails the run naming the state and what to do, and
     * {@code resume} follows the same job again. Refused before anything is sent for a repository,
     * database or table the cluster lacks, and while a job of the database runs.
     *
     * @param tables the tables, empty for all of the database's
     * @param label the snapshot's label; empty for {@code dorisops_<db>_<yyyyMMdd_HHmmss>}
     * @param stallAfter how long a state may stay without progress
     * @param stallAfterByState the stall time of particular states ({@code UPLOADING} to {@code 2h}), by name
     */
    static Procedure backup(
            String database,
            List<String> tables,
            String repository,
            Optional<String> label,
            Duration stallAfter,
            Map<String, Duration> stallAfterByState) {
        return new ProcedureKinds.Backup(database, tables, repository, label, stallAfter, stallAfterByState);
    }

    /**
     * The upgrade by image of a cluster a Kubernetes operator runs ({@code docs/kubernetes.md}): BE and CN
     * first, FE after, the broker last, each component's image set and its rollout awaited (every pod
     * recreated and ready, every member alive in SQL at the target) before the next. Needs a node control
     * with component control; refused when planned on hosts.
     *
     * @param images images to use instead of each component's image re-tagged with the target, by component
     *     ({@code be} to {@code selectdb/doris.be-ubuntu:2.1.8}); empty re-tags them all
     */
    static Procedure upgradeImage(Version target, Map<String, String> images) {
        return new ProcedureKinds.UpgradeImage(target, requireNonNull(images, "images"));
    }

    /**
     * Sets the replicas of a component of a cluster a Kubernetes operator runs ({@code docs/kubernetes.md}):
     * a scale-out waits until the new members are alive at the cluster's version; a BE scale-in
     * decommissions the members the operator removes (the highest ordinals) before the replicas fall, a
     * scale-in of another component drops them after their pods are gone. A scale-in runs the gates of
     * hosts' ({@code follower-majority}, {@code replicas-fit}, {@code tablets-healthy}). Needs a node
     * control with component control.
     *
     * @param component {@code fe}, {@code be}, {@code cn} or {@code broker}
     * @throws IllegalArgumentException when {@code replicas} is negative
     */
    static Procedure scale(String component, int replicas) {
        return new ProcedureKinds.Scale(component, replicas);
    }

    /**
     * A rolling upgrade and its options; each option returns a new value.
     *
     * <pre>{@code
     * Procedure.Upgrade upgrade = Procedure.upgrade(pkg)
     *         .packageSha512(sha512)
     *         .canary(Canary.node("be-2", Duration.ofMinutes(10)))
     *         .maxParallel(3);
     * }</pre>
     */
    final class Upgrade implements Procedure, ProcedureKinds.Drained {
        private final Path packageFile;
        private final RunSettings options;
        private final boolean drain;

        private Upgrade(Path packageFile, RunSettings options, boolean drain) {
            this.packageFile = packageFile;
            this.options = options;
            this.drain = drain;
        }

        @Override
        public Upgrade noDrain() {
            return new Upgrade(packageFile, options, false);
        }

        @Override
        public boolean drain() {
            return drain;
        }

        @Override
        public Operation.Kind kind() {
            return Operation.Kind.UPGRADE;
        }

        public Path packageFile() {
            return packageFile;
        }

        /** The BE canary; default {@link Canary#auto()}. */
        public Upgrade canary(Canary canary) {
            return with(options.toBuilder().canary(canary));
        }

        /** How the pre-flight FE metadata check runs (where, how long); default {@link FrontendCheckOptions#defaults()}. */
        public Upgrade frontendCheck(FrontendCheckOptions check) {
            return with(options.toBuilder().frontendCheck(check));
        }

        /** Skips the pre-flight FE metadata check of a minor or major upgrade (journaled as a forced gate). */
        public Upgrade skipFrontendCheck() {
            return with(options.toBuilder().skipFrontendCheck());
        }

        /** Allows a target older than the running version (a downgrade the upgrade path permits). */
        public Upgrade allowDowngrade(boolean allow) {
            return with(options.toBuilder().allowDowngrade(allow));
        }

        /**
         * The package's SHA-512 (128 hex digits, as the release site publishes it), checked before anything
         * is staged.
         *
         * @throws IllegalArgumentException when it is not 128 hex digits
         */
        public Upgrade packageSha512(String hex) {
            return with(options.toBuilder().packageSha512(hex));
        }

        /** How many uploaded packages each host keeps after a successful upgrade; default 1. */
        public Upgrade keepStagedPackages(int count) {
            return with(options.toBuilder().keepStagedPackages(count));
        }

        /**
         * At most this many BEs (or CNs) upgrade at once, in batches where no two hold a replica of the same
         * tablet; 1 (the default) upgrades them one at a time, as the runbooks do.
         */
        public Upgrade maxParallel(int nodes) {
            return with(options.toBuilder().maxParallel(nodes));
        }

        /** Upgrades BEs in replica-aware batches, one per location tag when every table has one replica per tag. */
        public Upgrade parallelAuto() {
            return with(options.toBuilder().parallelAuto());
        }

        /** The engine's options: {@code run}'s plus this upgrade's. */
        RunSettings.Builder applyTo(RunSettings.Builder run) {
            options.forced().forEach(run::force);
            options.packageSha512().ifPresent(run::packageSha512);
            return run.canary(options.canary())
                    .frontendCheck(options.frontendCheck())
                    .allowDowngrade(options.allowDowngrade())
                    .keepStagedPackages(options.keepStagedPackages())
                    .maxParallel(options.maxParallel());
        }

        private Upgrade with(RunSettings.Builder changed) {
            return new Upgrade(packageFile, changed.build(), drain);
        }

        @Override
        public String toString() {
            return "upgrade to " + packageFile.getFileName();
        }
    }
}
