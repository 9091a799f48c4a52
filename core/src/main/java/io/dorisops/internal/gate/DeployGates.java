package io.dorisops.internal.gate;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.Version;
import io.dorisops.internal.HostMatch;
import io.dorisops.internal.action.Action;
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
 * The pre-flight gates of deploy and scale-out on the nodes they add, run before anything changes; each
 * failure starts with its gate's name. None applies to a scale-out of components (Kubernetes), whose plan
 * waits for the members itself. ({@code package} is {@link PackageGates}'.)
 *
 * <ul>
 *   <li>{@code empty-home} (unforceable): no new node's meta dir or storage root holds a file.
 *   <li>{@code ports-free} (unforceable): nothing accepts connections on a new node's ports yet.
 *   <li>{@code already-member} (unforceable, scale-out): no new node's {@code host:port} is a member of
 *       the cluster, by name or by address.
 *   <li>{@code helper-reachable} (unforceable, scale-out): the FE new FEs join through is alive and its
 *       edit log port answers from each new FE's host.
 *   <li>{@code same-version} (scale-out): the nodes come up at the version the cluster runs.
 * </ul>
 */
public final class DeployGates {

    private DeployGates() {}

    /** {@code empty-home}: the new node's meta dir or storage root holds no file. */
    public static List<String> emptyHome(OperationContext run, Node node) {
        try {
            List<String> files = run.dataFiles(node);
            if (!files.isEmpty()) {
                return List.of("empty-home: " + node.label() + ": " + String.join(", ", files)
                        + (files.size() == 1 ? " is" : " are") + " in its "
                        + (node.role().isFrontend() ? "meta dir" : "storage root")
                        + ": a new node starts with empty data directories; give it an empty "
                        + (node.role().isFrontend() ? "metaDir" : "storageRootPath")
                        + " (dorisops never deletes data), or, if it is a member already, leave it out");
            }
            return List.of();
        } catch (DorisOpsException e) {
            return List.of("empty-home: " + e.getMessage());
        }
    }

    /** {@code ports-free}: nothing accepts connections on the new node's ports. */
    public static List<String> portsFree(OperationContext run, Node node) {
        Map<Integer, String> byPort = new LinkedHashMap<>();
        node.ports().inUse().forEach((name, port) -> byPort.put(port, name));
        List<String> failures = new ArrayList<>();
        try {
            for (int port : run.openPorts(node, node.host(), List.copyOf(byPort.keySet()))) {
                failures.add("ports-free: " + node.label() + ": ports." + byPort.get(port) + " " + node.host() + ":"
                        + port + " already accepts connections: another process holds it (a member of a cluster?);"
                        + " stop it or give the node other ports in the topology");
            }
        } catch (DorisOpsException e) {
            failures.add("ports-free: " + e.getMessage());
        }
        return failures;
    }

    /** {@code already-member}: no new node's {@code host:port} is a member of the cluster already. */
    public static List<String> alreadyMember(OperationContext run, List<String> earlier) {
        List<String> failures = new ArrayList<>();
        for (Node node : newNodes(run)) {
            try {
                run.memberHolding(node)
                        .ifPresent(member -> failures.add("already-member: " + node.label() + ": "
                                + node.membershipAddress() + " is already " + member
                                + " of the cluster; scale-out adds new nodes only: leave it out of --node"));
            } catch (DorisOpsException e) {
                failures.add("already-member: cannot read the members: " + e.getMessage());
            }
        }
        return failures;
    }

    /** {@code helper-reachable}: the FE each new FE joins through is alive and answers from its host. */
    public static List<String> helperReachable(OperationContext run, List<String> earlier) {
        List<Node> nodes = newNodes(run);
        List<String> failures = new ArrayList<>();
        if (nodes.isEmpty()) {
            return failures;
        }
        Set<String> starting = new LinkedHashSet<>();
        nodes.forEach(node -> starting.add(node.membershipAddress()));
        for (Step step : run.operation().steps()) {
            Optional<String> helper = helperOf(step);
            if (helper.isEmpty() || starting.contains(helper.get())) {
                continue;
            }
            Node node = run.node(step.nodeId());
            String address = helper.get();
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(address.substring(colon + 1));
            try {
                Optional<Frontend> fe = run.admin().frontends().stream()
                        .filter(row -> row.editLogPort() == port && HostMatch.same(row.host(), host))
                        .findFirst();
                if (fe.isEmpty() || !fe.get().alive()) {
                    failures.add("helper-reachable: the helper " + address + " of " + node.id() + " is "
                            + (fe.isEmpty() ? "not an FE of the cluster" : "not alive in SHOW FRONTENDS")
                            + "; start it, or name a live FE with --helper");
                } else if (run.openPorts(node, host, List.of(port)).isEmpty()) {
                    failures.add("helper-reachable: the helper " + address + " does not answer from " + node.label()
                            + ": its edit log port is closed or filtered there; open the port between the hosts, or"
                            + " name another FE with --helper");
                }
            } catch (DorisOpsException e) {
                failures.add("helper-reachable: " + e.getMessage());
            }
        }
        return failures;
    }

    /** {@code same-version}: the new nodes come up at the version the cluster runs. */
    public static List<String> sameVersion(OperationContext run, List<String> earlier) {
        List<Node> nodes = newNodes(run);
        if (nodes.isEmpty()) {
            return List.of();
        }
        Optional<Version> cluster;
        try {
            cluster = clusterVersion(run.admin(), run.flavor());
        } catch (DorisOpsException e) {
            return List.of("same-version: cannot read the cluster's version: " + e.getMessage());
        }
        if (cluster.isEmpty()) {
            return List.of("same-version: no member of the cluster reports a version; force same-version to add the"
                    + " nodes anyway");
        }
        boolean installing = installedPackage(run.operation()).isPresent();
        List<String> failures = new ArrayList<>();
        for (Node node : nodes) {
            Optional<Version> coming = installing ? run.operation().target() : run.installedVersion(node);
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
        return failures;
    }

    /** The version most alive members report. */
    public static Optional<Version> clusterVersion(ClusterAdmin admin, Flavor flavor) {
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

    /** The nodes the operation adds: those it installs or registers, in plan order. */
    public static List<Node> newNodes(OperationContext run) {
        Set<String> ids = new LinkedHashSet<>();
        for (Step step : run.operation().steps()) {
            if (!step.onCluster()
                    && step.actions().stream()
                            .anyMatch(a -> a instanceof Action.Install
                                    || a instanceof Action.AddMember
                                    || a instanceof Action.WriteConf)) {
                ids.add(step.nodeId());
            }
        }
        return ids.stream().map(run::node).toList();
    }

    /** The package an operation installs (a deploy's, a scale-out's with a package), if any. */
    public static Optional<String> installedPackage(Operation operation) {
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
