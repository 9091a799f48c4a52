package io.dorisops;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dorisops.internal.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * A rolling upgrade as data: which nodes are upgraded, in which order and why, from which version to
 * which package. Build one with {@code Cluster.planUpgrade(package, options)}; print it with {@link
 * #describe()}; store it with {@link #toJson()} and read it back with {@link #fromJson(String)}.
 *
 * <p>The order is the documented one: MetaService, Recycler, then BEs and CNs one at a time, then FE
 * observers, FE followers that are not master, the master last, then brokers. Nodes already at the
 * target release are listed in {@link #skipped()}.
 *
 * @param cluster the topology's name
 * @param flavor the cluster's flavor
 * @param target the version of the package
 * @param packageFile the release tarball, a local path
 * @param steps the nodes to upgrade, in order
 * @param skipped nodes left alone, each with the reason
 * @param warnings things the upgrade-path rules say to do or know
 * @param createdAt when the plan was made
 */
public record UpgradePlan(
        String cluster,
        Flavor flavor,
        Version target,
        String packageFile,
        List<Step> steps,
        List<Skipped> skipped,
        List<String> warnings,
        Instant createdAt) {

    /** The actions of one step, in order. */
    public static final List<Action> ACTIONS =
            List.of(Action.STOP, Action.BACKUP, Action.DEPLOY, Action.START, Action.AWAIT_READY);

    public UpgradePlan {
        requireNonNull(cluster, "cluster");
        requireNonNull(flavor, "flavor");
        requireNonNull(target, "target");
        requireNonNull(packageFile, "packageFile");
        steps = List.copyOf(steps);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
        requireNonNull(createdAt, "createdAt");
    }

    /** What is done to a node, in this order. */
    public enum Action {
        /** Run the stop script and wait until the process is gone. */
        STOP,
        /** Move {@code bin/} and {@code lib/} to {@code bin_backup_<stamp>/}, {@code lib_backup_<stamp>/}. */
        BACKUP,
        /** Move the staged {@code bin/} and {@code lib/} of the new package into place; {@code conf/} stays. */
        DEPLOY,
        /** Run the start script with {@code --daemon}. */
        START,
        /** Wait until the node is ready at the target version (HTTP and the master's view). */
        AWAIT_READY;

        /** {@code await-ready}: the name used in events, the journal and the CLI. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Why a node stands where it does in the order: the rule from the upgrade docs. */
    public enum Reason {
        META_SERVICE_FIRST,
        RECYCLER_AFTER_META_SERVICE,
        BACKEND_BEFORE_FRONTENDS,
        OBSERVER_BEFORE_FOLLOWERS,
        FOLLOWER_BEFORE_MASTER,
        MASTER_LAST,
        BROKER_LAST;

        /** The rule in one sentence: the operation's reason of the same name says it. */
        public String sentence() {
            return Operation.Reason.valueOf(name()).sentence();
        }
    }

    /**
     * One node to upgrade.
     *
     * @param nodeId the node
     * @param role its role
     * @param host its host
     * @param from the version it runs now, as read from the cluster
     * @param reason why it stands here in the order
     */
    public record Step(String nodeId, Role role, String host, Version from, Reason reason) {
        public Step {
            requireNonNull(nodeId, "nodeId");
            requireNonNull(role, "role");
            requireNonNull(host, "host");
            requireNonNull(from, "from");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * A node the plan leaves alone.
     *
     * @param nodeId the node
     * @param reason why, e.g. {@code already at doris-2.1.8}
     */
    public record Skipped(String nodeId, String reason) {}

    /** The node ids in upgrade order. */
    public List<String> order() {
        return steps.stream().map(Step::nodeId).toList();
    }

    /** The plan as text for people: one line per step with its reason, then skipped nodes and warnings. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Upgrade ")
                .append(cluster)
                .append(" (")
                .append(flavor.key())
                .append(") to ")
                .append(target)
                .append(" from ")
                .append(packageFile)
                .append('\n');
        if (steps.isEmpty()) {
            text.append("  nothing to do: every node is at the target release\n");
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            text.append(String.format(
                    "  %2d. %-12s %-12s %-16s %s -> %s  (%s)%n",
                    i + 1,
                    step.nodeId(),
                    step.role().key(),
                    step.host(),
                    step.from(),
                    target.number(),
                    step.reason().sentence()));
        }
        text.append("  each node: stop, back up bin/ and lib/, deploy the new bin/ and lib/ (conf/ kept), start,"
                + " wait until ready at the target version\n");
        for (Skipped skip : skipped) {
            text.append("  skipped ")
                    .append(skip.nodeId())
                    .append(": ")
                    .append(skip.reason())
                    .append('\n');
        }
        for (String warning : warnings) {
            text.append("  note: ").append(warning).append('\n');
        }
        return text.toString();
    }

    /** The plan as JSON. */
    public String toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new DorisOpsException("cannot write the plan as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a plan written by {@link #toJson()}. */
    public static UpgradePlan fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, UpgradePlan.class);
        } catch (JsonProcessingException e) {
            throw new DorisOpsException(
                    "cannot read the plan: " + e.getOriginalMessage() + "; was it written by UpgradePlan.toJson()?", e);
        }
    }
}
