package io.dorisops.internal.engine;

import io.dorisops.Action;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Role;
import io.dorisops.RunRecord;
import io.dorisops.UpgradePlan;
import io.dorisops.UpgradeResult;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The procedures {@code Cluster} offers, each a plan builder plus the one {@link Runner}: plan and run
 * an upgrade, a rolling restart, a start or a stop; resume, roll back, list the history.
 */
public final class Procedures {

    private final Engine engine;
    private final Runner runner;

    public Procedures(Engine engine) {
        this.engine = engine;
        this.runner = new Runner(engine);
    }

    public UpgradePlan planUpgrade(Path packageFile) {
        engine.admin();
        return UpgradePlanner.plan(engine, packageFile);
    }

    public UpgradeResult upgrade(UpgradePlan plan) {
        engine.admin();
        String stamp = Runner.newStamp();
        Operation upgrade = Plans.upgrade(engine.topology(), plan, stamp);
        if (engine.options().canary().mode() != io.dorisops.Canary.Mode.OFF) {
            upgrade = CanaryPlans.apply(upgrade, engine.options().canary(), CanaryPlans.tablets(engine));
        }
        return runner.run(upgrade, stamp);
    }

    public Operation planRestart(Collection<Node> nodes) {
        return Plans.restart(engine.topology(), nodes, engine.masterNow());
    }

    public Operation planStart(Collection<Node> nodes) {
        return Plans.start(engine.topology(), nodes, lastMaster());
    }

    public Operation planStop(Collection<Node> nodes) {
        return Plans.stop(engine.topology(), nodes, lastMaster());
    }

    /** Runs an operation; an upgrade keeps the stamp its backups were planned with. */
    public UpgradeResult execute(Operation operation) {
        String stamp = operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .filter(Action.Backup.class::isInstance)
                .map(action -> ((Action.Backup) action).stamp())
                .findFirst()
                .orElseGet(Runner::newStamp);
        return runner.run(operation, stamp);
    }

    /** The FE metadata compatibility check of a package ({@link FrontendCheck}). */
    public io.dorisops.FrontendCheckResult checkFrontendUpgrade(
            Path packageFile, io.dorisops.FrontendCheckOptions options) {
        engine.admin();
        return new FrontendCheck(engine, engine::host).run(packageFile, options);
    }

    /** The rebuild rollback of one BE as an operation ({@link RebuildPlans}); nothing is changed. */
    public Operation planRebuildBackend(Node node, Optional<String> restoreStamp) {
        engine.admin();
        return RebuildPlans.rebuild(engine.topology(), node, Runner.newStamp(), restoreStamp);
    }

    public UpgradeResult resume(Optional<String> runId) {
        return runner.resume(runId);
    }

    public UpgradeResult rollback(Optional<String> runId) {
        engine.admin();
        return runner.rollback(runId);
    }

    public List<RunRecord> history() {
        return runner.history();
    }

    /** The master now when SQL answers, else the topology's first follower (the cluster is down). */
    private Optional<Node> lastMaster() {
        return engine.masterNow()
                .or(() -> engine.topology().nodes(Role.FE_FOLLOWER).stream().findFirst());
    }
}
