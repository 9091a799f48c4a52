package io.dorisops.internal.action;

import static java.util.Objects.requireNonNull;

import io.dorisops.Operation;
import io.dorisops.Version;
import io.dorisops.internal.Durations;
import io.dorisops.internal.Stamps;
import io.dorisops.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One typed thing an {@link Operation} does to a node or to the cluster: the engine's instruction set,
 * not API (users read a step's {@link Operation.Step#actionKeys()} and {@link Operation.Step#describe()}).
 * The runner performs each through the handler its class has in the engine's dispatch table ({@code
 * ActionHandlers}: node, membership, tablet and component actions), journals it and reports it as a
 * step event named by {@link #key()}. Every action is idempotent: doing it again after it was done (a
 * resumed run redoing the action a crash cut short) changes nothing more. A new action is a record here
 * plus one entry in a handler group; a plan naming an action without a handler is refused before it runs.
 * Scripts on hosts go over a {@link Transport}.
 */
public sealed interface Action
        permits Action.Stage,
                Action.Stop,
                Action.Backup,
                Action.Deploy,
                Action.Start,
                Action.AwaitReady,
                Action.Restore,
                Action.CreateImage,
                Action.Decommission,
                Action.CancelDecommission,
                Action.AwaitDrained,
                Action.DropBackend,
                Action.DropFrontend,
                Action.AwaitNewMaster,
                Action.AwaitSoak,
                Action.SetAsideStorage,
                Action.AwaitTabletsHealthy,
                Action.Install,
                Action.WriteConf,
                Action.AddMember,
                Action.DisableBackend,
                Action.AwaitIdle,
                Action.EnableBackend,
                Action.SubmitBackup,
                Action.AwaitBackup,
                Action.OnComponent {

    /**
     * The action's name in events, the journal and the CLI: its record's name in kebab case ({@code
     * AwaitReady} is {@code await-ready}) unless the record says otherwise.
     */
    default String key() {
        return getClass().getSimpleName().replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase(Locale.ROOT);
    }

    /** The action in a few words for people. */
    String describe();

    /** True when the action takes the node out of service: the step's safety checks and hooks come first. */
    default boolean disruptive() {
        return false;
    }

    /**
     * The action that must follow this one on every outcome once it was done, or may have been: the
     * runner performs it after a failure of the step (after its undo actions, whatever they did), and a
     * plan ends the step with it. A disabled BE is enabled again ({@link DisableBackend}); empty for most.
     */
    default Optional<Action> release() {
        return Optional.empty();
    }

    /** True for the actions of a drain ({@code --no-drain} plans without them, {@code docs/drain.md}). */
    default boolean drain() {
        return false;
    }

    /**
     * Uploads the package to the node's host once per host and extracts the role's {@code bin/} and
     * {@code lib/} beside the node's home, so the swap later is two renames.
     *
     * @param packageFile the release tarball on this machine
     */
    record Stage(String packageFile) implements Action {
        public Stage {
            requireNonNull(packageFile, "packageFile");
        }

        @Override
        public String describe() {
            return "stage the package beside the node's home";
        }
    }

    /** Runs the stop script and waits until the process is gone; nothing when it is already stopped. */
    record Stop() implements Action {
        @Override
        public String describe() {
            return "stop";
        }

        @Override
        public boolean disruptive() {
            return true;
        }
    }

    /** Moves {@code bin/} and {@code lib/} to {@code bin_backup_<stamp>/} and {@code lib_backup_<stamp>/}. */
    record Backup(String stamp) implements Action {
        public Backup {
            Stamps.requireValid(stamp);
        }

        @Override
        public String describe() {
            return "move bin/ and lib/ to *_backup_" + stamp;
        }
    }

    /** Moves the staged {@code bin/} and {@code lib/} into place; {@code conf/} and data stay. */
    record Deploy(String stamp, Version version) implements Action {
        public Deploy {
            Stamps.requireValid(stamp);
            requireNonNull(version, "version");
        }

        @Override
        public String describe() {
            return "deploy the " + version.number() + " bin/ and lib/";
        }
    }

    /**
     * Runs the start script with {@code --daemon} and {@code args} (a new FE's {@code --helper
     * host:edit_log_port}); nothing when the node is already running.
     *
     * @param args further start options, each a plain word (letters, digits, {@code _.:/=-})
     */
    record Start(List<String> args) implements Action {
        public Start {
            args = List.copyOf(args);
            for (String arg : args) {
                if (!arg.matches("[A-Za-z0-9_.:/=\\[\\]-]+")) {
                    throw new IllegalArgumentException("start option \"" + arg + "\" is not a plain word");
                }
            }
        }

        /** A start with no further options. */
        public Start() {
            this(List.of());
        }

        /** A new FE's first start: {@code --helper host:port} joins it to the cluster through that FE. */
        public static Start withHelper(String helper, List<String> more) {
            List<String> args = new ArrayList<>(List.of("--helper", helper));
            args.addAll(more);
            return new Start(args);
        }

        @Override
        public String describe() {
            return "start with --daemon" + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }
    }

    /**
     * Waits until the node serves: process alive and HTTP ready and, with {@code sqlView}, alive in the
     * master's view; with a version, at that version. Ends at once when the process dies or logs a fatal
     * line.
     *
     * @param version the version to expect, empty for any
     * @param sqlView false to accept the HTTP probe alone (journals of earlier releases use it for the
     *     followers of a start; no plan builds it now, as an FE answers nothing before its quorum runs)
     */
    record AwaitReady(Optional<Version> version, boolean sqlView) implements Action {
        public AwaitReady {
            requireNonNull(version, "version");
        }

        /** Ready at a version in HTTP and the master's view. */
        public static AwaitReady at(Version version) {
            return new AwaitReady(Optional.of(version), true);
        }

        @Override
        public String describe() {
            return "wait until ready" + version.map(v -> " at " + v.number()).orElse("")
                    + (sqlView ? "" : " (HTTP only)");
        }
    }

    /**
     * Puts {@code bin_backup_<stamp>/} and {@code lib_backup_<stamp>/} back; the replaced ones go back to
     * the staged dir of that stamp when it is empty (a resume deploys them again), else are kept as {@code
     * *_failed_<stamp>_<time>/}; nothing when there is no backup of that stamp.
     */
    record Restore(String stamp) implements Action {
        public Restore {
            Stamps.requireValid(stamp);
        }

        @Override
        public String describe() {
            return "restore bin/ and lib/ from *_backup_" + stamp;
        }
    }

    /** {@code ALTER SYSTEM CREATE IMAGE} on the master (StarRocks, before the FEs of a minor upgrade). */
    record CreateImage() implements Action {
        @Override
        public String describe() {
            return "ALTER SYSTEM CREATE IMAGE";
        }
    }

    /** {@code ALTER SYSTEM DECOMMISSION BACKEND} of the node: the master starts moving its replicas away. */
    record Decommission() implements Action {
        @Override
        public String describe() {
            return "ALTER SYSTEM DECOMMISSION BACKEND";
        }
    }

    /** {@code CANCEL DECOMMISSION BACKEND} of the node; nothing when it is not decommissioning. */
    record CancelDecommission() implements Action {
        @Override
        public String describe() {
            return "CANCEL DECOMMISSION BACKEND";
        }
    }

    /**
     * Waits until a decommissioned BE holds no replica (or the master dropped its row), reporting the
     * tablets left, the rate and the time to go; fails as stuck when the count has not fallen for {@code
     * stuckAfter}.
     */
    record AwaitDrained(Duration stuckAfter) implements Action {
        public AwaitDrained {
            Durations.positive("stuckAfter", stuckAfter);
        }

        @Override
        public String describe() {
            return "wait until its tablets moved away (stuck after " + stuckAfter.toSeconds() + "s without progress)";
        }
    }

    /**
     * Drops a BE or CN from the cluster; nothing when the master no longer lists it. A drained BE (a
     * scale-in) goes with the guarded {@code DROP BACKEND}; with {@code force} (a rebuild, whose BE
     * starts on no version) the flavor's forced statement (Doris {@code DROPP}, StarRocks {@code DROP
     * ... FORCE}) discards its replicas. A CN goes with {@code DROP COMPUTE NODE}.
     *
     * @param force discard the replicas it still holds
     */
    record DropBackend(boolean force) implements Action {
        @Override
        public String describe() {
            return force
                    ? "ALTER SYSTEM DROPP BACKEND (StarRocks: DROP ... FORCE): its replicas are discarded"
                    : "drop it from the cluster";
        }
    }

    /** {@code ALTER SYSTEM DROP FOLLOWER|OBSERVER} of the node; nothing when it is no longer a member. */
    record DropFrontend() implements Action {
        @Override
        public String describe() {
            return "ALTER SYSTEM DROP FOLLOWER|OBSERVER";
        }
    }

    /** Waits until another FE than the node is master and serves SQL (after the node, the master, stopped). */
    record AwaitNewMaster() implements Action {
        @Override
        public String describe() {
            return "wait until another follower is master and serves SQL";
        }
    }

    /**
     * Watches an upgraded BE, the canary, for a soak time before the other BEs: it fails as soon as the
     * process exits, a fatal line reaches {@code be.INFO}/{@code be.out}, the master's view stops showing it
     * alive at {@code version}, or tablets become unhealthy that were not at the start of the soak.
     *
     * @param version the version the canary must keep running
     * @param soak how long it is watched
     */
    record AwaitSoak(Version version, Duration soak) implements Action {
        public AwaitSoak {
            requireNonNull(version, "version");
            Durations.positive("soak", soak);
        }

        @Override
        public String describe() {
            return "watch it for " + soak.toString().substring(2).toLowerCase(Locale.ROOT) + " at " + version.number()
                    + " (canary: alive, no crash, no new unhealthy tablets, no fatal log line)";
        }
    }

    /**
     * Moves every {@code storage_root_path} of the BE aside as {@code <path>_aside_<stamp>} (never
     * deleted) and creates it again empty; nothing for a path already set aside with this stamp.
     */
    record SetAsideStorage(String stamp) implements Action {
        public SetAsideStorage {
            Stamps.requireValid(stamp);
        }

        @Override
        public String describe() {
            return "move each storage_root_path to <path>_aside_" + stamp + " (kept, never deleted), recreate it empty";
        }
    }

    /** Waits until the master reports no unhealthy tablet (the cluster re-created the replicas). */
    record AwaitTabletsHealthy() implements Action {
        @Override
        public String describe() {
            return "wait until no tablet is unhealthy (the replicas are cloned back)";
        }
    }

    /**
     * A component-level action: it names a component of a cluster run by a Kubernetes operator ({@code fe},
     * {@code be}, {@code cn}, {@code broker}) rather than a node, and the runner performs it through the
     * component-operations port ({@code ComponentOps}) instead of the node-operations port.
     */
    sealed interface OnComponent extends Action
            permits PatchImage, PatchReplicas, AwaitRollout, DrainMembers, DropMembers {
        /** The component acted on, e.g. {@code be}. */
        String component();
    }

    /**
     * Sets the component's image in the custom resource ({@code spec.beSpec.image}); the operator then
     * recreates its pods. Nothing when the image is already set.
     */
    record PatchImage(String component, String image) implements OnComponent {
        public PatchImage {
            requireNonNull(component, "component");
            requireNonNull(image, "image");
        }

        @Override
        public String describe() {
            return "set the " + component + " image to " + image;
        }

        @Override
        public boolean disruptive() {
            return true;
        }
    }

    /** Sets the component's {@code replicas} in the custom resource; nothing when it already has that value. */
    record PatchReplicas(String component, int replicas) implements OnComponent {
        public PatchReplicas {
            requireNonNull(component, "component");
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas of " + component + " must be 0 or more, was " + replicas);
            }
        }

        @Override
        public String describe() {
            return "set the " + component + " replicas to " + replicas;
        }

        @Override
        public boolean disruptive() {
            return true;
        }
    }

    /**
     * Waits until the operator's rollout of the component is over: as many pods as {@code replicas}, each
     * recreated with the spec's image and ready, and each member alive in the master's view (at the version,
     * when given). Ends at once when a pod can no longer become ready (a crash loop, an image that cannot be
     * pulled), naming the pods and their states.
     */
    record AwaitRollout(String component, Optional<Version> version) implements OnComponent {
        public AwaitRollout {
            requireNonNull(component, "component");
            requireNonNull(version, "version");
        }

        @Override
        public String describe() {
            return "wait until every " + component + " pod runs the spec's image and is alive"
                    + version.map(v -> " at " + v.number()).orElse("");
        }
    }

    /**
     * Decommissions members of a BE component ({@code ALTER SYSTEM DECOMMISSION BACKEND}) and waits until
     * their tablets have moved and the master no longer lists them.
     *
     * @param members the node ids (pod names), highest ordinal first
     */
    record DrainMembers(String component, List<String> members) implements OnComponent {
        public DrainMembers {
            requireNonNull(component, "component");
            members = List.copyOf(members);
        }

        @Override
        public String key() {
            return "drain";
        }

        @Override
        public String describe() {
            return "decommission " + String.join(", ", members) + " and wait until their tablets have moved";
        }
    }

    /** Drops members that hold no tablets (CNs, observers) from the master's view, once their pods are gone. */
    record DropMembers(String component, List<String> members) implements OnComponent {
        public DropMembers {
            requireNonNull(component, "component");
            members = List.copyOf(members);
        }

        @Override
        public String key() {
            return "drop";
        }

        @Override
        public String describe() {
            return "drop " + String.join(", ", members) + " from the cluster";
        }
    }

    /**
     * Installs a release package into the node's home: uploads it once per host and extracts the role's
     * component ({@code fe/}, {@code be/}) into the home; nothing when this version is installed there
     * already. Never touches a data directory.
     *
     * @param packageFile the release tarball on this machine
     * @param version the version the package holds
     */
    record Install(String packageFile, Version version) implements Action {
        public Install {
            requireNonNull(packageFile, "packageFile");
            requireNonNull(version, "version");
        }

        @Override
        public String describe() {
            return "install " + version.number() + " into the home";
        }
    }

    /**
     * Writes the node's conf file ({@code fe.conf}, {@code be.conf}, {@code cn.conf}) from the topology:
     * ports, {@code priority_networks}, {@code meta_dir} or {@code storage_root_path}, extra keys; the
     * package's other settings stay. Creates the meta dir or storage roots, empty.
     */
    record WriteConf() implements Action {
        @Override
        public String describe() {
            return "write the conf file from the topology";
        }
    }

    /**
     * Registers the node on the master: {@code ALTER SYSTEM ADD FOLLOWER|OBSERVER "host:edit_log_port"}
     * or {@code ADD BACKEND|COMPUTE NODE "host:heartbeat_service_port"}; nothing when it is a member.
     */
    record AddMember() implements Action {
        @Override
        public String key() {
            return "add";
        }

        @Override
        public String describe() {
            return "ALTER SYSTEM ADD on the master";
        }
    }

    /**
     * Doris: {@code ALTER SYSTEM MODIFY BACKEND "host:heartbeat_port" SET ("disable_query" = "true",
     * "disable_load" = "true")} on the master, so no new query fragment or load is planned on the BE before
     * it stops. Its {@link #release()} enables it again: no BE is ever left disabled.
     */
    record DisableBackend() implements Action {
        @Override
        public String describe() {
            return "drain: ALTER SYSTEM MODIFY BACKEND SET disable_query, disable_load = true (no new query or load"
                    + " is planned on it)";
        }

        @Override
        public Optional<Action> release() {
            return Optional.of(new EnableBackend());
        }

        @Override
        public boolean drain() {
            return true;
        }
    }

    /**
     * Waits until the BE runs no query fragment (Doris {@code doris_be_fragment_instance_count} on its
     * {@code /metrics}, StarRocks {@code NumRunningQueries}); past {@code deadline} the run fails naming
     * the BE and what still runs. When the BE does not report it, the graceful stop is the wait.
     *
     * @param deadline how long the queries running on it may take to end
     */
    record AwaitIdle(Duration deadline) implements Action {
        public AwaitIdle {
            Durations.positive("deadline", deadline);
        }

        @Override
        public String describe() {
            return "drain: wait until it runs no query fragment (at most " + deadline.toSeconds() + "s)";
        }

        @Override
        public boolean drain() {
            return true;
        }
    }

    /**
     * Doris: {@code ALTER SYSTEM MODIFY BACKEND ... SET ("disable_query" = "false", "disable_load" =
     * "false")}: the BE takes queries and loads again; nothing when it is enabled or no longer a member.
     */
    record EnableBackend() implements Action {
        @Override
        public String describe() {
            return "ALTER SYSTEM MODIFY BACKEND SET disable_query, disable_load = false (it takes queries and loads"
                    + " again)";
        }

        @Override
        public boolean drain() {
            return true;
        }
    }

    /**
     * Submits the backup of a database's tables to a repository under a label ({@code BACKUP SNAPSHOT});
     * nothing when a job of that label is already there (a resumed run follows it, never submits a
     * second one).
     *
     * @param tables the tables, empty for every table of the database
     */
    record SubmitBackup(String database, List<String> tables, String repository, String label) implements Action {
        public SubmitBackup {
            requireNonNull(database, "database");
            tables = List.copyOf(tables);
            requireNonNull(repository, "repository");
            requireNonNull(label, "label");
        }

        @Override
        public String describe() {
            return "submit the backup " + label + " of " + database + (tables.isEmpty() ? "" : " " + tables) + " to "
                    + repository;
        }
    }

    /**
     * Follows the backup job of a label through its states until {@code FINISHED}; fails when it is
     * {@code CANCELLED}, or stalled: neither its state nor its progress changed for {@code stallAfter}
     * (or the state's own time in {@code stallAfterByState}).
     */
    record AwaitBackup(String database, String label, Duration stallAfter, Map<String, Duration> stallAfterByState)
            implements Action {
        public AwaitBackup {
            requireNonNull(database, "database");
            requireNonNull(label, "label");
            Durations.positive("stallAfter", stallAfter);
            stallAfterByState = Map.copyOf(stallAfterByState);
            stallAfterByState.forEach((state, time) -> Durations.positive("stallAfter of " + state, time));
        }

        /** How long {@code state} may stay without a change before the job counts as stalled. */
        public Duration stallAfter(String state) {
            return stallAfterByState.getOrDefault(state, stallAfter);
        }

        @Override
        public String describe() {
            return "follow the backup " + label + " of " + database + " until it is finished (stalled after "
                    + Durations.format(stallAfter) + " without a change)";
        }
    }
}
