package io.dorisops.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.ClusterAdmin;
import io.dorisops.ClusterAdmin.BalancePause;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.HealthProbe;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.NodeHook;
import io.dorisops.PreconditionFailedException;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.Role;
import io.dorisops.RunRecord;
import io.dorisops.SafetyCheck;
import io.dorisops.Topology;
import io.dorisops.Transport;
import io.dorisops.UpgradeOptions;
import io.dorisops.UpgradePath;
import io.dorisops.UpgradePlan;
import io.dorisops.UpgradePlan.Action;
import io.dorisops.UpgradePlan.Reason;
import io.dorisops.UpgradePlan.Skipped;
import io.dorisops.UpgradePlan.Step;
import io.dorisops.UpgradeResult;
import io.dorisops.Version;
import io.dorisops.WaitTimeoutException;
import io.dorisops.internal.engine.ClusterView.NodeState;
import io.dorisops.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The rolling upgrade engine: plans, runs, resumes and rolls back upgrades of one cluster.
 *
 * <p>Algorithm of a run:
 *
 * <ol>
 *   <li>Take the cluster lock ({@code <stateDir>/lock}); refuse when another run holds it.
 *   <li>Pre-flight, every check run and every failure reported together: nodes alive, tablets
 *       healthy, upgrade path allowed, package right for flavor and roles, disk space. {@code force}
 *       skips named checks; the journal records which.
 *   <li>Journal the plan. Stage the package on every host (upload once per host, extract each node's
 *       {@code bin/} and {@code lib/} beside its home) before the first restart, so a node's downtime
 *       is stop + two renames + start.
 *   <li>Pause tablet balancing and scheduling (not on storage-compute decoupled clusters), journal the
 *       previous values.
 *   <li>For each step in order: wait until every safety check passes (WAITING events say which does
 *       not and why); run the before-stop hooks; stop; back up {@code bin/} and {@code lib/}; deploy
 *       the new ones; start; wait until ready at the target version (HTTP ready, and alive at that
 *       version in the master's view), failing fast when the process dies or logs a fatal line; run
 *       the after-ready hooks; re-apply the pause after a master change. On StarRocks minor upgrades,
 *       {@code ALTER SYSTEM CREATE IMAGE} runs before the first FE.
 *   <li>Final gate: every node ready at the target version and tablets healthy.
 *   <li>In every outcome restore the balance switches; on success check they read back as before.
 * </ol>
 *
 * <p>Properties kept: data directories are never touched; backups are never deleted; a node that
 * does not become ready is rolled back to its backup (unless disabled) and nothing else is touched;
 * every finished action is journaled and forced to disk before the next, and every action is
 * idempotent, so {@link #resume} after a crash continues where the run stopped and never redoes a
 * finished node; resume re-reads the live cluster rather than trusting the journal alone.
 */
public final class UpgradeEngine {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final Topology topology;
    private final Function<Node, Transport> transports;
    private final HealthProbe probe;
    private final ClusterAdmin admin;
    private final UpgradeOptions options;
    private final ClusterView view;
    private final Duration readyTimeout;
    private final Duration pollInterval;
    private final Path stateDir;
    private final Readiness readiness;

    public UpgradeEngine(
            Topology topology,
            Function<Node, Transport> transports,
            HealthProbe probe,
            ClusterAdmin admin,
            UpgradeOptions options) {
        this.topology = topology;
        this.transports = transports;
        this.probe = probe;
        this.admin = admin;
        this.options = options;
        this.view = new ClusterView(topology, admin, probe);
        this.readyTimeout = options.readyTimeout().orElse(topology.timeouts().ready());
        this.pollInterval = options.pollInterval().orElse(topology.timeouts().poll());
        this.stateDir = options.stateDir().orElse(defaultStateDir(topology));
        this.readiness = new Readiness(topology.flavor(), probe, Optional.of(view), readyTimeout);
    }

    /** {@code ~/.dorisops/<cluster>}. */
    public static Path defaultStateDir(Topology topology) {
        return Path.of(System.getProperty("user.home"), ".dorisops", topology.name());
    }

    // ---------------------------------------------------------------- planning

    /** Reads the live versions and builds the ordered plan for a package. */
    public UpgradePlan plan(Path packageFile) {
        PackageInfo pkg = PackageInfo.inspect(packageFile, topology.flavor());
        Version target = pkg.version();
        Optional<Node> master = view.master();
        List<Step> steps = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (Node node : ordered(master)) {
            Optional<Version> current = currentVersion(node);
            if (current.isEmpty()) {
                throw new DorisOpsException(DorisOpsException.message(
                        node.label(),
                        "cannot read its current version",
                        "a version in the master's view or from the node",
                        "none",
                        "Start the node (dorisops start) or check it is in SHOW FRONTENDS/BACKENDS, then plan again."));
            }
            if (current.get().sameRelease(target)) {
                skipped.add(new Skipped(node.id(), "already at " + current.get()));
                continue;
            }
            steps.add(new Step(node.id(), node.role(), node.host(), current.get(), reason(node, master)));
            warnings.addAll(topology.flavor()
                    .upgradePath()
                    .check(current.get(), target, options.allowDowngrade())
                    .warnings());
        }
        return new UpgradePlan(
                topology.name(),
                topology.flavor(),
                target,
                packageFile.toAbsolutePath().toString(),
                steps,
                skipped,
                List.copyOf(warnings),
                Instant.now());
    }

    private List<Node> ordered(Optional<Node> master) {
        List<Node> order = new ArrayList<>();
        order.addAll(topology.nodes(Role.META_SERVICE));
        order.addAll(topology.nodes(Role.RECYCLER));
        topology.nodes().stream().filter(node -> node.role().isBackend()).forEach(order::add);
        order.addAll(topology.nodes(Role.FE_OBSERVER));
        topology.nodes(Role.FE_FOLLOWER).stream()
                .filter(node -> !master.equals(Optional.of(node)))
                .forEach(order::add);
        master.ifPresent(order::add);
        order.addAll(topology.nodes(Role.BROKER));
        return order;
    }

    private static Reason reason(Node node, Optional<Node> master) {
        return switch (node.role()) {
            case META_SERVICE -> Reason.META_SERVICE_FIRST;
            case RECYCLER -> Reason.RECYCLER_AFTER_META_SERVICE;
            case BE, CN -> Reason.BACKEND_BEFORE_FRONTENDS;
            case FE_OBSERVER -> Reason.OBSERVER_BEFORE_FOLLOWERS;
            case FE_FOLLOWER -> master.equals(Optional.of(node)) ? Reason.MASTER_LAST : Reason.FOLLOWER_BEFORE_MASTER;
            case BROKER -> Reason.BROKER_LAST;
        };
    }

    private Optional<Version> currentVersion(Node node) {
        if (node.role().isFrontend()) {
            return view.frontend(node).flatMap(ClusterAdmin.Frontend::version);
        }
        if (node.role().isBackend()) {
            return view.backend(node).flatMap(ClusterAdmin.Backend::version);
        }
        return control(node).scriptVersion();
    }

    // ---------------------------------------------------------------- running

    /** Runs a plan: pre-flight, stage, pause balance, each node in order, final gate. */
    @SuppressWarnings("try") // the run lock is held for the body, never referenced in it
    public UpgradeResult execute(UpgradePlan plan) {
        String stamp = STAMP.format(Instant.now());
        String runId = "upgrade-" + stamp.replace('_', '-');
        Events events = new Events(runId, options.listener());
        try (RunLock lock = RunLock.acquire(stateDir, runId)) {
            events.info(
                    Type.RUN_STARTED,
                    "",
                    "upgrade " + topology.name() + " to " + plan.target().number() + ": "
                            + plan.steps().size() + " nodes");
            List<String> failures = preflight(plan);
            if (!failures.isEmpty()) {
                PreconditionFailedException refused = new PreconditionFailedException(
                        "pre-flight refused the upgrade of " + topology.name() + " to "
                                + plan.target().number()
                                + "; nothing was changed. Fix these, or skip a check with --force NAME:",
                        failures);
                events.emit(Type.RUN_FAILED, "", "", Duration.ZERO, refused.getMessage(), refused);
                throw refused;
            }
            Path journalFile = stateDir.resolve("runs").resolve(runId + ".jsonl");
            try (Journal journal = Journal.open(journalFile)) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("runId", runId);
                run.put("kind", "upgrade");
                run.put("stamp", stamp);
                run.put("user", System.getProperty("user.name", "unknown"));
                run.put("machine", machineName());
                run.put("forced", options.forced());
                run.put("plan", Json.MAPPER.valueToTree(plan));
                journal.append("run", run);
                return drive(plan, stamp, journal, events, Set.of(), Optional.empty());
            }
        }
    }

    /**
     * Continues the latest run that did not succeed (or the one named): re-reads the live cluster,
     * skips finished nodes, redoes the cut-short action of the node in progress, and finishes with the
     * same final gate.
     */
    @SuppressWarnings("try") // the run lock is held for the body, never referenced in it
    public UpgradeResult resume(Optional<String> runId) {
        Path journalFile = findRun(
                        runId,
                        record -> !record.outcome().equals("succeeded")
                                && record.kind().equals("upgrade"))
                .orElseThrow(() -> new DorisOpsException("no unfinished upgrade of " + topology.name() + " in "
                        + stateDir.resolve("runs") + "; start one with dorisops upgrade"));
        List<JsonNode> entries = Journal.read(journalFile);
        JsonNode run = entries.get(0);
        UpgradePlan plan = Json.MAPPER.convertValue(run.get("plan"), UpgradePlan.class);
        String stamp = run.get("stamp").asText();
        String id = run.get("runId").asText();
        Set<String> finished = new LinkedHashSet<>();
        Optional<Map<String, String>> previousBalance = Optional.empty();
        for (JsonNode entry : entries) {
            switch (entry.get("type").asText()) {
                case "node-done" -> finished.add(entry.get("node").asText());
                case "balance" -> {
                    if (previousBalance.isEmpty()) {
                        previousBalance = Optional.of(Json.MAPPER.convertValue(
                                entry.get("previous"),
                                Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class)));
                    }
                }
                default -> {}
            }
        }
        Events events = new Events(id, options.listener());
        try (RunLock lock = RunLock.acquire(stateDir, id);
                Journal journal = Journal.open(journalFile)) {
            events.info(
                    Type.RUN_STARTED,
                    "",
                    "resume " + id + ": " + finished.size() + " of "
                            + plan.steps().size() + " nodes finished before");
            journal.append(
                    "resumed", Map.of("user", System.getProperty("user.name", "unknown"), "machine", machineName()));
            return drive(plan, stamp, journal, events, finished, previousBalance);
        }
    }

    private UpgradeResult drive(
            UpgradePlan plan,
            String stamp,
            Journal journal,
            Events events,
            Set<String> finished,
            Optional<Map<String, String>> previousBalance) {
        long start = System.nanoTime();
        List<String> upgraded = new ArrayList<>();
        List<String> skipped = new ArrayList<>(finished);
        plan.skipped().forEach(skip -> skipped.add(skip.nodeId()));
        Waiter waiter = new Waiter(pollInterval, message -> events.waiting("", message));
        BalancePause pause = null;
        try {
            stage(plan, stamp, journal, events, finished);
            if (!decoupled()) {
                pause = previousBalance.isPresent() ? admin.pauseBalance(previousBalance.get()) : admin.pauseBalance();
                journal.append("balance", Map.of("previous", pause.previous()));
            }
            String masterName = admin.master().name();
            boolean imageCreated = false;
            Step previous = null;
            List<Step> pending = new ArrayList<>(plan.steps());
            pending.removeIf(step -> finished.contains(step.nodeId()));
            while (!pending.isEmpty()) {
                Step step = next(pending, waiter);
                pending.remove(step);
                Node node = node(step.nodeId());
                if (step.role().isFrontend() && !imageCreated && needsImage(plan)) {
                    events.step(
                            "", "create-image", "ALTER SYSTEM CREATE IMAGE before the FE upgrade", admin::createImage);
                    journal.append("image", Map.of());
                    imageCreated = true;
                }
                upgradeNode(plan, step, previous, node, stamp, journal, events);
                upgraded.add(step.nodeId());
                previous = step;
                String nowMaster = admin.master().name();
                if (pause != null && !nowMaster.equals(masterName)) {
                    events.info(
                            Type.WAITING,
                            "",
                            "master changed from " + masterName + " to " + nowMaster
                                    + ": re-applying the balance pause");
                    pause.reapply();
                }
                masterName = nowMaster;
            }
            finalGate(plan.target(), waiter);
        } catch (NodeHook.Veto veto) {
            throw ended(journal, events, start, "vetoed", veto);
        } catch (RuntimeException e) {
            throw ended(journal, events, start, "failed", e);
        } finally {
            if (pause != null) {
                pause.close();
            }
        }
        if (pause != null) {
            verifyRestored(pause.previous());
        }
        journal.append(
                "end",
                Map.of(
                        "outcome",
                        "succeeded",
                        "message",
                        "every node at " + plan.target().number()));
        events.emit(
                Type.RUN_FINISHED,
                "",
                "",
                elapsed(start),
                "every node at " + plan.target().number(),
                null);
        return new UpgradeResult(events.runId(), upgraded, skipped, elapsed(start), journal.file());
    }

    /**
     * The next step: in plan order, except in the FE phase, which follows the live cluster: observers,
     * then followers that are not master now (those already down first: they cost no extra downtime),
     * the current master last. So a run whose master died or moved goes on against the new master.
     */
    private Step next(List<Step> pending, Waiter waiter) {
        Step first = pending.get(0);
        if (!first.role().isFrontend()) {
            return first;
        }
        List<Step> frontends =
                pending.stream().filter(step -> step.role().isFrontend()).toList();
        Node master = waiter.await(
                topology.name(),
                "served by a master FE",
                () -> view.master().orElseThrow(() -> new DorisOpsException("the master is not in the topology")),
                any -> true,
                Node::id,
                readyTimeout,
                "Without a majority of followers alive there is no master; start the followers that are down.");
        Comparator<Step> order = Comparator.comparing((Step step) -> step.role() != Role.FE_OBSERVER)
                .thenComparing(step -> step.nodeId().equals(master.id()))
                .thenComparing(step -> control(node(step.nodeId())).runningPid().isPresent());
        return frontends.stream().min(order).orElseThrow();
    }

    private void stage(UpgradePlan plan, String stamp, Journal journal, Events events, Set<String> finished) {
        PackageInfo pkg = PackageInfo.inspect(Path.of(plan.packageFile()), topology.flavor());
        Map<String, Path> uploaded = new LinkedHashMap<>();
        for (Step step : plan.steps()) {
            if (finished.contains(step.nodeId())) {
                continue;
            }
            Node node = node(step.nodeId());
            NodeControl control = control(node);
            events.step(node.id(), "stage", "stage " + pkg.topDir() + " on " + node.host(), () -> {
                Path onHost = uploaded.computeIfAbsent(node.host(), host -> {
                    Path target = node.home()
                            .resolve(".dorisops/packages/" + stamp + "-"
                                    + pkg.file().getFileName());
                    Transport transport = transports.apply(node);
                    if (!transport.exists(target)) {
                        transport.upload(pkg.file(), target);
                    }
                    return target;
                });
                control.stage(onHost, pkg.topDir(), stamp);
            });
            journal.append("staged", Map.of("node", node.id()));
        }
    }

    private void upgradeNode(
            UpgradePlan plan, Step step, Step previous, Node node, String stamp, Journal journal, Events events) {
        long start = System.nanoTime();
        NodeControl control = control(node);
        events.emit(
                Type.NODE_STARTED, node.id(), "", Duration.ZERO, step.reason().sentence(), null);
        Waiter nodeWaiter = new Waiter(pollInterval, message -> events.waiting(node.id(), message));
        boolean alreadyStopped = control.runningPid().isEmpty();
        if (!alreadyStopped) {
            awaitSafety(plan, previous, node, nodeWaiter);
            options.hooks().forEach(hook -> hook.beforeStop(node));
        }
        String current = Action.STOP.key();
        try {
            events.step(node.id(), Action.STOP.key(), "stop " + node.label(), () -> {
                control.stop(options.gracefulStop(), readyTimeout, nodeWaiter);
            });
            journal.append("action", Map.of("node", node.id(), "action", Action.STOP.key()));
            current = Action.BACKUP.key();
            events.step(
                    node.id(),
                    Action.BACKUP.key(),
                    "move bin/ and lib/ to *_backup_" + stamp,
                    () -> control.backup(stamp));
            journal.append("action", Map.of("node", node.id(), "action", Action.BACKUP.key()));
            current = Action.DEPLOY.key();
            events.step(
                    node.id(),
                    Action.DEPLOY.key(),
                    "deploy " + plan.target().number() + " bin/ and lib/",
                    () -> control.deploy(stamp));
            journal.append("action", Map.of("node", node.id(), "action", Action.DEPLOY.key()));
            current = Action.AWAIT_READY.key();
            startAndAwait(node, control, plan.target(), nodeWaiter, events);
            journal.append("action", Map.of("node", node.id(), "action", Action.AWAIT_READY.key()));
        } catch (NodeFailedException | WaitTimeoutException failure) {
            String logTail = control.logTail();
            String failedStep = failure instanceof NodeFailedException nodeFailure ? nodeFailure.step() : current;
            String outcome = "";
            if (options.rollbackOnFailure()) {
                rollbackNode(node, control, step.from(), stamp, nodeWaiter, events);
                journal.append("rolled-back", Map.of("node", node.id()));
                outcome = "; rolled back to " + step.from().number() + " and running again";
            }
            NodeFailedException failed = new NodeFailedException(
                    node.id(),
                    failedStep,
                    node.label() + ": upgrade to " + plan.target().number() + " failed at " + failedStep + outcome
                            + ".\n"
                            + "cause: " + failure.getMessage() + "\n"
                            + (logTail.isEmpty() ? "" : logTail + "\n")
                            + "Fix the cause, then run: dorisops resume --topology " + topology.source()
                            + "\n(or undo the upgraded nodes: dorisops rollback --topology " + topology.source() + ")",
                    failure);
            events.emit(Type.NODE_FAILED, node.id(), "", elapsed(start), failed.getMessage(), failed);
            throw failed;
        }
        options.hooks().forEach(hook -> hook.afterReady(node));
        journal.append("node-done", Map.of("node", node.id()));
        events.emit(
                Type.NODE_FINISHED,
                node.id(),
                "",
                elapsed(start),
                node.label() + " at " + plan.target().number(),
                null);
    }

    private void startAndAwait(Node node, NodeControl control, Version target, Waiter waiter, Events events) {
        long[] sizes = control.logSizes();
        NodeControl.PidState before = control.pidState();
        events.step(node.id(), Action.START.key(), "start " + node.label() + " with --daemon", () -> {
            control.start();
        });
        events.step(node.id(), Action.AWAIT_READY.key(), "wait until ready at " + target.number(), () -> {
            readiness.await(control, Optional.of(target), before, sizes, true, waiter);
        });
    }

    private void rollbackNode(
            Node node, NodeControl control, Version from, String stamp, Waiter waiter, Events events) {
        events.step(node.id(), "rollback", "restore bin/ and lib/ of " + from + " and restart", () -> {
            control.stop(false, readyTimeout, waiter);
            if (control.restore(stamp)) {
                long[] sizes = control.logSizes();
                NodeControl.PidState before = control.pidState();
                control.start();
                readiness.await(control, Optional.of(from), before, sizes, true, waiter);
            }
        });
    }

    private void awaitSafety(UpgradePlan plan, Step previous, Node node, Waiter waiter) {
        List<SafetyCheck> checks = new ArrayList<>(builtInChecks(plan, previous));
        checks.addAll(options.checks());
        waiter.await(
                node.label(),
                "cleared by the safety checks",
                () -> {
                    List<String> failing = new ArrayList<>();
                    for (SafetyCheck check : checks) {
                        try {
                            check.evaluate(admin, node).ifPresent(why -> failing.add(check.name() + ": " + why));
                        } catch (DorisOpsException e) {
                            failing.add(check.name() + ": " + e.getMessage());
                        }
                    }
                    return failing;
                },
                List::isEmpty,
                failing -> String.join("; ", failing),
                readyTimeout,
                "Fix what the failing check names; the run goes on by itself once it passes.");
    }

    private List<SafetyCheck> builtInChecks(UpgradePlan plan, Step previous) {
        List<SafetyCheck> checks = new ArrayList<>();
        if (previous != null) {
            Node previousNode = node(previous.nodeId());
            checks.add(SafetyCheck.of("previous-node-ready", (admin, next) -> {
                NodeState state = readiness.observe(control(previousNode), true);
                return state.readyAt(plan.target())
                        ? Optional.empty()
                        : Optional.of(previousNode.id() + " is " + state.describe());
            }));
        }
        checks.add(SafetyCheck.of("fe-quorum-after-stop", (admin, next) -> {
            if (next.role() != Role.FE_FOLLOWER) {
                return Optional.empty();
            }
            List<ClusterAdmin.Frontend> followers = admin.frontends().stream()
                    .filter(fe -> fe.role() == Role.FE_FOLLOWER)
                    .toList();
            long alive = followers.stream().filter(ClusterAdmin.Frontend::alive).count();
            int quorum = followers.size() / 2 + 1;
            // With every follower alive, waiting cannot help: a cluster of one or two followers loses
            // its quorum for the restart whatever the engine does, so only a follower that is down
            // makes the engine wait.
            return alive - 1 >= quorum || alive == followers.size()
                    ? Optional.empty()
                    : Optional.of("stopping " + next.id() + " would leave " + (alive - 1) + " of " + followers.size()
                            + " followers alive, below the quorum of " + quorum);
        }));
        checks.add(SafetyCheck.of("no-unhealthy-tablets", (admin, next) -> {
            ClusterAdmin.TabletHealth health = admin.tabletHealth();
            return health.unhealthy() == 0
                    ? Optional.empty()
                    : Optional.of(health.unhealthy() + " unhealthy tablets (SHOW PROC '/statistic')");
        }));
        checks.add(SafetyCheck.of("master-last", (admin, next) -> {
            if (!view.master().equals(Optional.of(next))) {
                return Optional.empty();
            }
            List<String> behind = topology.frontends().stream()
                    .filter(fe -> !fe.equals(next))
                    .filter(fe -> !view.frontend(fe)
                            .flatMap(ClusterAdmin.Frontend::version)
                            .map(v -> v.sameRelease(plan.target()))
                            .orElse(false))
                    .map(Node::id)
                    .toList();
            return behind.isEmpty()
                    ? Optional.empty()
                    : Optional.of("the master goes last, but " + behind + " are not at "
                            + plan.target().number() + " yet");
        }));
        return checks;
    }

    private void finalGate(Version target, Waiter waiter) {
        waiter.await(
                topology.name(),
                "ready: every node at " + target.number() + " and tablets healthy",
                () -> {
                    List<String> problems = new ArrayList<>();
                    for (Node node : topology.nodes()) {
                        NodeState state = readiness.observe(control(node), true);
                        if (!state.readyAt(target)) {
                            problems.add(node.id() + " is " + state.describe());
                        }
                    }
                    ClusterAdmin.TabletHealth tablets = admin.tabletHealth();
                    if (!tablets.healthy()) {
                        problems.add(tablets.unhealthy() + " unhealthy and " + tablets.cloning() + " cloning tablets");
                    }
                    return problems;
                },
                List::isEmpty,
                problems -> String.join("; ", problems),
                readyTimeout,
                "The upgrade is not reported as a success; check the nodes named, then run resume.");
    }

    private void verifyRestored(Map<String, String> previous) {
        Map<String, String> now = admin.frontendConfig(previous.keySet());
        if (!now.equals(previous)) {
            throw new DorisOpsException(DorisOpsException.message(
                    topology.name(),
                    "the balance switches were not restored",
                    previous.toString(),
                    now.toString(),
                    "Set them back with ADMIN SET FRONTEND CONFIG on the master."));
        }
    }

    private List<String> preflight(UpgradePlan plan) {
        List<String> failures = new ArrayList<>();
        Set<String> forced = options.forced();
        Flavor flavor = topology.flavor();
        if (!forced.contains("package")) {
            try {
                PackageInfo pkg = PackageInfo.inspect(Path.of(plan.packageFile()), flavor);
                if (!pkg.version().sameRelease(plan.target())) {
                    failures.add(
                            "package: " + pkg.file() + " holds " + pkg.version() + ", the plan wants " + plan.target());
                }
                plan.steps().stream().map(Step::role).distinct().forEach(role -> pkg.missingFor(flavor, role)
                        .ifPresent(why -> failures.add("package: " + why)));
            } catch (DorisOpsException e) {
                failures.add("package: " + e.getMessage());
            }
        }
        if (!forced.contains("upgrade-path")) {
            for (Step step : plan.steps()) {
                UpgradePath.Verdict verdict =
                        flavor.upgradePath().check(step.from(), plan.target(), options.allowDowngrade());
                verdict.problems().forEach(problem -> failures.add("upgrade-path: " + step.nodeId() + ": " + problem));
            }
        }
        if (!forced.contains("nodes-alive")) {
            for (Node node : topology.nodes()) {
                try {
                    NodeState state = readiness.observe(control(node), true);
                    if (!state.health().ready() || !state.alive()) {
                        failures.add("nodes-alive: " + node.label() + " is " + state.describe());
                    }
                } catch (DorisOpsException e) {
                    failures.add("nodes-alive: " + node.label() + ": " + e.getMessage());
                }
            }
        }
        if (!forced.contains("tablets-healthy")) {
            try {
                ClusterAdmin.TabletHealth tablets = admin.tabletHealth();
                if (!tablets.healthy()) {
                    failures.add("tablets-healthy: " + tablets.unhealthy() + " unhealthy, " + tablets.cloning()
                            + " cloning tablets (SHOW PROC '/statistic'); wait for them to repair");
                }
            } catch (DorisOpsException e) {
                failures.add("tablets-healthy: " + e.getMessage());
            }
        }
        if (!forced.contains("disk-space")) {
            long packageKb = Path.of(plan.packageFile()).toFile().length() / 1024 + 1;
            for (Step step : plan.steps()) {
                Node node = node(step.nodeId());
                try {
                    long free = control(node).freeKilobytes();
                    long need = packageKb * 4 + 64 * 1024;
                    if (free < need) {
                        failures.add("disk-space: " + node.label() + " has " + free / 1024 + " MB free under "
                                + node.home() + ", needs " + need / 1024 + " MB to stage the package");
                    }
                } catch (DorisOpsException e) {
                    failures.add("disk-space: " + e.getMessage());
                }
            }
        }
        return failures;
    }

    private boolean needsImage(UpgradePlan plan) {
        return topology.flavor().createsImageBetweenMinors()
                && plan.steps().stream().anyMatch(step -> !step.from().sameSeries(plan.target()));
    }

    private boolean decoupled() {
        return !topology.nodes(Role.META_SERVICE).isEmpty();
    }

    // ---------------------------------------------------------------- rollback and history

    /**
     * Returns the nodes a run upgraded to their backups, in reverse order (FEs before BEs, as the
     * downgrade docs require), each stopped, restored, started and awaited at its old version.
     */
    @SuppressWarnings("try") // the run lock is held for the body, never referenced in it
    public UpgradeResult rollback(Optional<String> runId) {
        Path journalFile = findRun(runId, record -> record.kind().equals("upgrade"))
                .orElseThrow(() -> new DorisOpsException(
                        "no upgrade of " + topology.name() + " to roll back in " + stateDir.resolve("runs")));
        List<JsonNode> entries = Journal.read(journalFile);
        UpgradePlan plan = Json.MAPPER.convertValue(entries.get(0).get("plan"), UpgradePlan.class);
        String stamp = entries.get(0).get("stamp").asText();
        String of = entries.get(0).get("runId").asText();
        String id = "rollback-" + STAMP.format(Instant.now()).replace('_', '-');
        Events events = new Events(id, options.listener());
        long start = System.nanoTime();
        List<String> restored = new ArrayList<>();
        List<String> untouched = new ArrayList<>();
        try (RunLock lock = RunLock.acquire(stateDir, id);
                Journal journal = Journal.open(stateDir.resolve("runs").resolve(id + ".jsonl"))) {
            journal.append(
                    "run",
                    Map.of(
                            "runId",
                            id,
                            "kind",
                            "rollback",
                            "of",
                            of,
                            "user",
                            System.getProperty("user.name", "unknown"),
                            "machine",
                            machineName(),
                            "plan",
                            Json.MAPPER.valueToTree(plan)));
            events.info(Type.RUN_STARTED, "", "roll back " + of);
            BalancePause pause = decoupled() ? null : admin.pauseBalance();
            try {
                List<Step> reversed = new ArrayList<>(plan.steps());
                java.util.Collections.reverse(reversed);
                for (Step step : reversed) {
                    Node node = node(step.nodeId());
                    NodeControl control = control(node);
                    if (!control.hasBackup(stamp)) {
                        untouched.add(node.id());
                        continue;
                    }
                    Waiter waiter = new Waiter(pollInterval, message -> events.waiting(node.id(), message));
                    events.emit(Type.NODE_STARTED, node.id(), "", Duration.ZERO, "back to " + step.from(), null);
                    rollbackNode(node, control, step.from(), stamp, waiter, events);
                    journal.append("node-done", Map.of("node", node.id()));
                    restored.add(node.id());
                    events.emit(
                            Type.NODE_FINISHED,
                            node.id(),
                            "",
                            Duration.ZERO,
                            node.label() + " at " + step.from(),
                            null);
                }
            } catch (RuntimeException e) {
                throw ended(journal, events, start, "failed", e);
            } finally {
                if (pause != null) {
                    pause.close();
                }
            }
            journal.append("end", Map.of("outcome", "succeeded", "message", "restored " + restored));
            events.emit(Type.RUN_FINISHED, "", "", elapsed(start), "restored " + restored, null);
            return new UpgradeResult(id, restored, untouched, elapsed(start), journal.file());
        }
    }

    /** Every run of the cluster, newest first. */
    public List<RunRecord> history() {
        return history(stateDir);
    }

    /** Every run journaled under a state directory, newest first. */
    public static List<RunRecord> history(Path stateDir) {
        Path runs = stateDir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runs)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsonl"))
                    .map(UpgradeEngine::record)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(RunRecord::started).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
    }

    private static Optional<RunRecord> record(Path file) {
        List<JsonNode> entries = Journal.read(file);
        if (entries.isEmpty() || !entries.get(0).get("type").asText().equals("run")) {
            return Optional.empty();
        }
        JsonNode run = entries.get(0);
        List<String> done = new ArrayList<>();
        String outcome = "unfinished";
        Optional<String> message = Optional.empty();
        for (JsonNode entry : entries) {
            switch (entry.get("type").asText()) {
                case "node-done" -> done.add(entry.get("node").asText());
                case "end" -> {
                    outcome = entry.get("outcome").asText();
                    message = Optional.of(entry.get("message").asText());
                }
                case "resumed" -> {
                    outcome = "unfinished";
                    message = Optional.empty();
                }
                default -> {}
            }
        }
        List<String> forced = new ArrayList<>();
        run.path("forced").forEach(check -> forced.add(check.asText()));
        return Optional.of(new RunRecord(
                run.get("runId").asText(),
                run.get("kind").asText(),
                run.path("user").asText(),
                run.path("machine").asText(),
                Instant.parse(run.get("time").asText()),
                run.path("plan").path("target").asText(),
                done,
                forced,
                outcome,
                message,
                file));
    }

    private Optional<Path> findRun(Optional<String> runId, java.util.function.Predicate<RunRecord> eligible) {
        return history().stream()
                .filter(record -> runId.map(id -> id.equals(record.runId())).orElse(eligible.test(record)))
                .findFirst()
                .map(RunRecord::journal);
    }

    // ---------------------------------------------------------------- helpers

    private Node node(String id) {
        return topology.node(id)
                .orElseThrow(() -> new DorisOpsException("the plan names node " + id + ", which the topology "
                        + topology.source() + " does not have; plan again"));
    }

    private NodeControl control(Node node) {
        return new NodeControl(
                topology.flavor(),
                node,
                transports.apply(node),
                topology.timeouts().command());
    }

    /** Journals a run's unsuccessful end and tells the listener; returns the failure to rethrow. */
    private static RuntimeException ended(
            Journal journal, Events events, long start, String outcome, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        journal.append("end", Map.of("outcome", outcome, "message", message));
        events.emit(Type.RUN_FAILED, "", "", elapsed(start), outcome + ": " + message, e);
        return e;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
