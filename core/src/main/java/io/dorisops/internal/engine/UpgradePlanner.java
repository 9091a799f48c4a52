package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.UpgradePlan;
import io.dorisops.UpgradePlan.Skipped;
import io.dorisops.UpgradePlan.Step;
import io.dorisops.Version;
import io.dorisops.spi.Backend;
import io.dorisops.spi.Frontend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans an upgrade from the live cluster: the package's version, every node's version and the master
 * as they are now, in {@link RollingOrder#rolling rolling order}; nodes already at the target release
 * are skipped. Nothing is changed.
 */
final class UpgradePlanner {

    private UpgradePlanner() {}

    static UpgradePlan plan(Engine engine, Path packageFile) {
        PackageInfo pkg = engine.packageInfo(packageFile.toAbsolutePath().toString());
        Version target = pkg.version();
        Optional<Node> master = engine.view().master();
        List<Step> steps = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (Node node : RollingOrder.rolling(engine.topology().nodes(), master)) {
            Version current = currentVersion(engine, node)
                    .orElseThrow(() -> new DorisOpsException(DorisOpsException.message(
                            node.label(),
                            "cannot read its current version",
                            "a version in the master's view or from the node",
                            "none",
                            "Start the node (dorisops start) or check it is in SHOW FRONTENDS/BACKENDS, then plan"
                                    + " again.")));
            if (current.sameRelease(target)) {
                skipped.add(new Skipped(node.id(), "already at " + current));
                continue;
            }
            steps.add(new Step(
                    node.id(),
                    node.role(),
                    node.host(),
                    current,
                    UpgradePlan.Reason.valueOf(
                            RollingOrder.rollingReason(node, master).name())));
            warnings.addAll(engine.topology()
                    .flavor()
                    .upgradePath()
                    .check(current, target, engine.options().allowDowngrade())
                    .warnings());
        }
        return new UpgradePlan(
                engine.topology().name(),
                engine.topology().flavor(),
                target,
                packageFile.toAbsolutePath().toString(),
                steps,
                skipped,
                List.copyOf(warnings),
                Instant.now());
    }

    private static Optional<Version> currentVersion(Engine engine, Node node) {
        if (node.role().isFrontend()) {
            return engine.view().frontend(node).flatMap(Frontend::version);
        }
        if (node.role().isBackend()) {
            return engine.view().backend(node).flatMap(Backend::version);
        }
        return engine.ops().reportedVersion(node);
    }
}
