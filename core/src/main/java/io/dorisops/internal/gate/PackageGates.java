package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.UpgradePath;
import io.dorisops.internal.action.Action;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The pre-flight gates of the release a run goes to, each failure starting with its gate's name:
 *
 * <ul>
 *   <li>{@code package}: the package staged (an upgrade) or installed (a deploy, a scale-out) holds the
 *       planned release, with a component for every role the plan touches (the new nodes' roles);
 *   <li>{@code upgrade-path}: every node may go from its version to the target in one step;
 *   <li>{@code disk-space}: every host the package is staged on has room for it (4 times its size plus
 *       64 MB);
 *   <li>{@code fe-metadata-check}: last, once every other gate passed, a test FE of the target loads a copy
 *       of the master's metadata (the check itself is {@code FrontendCheck}, asked through the context).
 * </ul>
 */
public final class PackageGates {

    private PackageGates() {}

    /** {@code package}: the staged package of an upgrade, or the installed one of a deploy or scale-out. */
    public static List<String> packageHolds(OperationContext run, List<String> earlier) {
        Operation operation = run.operation();
        if (run.spec().runs("empty-home")) {
            List<Node> nodes = DeployGates.newNodes(run);
            Optional<String> file = DeployGates.installedPackage(operation);
            return nodes.isEmpty() || file.isEmpty()
                    ? List.of()
                    : holds(run, file.get(), nodes.stream().map(Node::role).toList(), "; plan again with this package");
        }
        return stagedPackage(operation)
                .map(file -> holds(
                        run,
                        file,
                        operation.steps().stream()
                                .flatMap(step -> step.role().stream())
                                .toList(),
                        ""))
                .orElse(List.of());
    }

    private static List<String> holds(OperationContext run, String file, Collection<Role> roles, String advice) {
        List<String> failures = new ArrayList<>();
        try {
            OperationContext.PackageContents pkg = run.contents(file);
            Operation operation = run.operation();
            if (!pkg.version().sameRelease(operation.target().orElseThrow())) {
                failures.add("package: " + pkg.file() + " holds " + pkg.version() + ", the plan wants "
                        + operation.target().get() + advice);
            }
            roles.stream().distinct().forEach(role -> pkg.missingFor(role)
                    .ifPresent(why -> failures.add("package: " + why)));
        } catch (DorisOpsException e) {
            failures.add("package: " + e.getMessage());
        }
        return failures;
    }

    /** {@code upgrade-path}: every step's node may go from its version to the target in one step. */
    public static List<String> upgradePath(OperationContext run, List<String> earlier) {
        Operation operation = run.operation();
        Flavor flavor = run.flavor();
        List<String> failures = new ArrayList<>();
        for (Step step : operation.steps()) {
            if (step.from().isPresent() && step.reason() != Operation.Reason.STAGE_BEFORE_RESTARTS) {
                UpgradePath.Verdict verdict = flavor.upgradePath()
                        .check(step.from().get(), operation.target().orElseThrow(), run.allowDowngrade());
                verdict.problems().forEach(p -> failures.add("upgrade-path: " + step.nodeId() + ": " + p));
            }
        }
        return failures;
    }

    /** {@code disk-space}: every host the package is staged on has room for it. */
    public static List<String> diskSpace(OperationContext run, List<String> earlier) {
        Optional<String> file = stagedPackage(run.operation());
        if (file.isEmpty()) {
            return List.of();
        }
        long packageKb = Path.of(file.get()).toFile().length() / 1024 + 1;
        long need = packageKb * 4 + 64 * 1024;
        List<String> failures = new ArrayList<>();
        for (Step step : run.operation().steps()) {
            if (step.reason() != Operation.Reason.STAGE_BEFORE_RESTARTS) {
                continue;
            }
            Node node = run.node(step.nodeId());
            try {
                long free = run.freeKilobytes(node);
                if (free < need) {
                    failures.add("disk-space: " + node.label() + " has " + free / 1024 + " MB free under " + node.home()
                            + ", needs " + need / 1024 + " MB to stage the package");
                }
            } catch (DorisOpsException e) {
                failures.add("disk-space: " + e.getMessage());
            }
        }
        return failures;
    }

    /** {@code fe-metadata-check}: only once every earlier gate passed (it starts a test FE). */
    public static List<String> frontendMetadata(OperationContext run, List<String> earlier) {
        return earlier.isEmpty() ? run.frontendMetadataCheck().stream().toList() : List.of();
    }

    /** The package an operation stages (an upgrade's), if any. */
    public static Optional<String> stagedPackage(Operation operation) {
        return operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .filter(Action.Stage.class::isInstance)
                .map(action -> ((Action.Stage) action).packageFile())
                .findFirst();
    }
}
