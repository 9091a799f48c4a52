package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.host.ConfFiles;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pre-flight gates of deploy and scale-out, run before anything changes; each failure starts with
 * its gate's name:
 *
 * <ul>
 *   <li>{@code package}: the package is a release of the topology's flavor with a component for every
 *       role it installs.
 *   <li>{@code empty-home} (unforceable): no new node's meta dir or storage root holds a file.
 *   <li>{@code ports-free} (unforceable): nothing accepts connections on a new node's ports yet.
 *   <li>{@code already-member} (unforceable, scale-out): no new node's {@code host:port} is a member of
 *       the cluster, by name or by address.
 *   <li>{@code helper-reachable} (unforceable, scale-out): the FE new FEs join through is alive and its
 *       edit log port answers from each new FE's host.
 *   <li>{@code same-version} (scale-out): the nodes come up at the version the cluster runs.
 * </ul>
 */
final class DeployGates {

    private final Engine engine;

    DeployGates(Engine engine) {
        this.engine = engine;
    }

    List<String> preflight(Operation operation) {
        List<String> failures = new ArrayList<>();
        Set<String> forced = engine.options().forced();
        ProcedureSpec spec = ProcedureSpec.of(operation.kind());
        List<Node> nodes = newNodes(operation);
        if (nodes.isEmpty()) {
            return failures; // a scale-out of components (Kubernetes): its plan waits for the members itself
        }
        Optional<String> file = installedPackage(operation);
        if (file.isPresent() && !forced.contains("package")) {
            packageGate(file.get(), operation, nodes, failures);
        }
        for (Node node : nodes) {
            emptyHome(node, failures);
            portsFree(node, failures);
        }
        if (spec.runs("already-member")) {
            ClusterAdmin admin = engine.admin();
            for (Node node : nodes) {
                try {
                    Members.holding(admin, engine.topology().flavor(), node)
                            .ifPresent(member -> failures.add("already-member: " + node.label() + ": "
                                    + node.membershipAddress() + " is already " + member
                                    + " of the cluster; scale-out adds new nodes only: leave it out of --node"));
                } catch (DorisOpsException e) {
                    failures.add("already-member: cannot read the members: " + e.getMessage());
                }
            }
        }
        if (spec.runs("helper-reachable")) {
            helperReachable(operation, nodes, failures);
        }
        if (spec.runs("same-version") && !forced.contains("same-version")) {
            sameVersion(operation, nodes, file.isPresent(), failures);
        }
        return failures;
    }

    private void packageGate(String file, Operation operation, List<Node> nodes, List<String> failures) {
        try {
            PackageInfo pkg = engine.packageInfo(file);
            if (!pkg.version().sameRelease(operation.target().orElseThrow())) {
                failures.add("package: " + pkg.file() + " holds " + pkg.version() + ", the plan wants "
                        + operation.target().get() + "; plan again with this package");
            }
            nodes.stream().map(Node::role).distinct().forEach(role -> pkg.missingFor(
                            engine.topology().flavor(), role)
                    .ifPresent(why -> failures.add("package: " + why)));
        } catch (DorisOpsException e) {
            failures.add("package: " + e.getMessage());
        }
    }

    private void emptyHome(Node node, List<String> failures) {
        try {
            List<String> files = engine.installer()
                    .dataFiles(node, ConfFiles.dataDirs(engine.topology().flavor(), node));
            if (!files.isEmpty()) {
                failures.add("empty-home: " + node.label() + ": " + String.join(", ", files)
                        + (files.size() == 1 ? " is" : " are") + " in its "
                        + (node.role().isFrontend() ? "meta dir" : "storage root")
                        + ": a new node starts with empty data directories; give it an empty "
                        + (node.role().isFrontend() ? "metaDir" : "storageRootPath")
                        + " (dorisops never deletes data), or, if it is a member already, leave it out");
            }
        } catch (DorisOpsException e) {
            failures.add("empty-home: " + e.getMessage());
        }
    }

    private void portsFree(Node node, List<String> failures) {
        Map<Integer, String> byPort = new LinkedHashMap<>();
        node.ports().inUse().forEach((name, port) -> byPort.put(port, name));
        try {
            for (int port : engine.installer().openPorts(node, node.host(), List.copyOf(byPort.keySet()))) {
                failures.add("ports-free: " + node.label() + ": ports." + byPort.get(port) + " " + node.host() + ":"
                        + port + " already accepts connections: another process holds it (a member of a cluster?);"
                        + " stop it or give the node other ports in the topology");
            }
        } catch (DorisOpsException e) {
            failures.add("ports-free: " + e.getMessage());
        }
    }

    private void helperReachable(Operation operation, List<Node> nodes, List<String> failures) {
        Set<String> starting = new LinkedHashSet<>();
        nodes.forEach(node -> starting.add(node.membershipAddress()));
        for (Step step : operation.steps()) {
            Optional<String> helper = helperOf(step);
            if (helper.isEmpty() || starting.contains(helper.get())) {
                continue;
            }
            Node node = engine.node(step.nodeId());
            String address = helper.get();
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(address.substring(colon + 1));
            try {
                Optional<Frontend> fe = engine.admin().frontends().stream()
                        .filter(row ->
                                row.editLogPort() == port && io.dorisops.internal.HostMatch.same(row.host(), host))
                        .findFirst();
                if (fe.isEmpty() || !fe.get().alive()) {
                    failures.add("helper-reachable: the helper " + address + " of " + node.id() + " is "
                            + (fe.isEmpty() ? "not an FE of the cluster" : "not alive in SHOW FRONTENDS")
                            + "; start it, or name a live FE with --helper");
                } else if (engine.installer()
                        .openPorts(node, host, List.of(port))
                        .isEmpty()) {
                    failures.add("helper-reachable: the helper " + address + " does not answer from " + node.label()
                            + ": its edit log port is closed or filtered there; open the port between the hosts, or"
                            + " name another FE with --helper");
                }
            } catch (DorisOpsException e) {
                failures.add("helper-reachable: " + e.getMessage());
            }
        }
    }

    private void sameVersion(Operation operation, List<Node> nodes, boolean installing, List<String> failures) {
        Optional<Version> cluster;
        try {
            cluster = clusterVersion(engine.admin(), engine.topology().flavor());
        } catch (DorisOpsException e) {
            failures.add("same-version: cannot read the cluster's version: " + e.getMessage());
            return;
        }
        if (cluster.isEmpty()) {
            failures.add("same-version: no member of the cluster reports a version; force same-version to add the"
                    + " nodes anyway");
            return;
        }
        for (Node node : nodes) {
            Optional<Version> coming =
                    installing ? operation.target() : engine.installer().installedVersion(node);
            if (coming.isEmpty()) {
                failures.add("same-version: " + node.label() + ": cannot tell which version its home holds; pass the"
                        + " package with --package, or force same-version");
            } else if (!coming.get().sameRelease(cluster.get())) {
                failures.add("same-version: " + node.label() + " would run "
                        + coming.get().number()
                        + ", the cluster runs " + cluster.get().number() + "; pass the "
                        + cluster.get().number()
                        + " package, or force same-version (then upgrade the rest)");
            }
        }
    }

    /** The version most alive members report. */
    static Optional<Version> clusterVersion(ClusterAdmin admin, Flavor flavor) {
        Map<Version, Integer> counts = new LinkedHashMap<>();
        admin.frontends().stream()
                .filter(Frontend::alive)
                .flatMap(fe -> fe.version().stream())
                .forEach(v -> counts.merge(v, 1, Integer::sum));
        admin.backends().stream()
                .filter(Backend::alive)
                .flatMap(be -> be.version().stream())
                .forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /** The nodes the operation adds: those it installs or registers. */
    private List<Node> newNodes(Operation operation) {
        Set<String> ids = new LinkedHashSet<>();
        for (Step step : operation.steps()) {
            if (!step.onCluster()
                    && step.actions().stream()
                            .anyMatch(a -> a instanceof Action.Install
                                    || a instanceof Action.AddMember
                                    || a instanceof Action.WriteConf)) {
                ids.add(step.nodeId());
            }
        }
        return ids.stream().map(engine::node).toList();
    }

    static Optional<String> installedPackage(Operation operation) {
        return operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .filter(Action.Install.class::isInstance)
                .map(action -> ((Action.Install) action).packageFile())
                .findFirst();
    }

    private static Optional<String> helperOf(Step step) {
        for (Action action : step.actions()) {
            if (action instanceof Action.Start start) {
                int index = start.args().indexOf("--helper");
                if (index >= 0 && index + 1 < start.args().size()) {
                    return Optional.of(start.args().get(index + 1));
                }
            }
        }
        return Optional.empty();
    }
}
