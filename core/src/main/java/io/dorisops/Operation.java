package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.action.Action;
import io.dorisops.internal.journal.OperationJson;
import io.dorisops.internal.procedure.ProcedureSpec;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A procedure on a cluster as data: an ordered list of steps, each a node (or the cluster) with the
 * typed actions done to it (named by {@link Step#actionKeys()}, told by {@link Step#describe()}), the actions that undo it when it fails, and the rule that puts it
 * where it stands. Upgrades, rolling restarts, start, stop and rollback are all operations, and one
 * runner executes every one: lock, pre-flight gates, journal, per-step gates and hooks, actions,
 * final gate, outcome. What {@link #describe()} prints is what runs.
 *
 * <pre>{@code
 * Operation restart = cluster.plan(Procedure.restart(cluster.topology().nodes(Role.BE)));
 * log.info("{}", restart.describe());
 * cluster.run(restart, RunOptions.defaults());
 * }</pre>
 *
 * @param kind what the operation does
 * @param cluster the topology's name
 * @param flavor the cluster's flavor
 * @param target the version the nodes go to, for upgrades and rollbacks
 * @param pausesBalance true when tablet balancing is paused for the operation and restored after
 * @param steps the steps in order (in the FE phase the runner follows the live master: see {@link Reason})
 * @param skipped nodes left alone, each with the reason
 * @param warnings things the operator should know
 * @param of the run this one undoes (rollbacks), else empty
 * @param createdAt when it was planned
 * @param batches groups of consecutive node steps the runner runs at once (replica-aware parallel
 *     restarts, {@code docs/parallel.md}); empty = every step alone, in order
 * @param basis what the plan was read from, a fact's name to its value when planned (each node's role,
 *     host and version, the master, the package's SHA-512): a run refuses the operation when the cluster
 *     no longer matches it ({@code docs/upgrade.md}); empty when the operation is not checked so
 * @param options the procedure's own options the run takes from the plan, an option's name to its value
 *     (an upgrade's package SHA-512, FE metadata check, downgrade, staged packages kept, canary and
 *     batch size): a plan file runs with exactly the options it was planned with, whatever the run's
 *     {@link RunOptions}; empty for a procedure without options of its own
 */
public record Operation(
        Kind kind,
        String cluster,
        Flavor flavor,
        Optional<Version> target,
        boolean pausesBalance,
        List<Step> steps,
        List<Skipped> skipped,
        List<String> warnings,
        Optional<String> of,
        Instant createdAt,
        List<Batch> batches,
        Map<String, String> basis,
        Map<String, String> options) {

    /** An operation whose steps all run one at a time. */
    public Operation(
            Kind kind,
            String cluster,
            Flavor flavor,
            Optional<Version> target,
            boolean pausesBalance,
            List<Step> steps,
            List<Skipped> skipped,
            List<String> warnings,
            Optional<String> of,
            Instant createdAt) {
        this(
                kind,
                cluster,
                flavor,
                target,
                pausesBalance,
                steps,
                skipped,
                warnings,
                of,
                createdAt,
                List.of(),
                Map.of(),
                Map.of());
    }

    public Operation {
        requireNonNull(kind, "kind");
        requireNonNull(cluster, "cluster");
        requireNonNull(flavor, "flavor");
        requireNonNull(target, "target");
        steps = List.copyOf(steps);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
        requireNonNull(of, "of");
        requireNonNull(createdAt, "createdAt");
        batches = List.copyOf(batches);
        OperationText.validate(batches, steps);
        basis = Collections.unmodifiableMap(new TreeMap<>(basis));
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /**
     * A node the operation leaves alone.
     *
     * @param nodeId the node
     * @param reason why, e.g. {@code already at doris-2.1.8}
     */
    public record Skipped(String nodeId, String reason) {
        public Skipped {
            requireNonNull(nodeId, "nodeId");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * Node steps that run at once: every one's gates and before-stop hooks first, then their actions
     * concurrently, each journaled as its own step; the run goes on once all are done, and stops when
     * any failed (each failed node undone as alone).
     *
     * @param steps the indexes of the steps, consecutive and in order, at least two
     * @param why why these nodes may restart together, a sentence
     */
    public record Batch(List<Integer> steps, String why) {
        public Batch {
            steps = List.copyOf(steps);
            requireNonNull(why, "why");
            if (steps.size() < 2) {
                throw new IllegalArgumentException("a batch has at least two steps, was " + steps);
            }
            for (int i = 1; i < steps.size(); i++) {
                if (steps.get(i) != steps.get(i - 1) + 1) {
                    throw new IllegalArgumentException("a batch's steps are consecutive, were " + steps);
                }
            }
        }
    }

    /** The batch holding step {@code index}, if it is in one. */
    public Optional<Batch> batchOf(int index) {
        return batches.stream().filter(batch -> batch.steps().contains(index)).findFirst();
    }

    /** This operation with its steps grouped into batches. */
    public Operation withBatches(List<Batch> groups) {
        return copy(groups, basis, options);
    }

    /** This operation with the facts it was planned from ({@link #basis()}). */
    public Operation withBasis(Map<String, String> facts) {
        return copy(batches, facts, options);
    }

    /** This operation with the procedure's own options it runs with ({@link #options()}). */
    public Operation withOptions(Map<String, String> procedureOptions) {
        return copy(batches, basis, procedureOptions);
    }

    private Operation copy(List<Batch> groups, Map<String, String> facts, Map<String, String> procedureOptions) {
        return new Operation(
                kind,
                cluster,
                flavor,
                target,
                pausesBalance,
                steps,
                skipped,
                warnings,
                of,
                createdAt,
                groups,
                facts,
                procedureOptions);
    }

    /** What an operation does. */
    public enum Kind {
        UPGRADE,
        RESTART,
        START,
        STOP,
        ROLLBACK,
        /** Removes BEs (decommissioned and drained), CNs and FEs. */
        SCALE_IN,
        /** Cancels the decommission of BEs a scale-in left draining. */
        CANCEL_SCALE_IN,
        /** Stops the master FE, times the election, starts it back as a follower. */
        FAILOVER_DRILL,
        REBUILD,
        /** Installs and starts the whole topology into empty homes. */
        DEPLOY,
        /** Adds nodes (hosts) or members (Kubernetes: more replicas of a component). */
        SCALE_OUT,
        /** Backs a database up to a repository: submits the snapshot job and follows it ({@code docs/backup.md}). */
        BACKUP;

        /** {@code upgrade}, {@code restart}, {@code scale-in}...: the name in run ids, the journal and the CLI. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** True when an unfinished run of this kind is continued by {@code resume}. */
        public boolean resumable() {
            return ProcedureSpec.of(this).resumable();
        }
    }

    /** Why a step stands where it does: the rule from the runbooks, a sentence each. */
    public enum Reason {
        STAGE_BEFORE_RESTARTS("the package is on every host before the first node stops"),
        META_SERVICE_FIRST("MetaService first: every other node talks to it"),
        RECYCLER_AFTER_META_SERVICE("Recycler after the MetaService, before BEs"),
        BACKEND_BEFORE_FRONTENDS("BEs and CNs before FEs: an old FE can talk to a new BE, not the reverse"),
        CANARY_FIRST("the canary: one BE upgraded first and watched for a soak time before the others"),
        IMAGE_BEFORE_FRONTENDS("a fresh metadata image before the FEs change minor version"),
        OBSERVER_BEFORE_FOLLOWERS("FE observers before followers: they hold no vote"),
        FOLLOWER_BEFORE_MASTER("FE followers that are not master before the master"),
        MASTER_LAST("the master last, so the cluster changes master once"),
        BROKER_LAST("brokers after the FEs"),
        FOLLOWER_STARTS_BEFORE_MASTER(
                "followers all start before any is awaited (none serves before a majority runs), the FE that was"
                        + " master last"),
        FOLLOWERS_SERVING("every follower serves once a majority runs and has elected a master"),
        OBSERVER_AFTER_FOLLOWERS("observers join once the followers elected a master"),
        BACKEND_AFTER_FRONTENDS("BEs and CNs register with a serving master"),
        STOP_IN_REVERSE("stopped in the reverse of the start order"),
        ROLLBACK_FRONTENDS_FIRST("rolled back in reverse order: FEs before BEs, as the downgrade docs require"),
        DECOMMISSION_TOGETHER(
                "every leaving BE is decommissioned at once, so no replica moves onto a BE that leaves" + " too"),
        DRAINED_BEFORE_STOP("a BE stops only once its replicas live elsewhere"),
        COMPUTE_NODE_DROPPED("CNs hold no replicas: dropped, then stopped"),
        OBSERVER_DROPPED_FIRST("FE observers hold no vote: dropped first"),
        FOLLOWER_DROPPED_KEEPING_MAJORITY("followers that are not master, keeping a majority of the followers"),
        MASTER_HANDS_OVER_LAST("the master last: stopped so the other followers elect one, then dropped"),
        DECOMMISSION_CANCELLED("the BE keeps its remaining replicas and takes new ones again"),
        DRILL_STOP_MASTER("the master stops; the election is timed until a new master serves SQL"),
        DRILL_OLD_MASTER_BACK("the old master starts again and rejoins as a follower"),
        REBUILD_FROM_REPLICAS("a BE that starts on no version, rebuilt from the other replicas (3 complete replicas)"),
        COMPONENT_BACKENDS_FIRST("the BE and CN components first, each fully rolled out before the next"),
        COMPONENT_FRONTENDS_AFTER_BACKENDS("the FE component once every BE and CN pod runs the new image"),
        COMPONENT_BROKER_LAST("the broker component after the FEs"),
        DRAIN_BEFORE_SCALE_IN("decommissioned first: the StatefulSet removes exactly these highest ordinals"),
        REPLICAS_AFTER_DRAIN("replicas lowered once the removed members hold no tablets"),
        DROP_AFTER_PODS_GONE("members holding no tablets are dropped once their pods are gone"),
        SCALE_OUT_JOINS("new pods join, alive at the cluster's version"),
        INSTALL_BEFORE_STARTS("every new node is installed and configured before the first one starts"),
        FIRST_FOLLOWER_FORMS_CLUSTER("the first follower starts alone and becomes master: it forms the cluster"),
        FOLLOWER_JOINS_THROUGH_HELPER(
                "each further follower is added on the master, then started with --helper, one at a time"),
        OBSERVER_JOINS_THROUGH_HELPER("observers are added and started with --helper once the followers serve"),
        BACKEND_JOINS_MASTER("BEs and CNs are added on the serving master, then started"),
        BACKUP_ONE_JOB("one snapshot job per database: submitted once, then followed to its end");

        private final String sentence;

        Reason(String sentence) {
            this.sentence = sentence;
        }

        /** The rule in one sentence. */
        public String sentence() {
            return sentence;
        }
    }

    /**
     * One step: a node, or the cluster when {@link #nodeId()} is empty.
     *
     * @param nodeId the node, or empty for a cluster-wide step such as {@code create-image}
     * @param role the node's role, empty for a cluster step
     * @param host the node's host, empty for a cluster step
     * @param from the version the node runs when planned, when known
     * @param reason why it stands here
     * @param actions what is done, in order: the engine's own action records (not API); read them
     *     through {@link #actionKeys()} and {@link #describe()}
     * @param undo what puts the node back when an action fails (with rollback on), in order; read them
     *     through {@link #undoKeys()}
     */
    public record Step(
            String nodeId,
            Optional<Role> role,
            String host,
            Optional<Version> from,
            Reason reason,
            List<Action> actions,
            List<Action> undo) {
        public Step {
            requireNonNull(nodeId, "nodeId");
            requireNonNull(role, "role");
            requireNonNull(host, "host");
            requireNonNull(from, "from");
            requireNonNull(reason, "reason");
            actions = List.copyOf(actions);
            undo = List.copyOf(undo);
            if (actions.isEmpty()) {
                throw new IllegalArgumentException("step " + nodeId + " has no actions");
            }
        }

        /** A step on a node. */
        public static Step on(
                Node node, Optional<Version> from, Reason reason, List<Action> actions, List<Action> undo) {
            return new Step(node.id(), Optional.of(node.role()), node.host(), from, reason, actions, undo);
        }

        /** A cluster-wide step. */
        public static Step cluster(Reason reason, List<Action> actions) {
            return new Step("", Optional.empty(), "", Optional.empty(), reason, actions, List.of());
        }

        /** True for a cluster-wide step. */
        public boolean onCluster() {
            return nodeId.isEmpty();
        }

        /** True when the step takes its node out of service: safety checks and hooks come first. */
        public boolean disruptive() {
            return actions.stream().anyMatch(Action::disruptive);
        }

        /**
         * The keys of the actions, in order, as events, the journal and the CLI name them ({@code stop},
         * {@code backup}, {@code deploy}, {@code start}, {@code await-ready}...).
         */
        public List<String> actionKeys() {
            return actions.stream().map(Action::key).toList();
        }

        /** The keys of the undo actions, in order; empty when a failure leaves the node as it is. */
        public List<String> undoKeys() {
            return undo.stream().map(Action::key).toList();
        }

        /**
         * What the step does for people: its actions described, then what puts the node back on failure
         * ({@code stop, ..., wait until ready at 2.1.8; on failure: ...}).
         */
        public String describe() {
            return OperationText.describe(this);
        }

        /** The component a component-level step acts on (its first component action), if any. */
        public Optional<String> component() {
            return actions.stream()
                    .filter(Action.OnComponent.class::isInstance)
                    .map(action -> ((Action.OnComponent) action).component())
                    .findFirst();
        }

        /** True when the step only prepares (stages a package): it touches no running process. */
        public boolean preparatory() {
            return actions.stream()
                    .allMatch(action -> action instanceof Action.Stage
                            || action instanceof Action.Install
                            || action instanceof Action.WriteConf);
        }

        /** True for a step on an FE. */
        public boolean frontend() {
            return role.map(Role::isFrontend).orElse(false);
        }
    }

    /** The node ids of the node steps, in order (a node may appear more than once). */
    public List<String> order() {
        return steps.stream()
                .filter(step -> !step.onCluster())
                .map(Step::nodeId)
                .toList();
    }

    /** The operation as text for people: one line per step with its actions and reason, then skipped nodes. */
    public String describe() {
        return OperationText.describe(this);
    }

    /**
     * The operation as JSON, the form the journal keeps and a plan file holds, with a {@code digest} of its
     * content so an edited copy is refused.
     */
    public String toJson() {
        return OperationJson.write(this).toPrettyString();
    }

    /**
     * Reads an operation written by {@link #toJson()}.
     *
     * @throws DorisOpsException when the text is not an operation, or its content is no longer what
     *     dorisops wrote (its {@code digest} is missing or does not match: the text was edited)
     */
    public static Operation fromJson(String json) {
        return OperationJson.readWritten(json);
    }
}
