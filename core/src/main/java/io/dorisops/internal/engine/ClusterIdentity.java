package io.dorisops.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.UpgradePlan;
import io.dorisops.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Which cluster a run belongs to: the topology's name, its file, and the digest of its members (role,
 * host and membership port of every node). A run's journal records it; {@code resume}, {@code
 * rollback} and {@code history} refuse another cluster's journal (the same name and file with an FE in
 * common is the same cluster after a scale-out or scale-in), and the default state directory is
 * named by it, never by the file name alone — two topology files called {@code cluster.yaml} are two
 * clusters.
 *
 * @param name the topology's name
 * @param digest 12 hex digits of SHA-256 over the sorted members, empty for a format-1 journal
 * @param members the sorted members, e.g. {@code be 10.0.0.1:9050}
 * @param source the topology file
 */
record ClusterIdentity(String name, String digest, List<String> members, String source) {

    /**
     * The identity of a topology. A cluster run by a Kubernetes operator (source {@code k8s:...}) is its
     * custom resource: scaling changes its pods, not which cluster it is.
     */
    static ClusterIdentity of(Topology topology) {
        List<String> members = topology.source().startsWith("k8s:")
                ? List.of("resource " + topology.source())
                : topology.nodes().stream()
                        .map(ClusterIdentity::member)
                        .sorted()
                        .toList();
        return new ClusterIdentity(topology.name(), digest(String.join("\n", members)), members, topology.source());
    }

    /** What a format-1 journal knows: the plan's nodes and hosts. */
    static ClusterIdentity legacy(UpgradePlan plan) {
        List<String> members = plan.steps().stream()
                .map(step -> step.nodeId() + "@" + step.host())
                .sorted()
                .toList();
        return new ClusterIdentity(plan.cluster(), "", members, "");
    }

    /** {@code ~/.dorisops/<name>-<digest>}: the default state directory. */
    static Path defaultStateDir(Topology topology) {
        ClusterIdentity identity = of(topology);
        return Path.of(System.getProperty("user.home"), ".dorisops", identity.name() + "-" + identity.digest());
    }

    /** Why a run recorded as {@code this} is not the topology's, or empty when it is. */
    Optional<String> mismatch(Topology topology) {
        if (digest.isEmpty()) {
            List<String> missing = members.stream()
                    .filter(member -> {
                        String[] parts = member.split("@", 2);
                        return topology.node(parts[0])
                                .map(node -> !node.host().equals(parts[1]))
                                .orElse(true);
                    })
                    .toList();
            return missing.isEmpty()
                    ? Optional.empty()
                    : Optional.of("its nodes " + missing + " are not in " + topology.source() + " with those hosts");
        }
        ClusterIdentity now = of(topology);
        if (now.digest.equals(digest) || grownOrShrunk(now)) {
            return Optional.empty();
        }
        List<String> gone =
                members.stream().filter(m -> !now.members.contains(m)).toList();
        List<String> added =
                now.members.stream().filter(m -> !members.contains(m)).toList();
        return Optional.of("it belongs to cluster " + name + " (" + source + ", members " + digest + "), not to "
                + now.name + " (" + now.source + ", members " + now.digest + ")"
                + (gone.isEmpty() ? "" : "; only the run's cluster has " + gone)
                + (added.isEmpty() ? "" : "; only " + now.source + " has " + added));
    }

    /**
     * True when {@code now} is this cluster after members were added or removed (deploy, scale-out,
     * scale-in): the same name and file, and an FE in common.
     */
    private boolean grownOrShrunk(ClusterIdentity now) {
        return name.equals(now.name)
                && source.equals(now.source)
                && members.stream().filter(m -> m.startsWith("fe_")).anyMatch(now.members::contains);
    }

    JsonNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", name);
        node.put("digest", digest);
        members.forEach(node.putArray("members")::add);
        node.put("source", source);
        return node;
    }

    static ClusterIdentity fromJson(JsonNode node) {
        List<String> members = new java.util.ArrayList<>();
        node.path("members").forEach(member -> members.add(member.asText()));
        return new ClusterIdentity(
                node.path("name").asText(),
                node.path("digest").asText(),
                members,
                node.path("source").asText());
    }

    private static String member(Node node) {
        int port = node.role().isFrontend()
                ? node.ports().editLogPort()
                : node.role().isBackend()
                        ? node.ports().heartbeatPort()
                        : node.ports().httpPort();
        return node.role().key() + " " + node.host() + ":" + port;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
