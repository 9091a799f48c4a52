package io.dorisops.internal.plan;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.host.ConfFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The plan builders of deploy and scale-out: seed 004's procedure (start the first FE, {@code ALTER
 * SYSTEM ADD FOLLOWER}, start each follower with {@code --helper}, {@code ADD BACKEND}, check {@code SHOW
 * FRONTENDS/BACKENDS}) as an {@link Operation} for the one runner.
 *
 * <p>Deploy of a topology's nodes into empty homes:
 *
 * <ol>
 *   <li>Every node: install the package (uploaded once per host, the role's component extracted into
 *       the home) and write its conf file from the topology.
 *   <li>The first follower: start it alone; it forms the cluster and becomes master; await it serving
 *       SQL at the package's version.
 *   <li>Each further follower, one at a time: {@code ALTER SYSTEM ADD FOLLOWER} on the master, start it
 *       with {@code --helper <first follower host>:<edit_log_port>}, await it alive in {@code SHOW
 *       FRONTENDS} at the version.
 *   <li>Each observer the same with {@code ADD OBSERVER}.
 *   <li>Each BE and CN: {@code ADD BACKEND} (StarRocks {@code ADD COMPUTE NODE}), start it, await it alive
 *       in {@code SHOW BACKENDS} at the version.
 * </ol>
 *
 * <p>Scale-out is the same for nodes added to the topology, the helper being the master now (or the FE
 * the caller names); without a package the nodes' homes are taken as installed and configured.
 */
public final class DeployPlans {

    private DeployPlans() {}

    /** Deploys every node of the topology from a package. */
    public static Operation deploy(Topology topology, String packageFile, Version version) {
        List<Node> nodes = RollingOrder.join(supported(topology, topology.nodes()));
        Node first = topology.nodes(Role.FE_FOLLOWER).get(0);
        List<Step> steps = new ArrayList<>(installSteps(nodes, Optional.of(packageFile), version));
        boolean fqdn = ConfFiles.fqdn(topology.frontends());
        for (Node node : nodes) {
            if (node.equals(first)) {
                steps.add(Step.on(
                        node,
                        Optional.empty(),
                        Reason.FIRST_FOLLOWER_FORMS_CLUSTER,
                        List.of(new Action.Start(hostType(topology.flavor(), fqdn)), Action.AwaitReady.at(version)),
                        List.of()));
            } else {
                steps.add(joinStep(topology.flavor(), node, first.membershipAddress(), fqdn, version));
            }
        }
        return operation(Kind.DEPLOY, topology, steps, version);
    }

    /**
     * Adds nodes of the topology to the running cluster.
     *
     * @param packageFile installed first when present; else the homes are taken as installed
     * @param version the version the nodes come up at
     * @param helper the FE a new FE joins through, {@code host:edit_log_port}
     */
    public static Operation scaleOut(
            Topology topology, Collection<Node> nodes, Optional<String> packageFile, Version version, String helper) {
        if (nodes.isEmpty()) {
            throw new DorisOpsException("scale-out of " + topology.name() + " names no node; pass the ids of the"
                    + " nodes added to the topology (--node be-4)");
        }
        List<Node> order = RollingOrder.join(supported(topology, nodes));
        List<Step> steps =
                new ArrayList<>(packageFile.isPresent() ? installSteps(order, packageFile, version) : List.of());
        boolean fqdn = ConfFiles.fqdn(topology.frontends());
        for (Node node : order) {
            steps.add(joinStep(topology.flavor(), node, helper, fqdn, version));
        }
        return operation(Kind.SCALE_OUT, topology, steps, version);
    }

    private static List<Step> installSteps(List<Node> nodes, Optional<String> packageFile, Version version) {
        List<Step> steps = new ArrayList<>();
        for (Node node : nodes) {
            steps.add(Step.on(
                    node,
                    Optional.empty(),
                    Reason.INSTALL_BEFORE_STARTS,
                    List.of(new Action.Install(packageFile.orElseThrow(), version), new Action.WriteConf()),
                    List.of()));
        }
        return steps;
    }

    private static Step joinStep(Flavor flavor, Node node, String helper, boolean fqdn, Version version) {
        Action start =
                node.role().isFrontend() ? Action.Start.withHelper(helper, hostType(flavor, fqdn)) : new Action.Start();
        Reason reason =
                switch (node.role()) {
                    case FE_FOLLOWER -> Reason.FOLLOWER_JOINS_THROUGH_HELPER;
                    case FE_OBSERVER -> Reason.OBSERVER_JOINS_THROUGH_HELPER;
                    default -> Reason.BACKEND_JOINS_MASTER;
                };
        return Step.on(
                node,
                Optional.empty(),
                reason,
                List.of(new Action.AddMember(), start, Action.AwaitReady.at(version)),
                List.of());
    }

    /** StarRocks names FEs by host name only when the first start says so; Doris reads fe.conf. */
    private static List<String> hostType(Flavor flavor, boolean fqdn) {
        return fqdn && flavor == Flavor.STARROCKS ? List.of("--host_type", "FQDN") : List.of();
    }

    private static List<Node> supported(Topology topology, Collection<Node> nodes) {
        List<String> unsupported = nodes.stream()
                .filter(node -> !node.role().isFrontend() && !node.role().isBackend())
                .map(node -> node.id() + " (" + node.role().key() + ")")
                .toList();
        if (!unsupported.isEmpty()) {
            throw new DorisOpsException(topology.name() + ": deploy and scale-out install FEs, BEs and CNs; "
                    + unsupported + " are not supported yet: install them by hand (see docs/scaling.md)");
        }
        return topology.nodes().stream().filter(nodes::contains).toList();
    }

    private static Operation operation(Kind kind, Topology topology, List<Step> steps, Version version) {
        return new Operation(
                kind,
                topology.name(),
                topology.flavor(),
                Optional.of(version),
                false,
                steps,
                List.of(),
                List.of(),
                Optional.empty(),
                Instant.now());
    }
}
