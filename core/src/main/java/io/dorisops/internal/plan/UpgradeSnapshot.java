package io.dorisops.internal.plan;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.TabletPlacement;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an upgrade is planned from, read from the cluster once: the package, the master, every node's
 * version, the members in the master's view with their tablets and, for batches, the replica facts and
 * tablet placement. {@link UpgradePlanner} plans from it without reading anything; its {@link #basis()} is
 * what a run checks the cluster still matches ({@link PlanBasis}).
 *
 * @param packageFile the release tarball, an absolute path
 * @param pkg the package as inspected (its version and SHA-512)
 * @param master the topology FE that is master
 * @param versions every topology node's version, empty when none can be read, in topology order
 * @param members every FE, BE and CN in the master's view ({@code role host:port}), sorted
 * @param tablets the replicas each BE holds, by node id
 * @param replicas the replica facts and tablet placement, read only when batches are planned
 */
public record UpgradeSnapshot(
        String packageFile,
        PackageInfo pkg,
        Optional<Node> master,
        Map<Node, Optional<Version>> versions,
        List<String> members,
        Map<String, Long> tablets,
        Optional<Replicas> replicas) {

    /** The replica facts and tablet placement batches are planned from. */
    record Replicas(ReplicaFacts facts, TabletPlacement placement) {}

    /**
     * Reads the cluster once: one pass over {@code SHOW FRONTENDS}, {@code SHOW BACKENDS} and the compute
     * nodes; the version of a node outside the master's view from the node itself; the replica facts and
     * placement only when {@code withReplicas}.
     */
    public static UpgradeSnapshot read(Engine engine, String packageFile, boolean withReplicas) {
        PackageInfo pkg = engine.packageInfo(packageFile);
        ClusterAdmin admin = engine.admin();
        Topology topology = engine.topology();
        List<Frontend> frontends = admin.frontends();
        List<Backend> backends = admin.backends();
        List<Backend> computeNodes = admin.computeNodes();
        Frontend masterRow = admin.master();
        Optional<Node> master =
                topology.frontends().stream().filter(masterRow::matches).findFirst();
        Map<Node, Optional<Version>> versions = new LinkedHashMap<>();
        Map<String, Long> tablets = new TreeMap<>();
        for (Node node : topology.nodes()) {
            Optional<Version> version;
            if (node.role().isFrontend()) {
                version = frontends.stream()
                        .filter(row -> row.matches(node))
                        .findFirst()
                        .flatMap(Frontend::version);
            } else if (node.role().isBackend()) {
                Optional<Backend> row = (node.role() == Role.CN ? computeNodes : backends)
                        .stream().filter(each -> each.matches(node)).findFirst();
                row.ifPresent(each -> tablets.put(node.id(), each.tabletNum()));
                version = row.flatMap(Backend::version);
            } else {
                version = engine.control().binaries().flatMap(store -> store.reportedVersion(node));
            }
            versions.put(node, version);
        }
        List<String> members = new ArrayList<>();
        frontends.forEach(row -> members.add("fe " + row.address()));
        backends.forEach(row -> members.add("be " + row.address()));
        computeNodes.forEach(row -> members.add("cn " + row.address()));
        members.sort(null);
        Optional<Replicas> replicas = Optional.empty();
        if (withReplicas) {
            ReplicaFacts facts = admin.replicaFacts();
            replicas = Optional.of(new Replicas(facts, admin.tabletPlacement(facts)));
        }
        return new UpgradeSnapshot(packageFile, pkg, master, versions, members, tablets, replicas);
    }

    /**
     * The version {@code node} runs.
     *
     * @throws DorisOpsException when none could be read
     */
    Version version(Node node) {
        return versions.getOrDefault(node, Optional.empty())
                .orElseThrow(
                        () -> new DorisOpsException(
                                DorisOpsException.message(
                                        node.label(),
                                        "cannot read its current version",
                                        "a version in the master's view or from the node",
                                        "none",
                                        "Start the node (dorisops start) or check it is in SHOW FRONTENDS/BACKENDS, then plan again.")));
    }

    /**
     * The facts a plan made from this snapshot rests on, by name: {@code node <id>} (role and host), {@code
     * version <id>} (when one could be read), {@code member <role> <host:port>} (each in the master's view),
     * {@code master}, {@code package} and {@code package sha512}.
     */
    Map<String, String> basis() {
        Map<String, String> basis = new TreeMap<>();
        versions.forEach((node, version) -> {
            basis.put("node " + node.id(), node.role().key() + " on " + node.host());
            version.ifPresent(v -> basis.put("version " + node.id(), v.toString()));
        });
        members.forEach(member -> basis.put("member " + member, "in the master's view"));
        basis.put("master", master.map(Node::id).orElse("none in the topology"));
        basis.put("package", packageFile);
        basis.put("package sha512", pkg.sha512());
        return basis;
    }
}
