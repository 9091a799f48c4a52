package io.dorisops.internal.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which cluster a run belongs to, and where its state lives.
 *
 * <p>The identity is stable: the topology's name and its <em>key</em>, which does not change when the
 * membership does (a deploy, scale-out or scale-in, an edited file). For a topology file the key is
 * the file's absolute, normalised path; for a cluster run by a Kubernetes operator (source {@code
 * k8s:...}) it is the source, which names the API server, the custom resource and its uid (a resource
 * deleted and created again under the same name is another cluster). The default state directory is
 * {@code ~/.dorisops/<name>-<12 hex digits of SHA-256 over name and key>}: two files called {@code
 * cluster.yaml} are two clusters, one file whose members change stays one.
 *
 * <p>Journals record it; {@code resume}, {@code rollback} and {@code history} refuse another
 * cluster's. A journal is this cluster's when the names are the same and either the key or the
 * members are (the same file after a scale-out; the same members written to another file and run with
 * {@code --state-dir}); for a Kubernetes cluster only the key counts, as a resource created again keeps
 * its pods' names. Journals written before the key (format 2 without {@code key}) match by name
 * and file, or by the digest of their members; a format-2 journal whose identity is empty or missing
 * matches no cluster. Those older journals lived in {@code ~/.dorisops/<name>-<digest of the members>}, a
 * directory that moved with every membership change: {@link #formerStateDirs} finds them beside the
 * new one so their runs stay visible (read where they are, never moved).
 *
 * @param name the topology's name
 * @param key what stays the same while the members change (file path or Kubernetes resource); empty
 *     for journals written before it
 * @param digest 12 hex digits of SHA-256 over the sorted members, empty for a format-1 journal
 * @param members the sorted members, e.g. {@code be 10.0.0.1:9050}
 * @param source the topology's source as given (a file name, {@code k8s:...})
 * @param formatOne true for what a format-1 journal knows (its plan's nodes and hosts)
 */
public record ClusterIdentity(
        String name, String key, String digest, List<String> members, String source, boolean formatOne) {

    private static final Pattern FORMER_DIGEST = Pattern.compile("[0-9a-f]{12}");

    /** The identity of a topology. */
    public static ClusterIdentity of(Topology topology) {
        List<String> members =
                topology.nodes().stream().map(ClusterIdentity::member).sorted().toList();
        return new ClusterIdentity(
                topology.name(), key(topology), digest(String.join("\n", members)), members, topology.source(), false);
    }

    /** The file's absolute path, or the Kubernetes source as it is (it names server, resource and uid). */
    private static String key(Topology topology) {
        String source = topology.source();
        if (source.startsWith("k8s:")) {
            return source;
        }
        return Path.of(source).toAbsolutePath().normalize().toString();
    }

    /** {@code ~/.dorisops/<name>-<digest of name and key>}: the default state directory. */
    public static Path defaultStateDir(Topology topology) {
        return stateDir(Path.of(System.getProperty("user.home"), ".dorisops"), topology);
    }

    /** {@code <base>/<name>-<digest of name and key>}. */
    public static Path stateDir(Path base, Topology topology) {
        return base.resolve(topology.name() + "-" + digest(topology.name() + "\n" + key(topology)));
    }

    /**
     * The state directories an earlier dorisops made for this cluster beside {@code stateDir}, when that
     * is the default one: {@code <name>-<digest of the members>}, one per membership it had. Empty when
     * {@code stateDir} was chosen by hand. Their journals of other clusters of the same name are left
     * out by the caller ({@link #mismatch}).
     */
    public static List<Path> formerStateDirs(Path stateDir, Topology topology) {
        Path base = stateDir.toAbsolutePath().getParent();
        if (base == null
                || !stateDir.toAbsolutePath().equals(stateDir(base, topology).toAbsolutePath())) {
            return List.of();
        }
        String prefix = topology.name() + "-";
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.filter(dir -> !dir.equals(stateDir.toAbsolutePath()))
                    .filter(dir -> {
                        String file = dir.getFileName().toString();
                        return file.startsWith(prefix)
                                && FORMER_DIGEST
                                        .matcher(file.substring(prefix.length()))
                                        .matches()
                                && Files.isDirectory(dir.resolve("runs"));
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
    }

    /** Why a run recorded as {@code this} is not the topology's, or empty when it is. */
    public Optional<String> mismatch(Topology topology) {
        if (formatOne) {
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
        if (name.isEmpty() || (key.isEmpty() && digest.isEmpty())) {
            return Optional.of("it records no cluster identity, so it matches no cluster");
        }
        boolean kubernetes = key.startsWith("k8s:") || now.key.startsWith("k8s:");
        boolean same = name.equals(now.name)
                && (kubernetes
                        ? key.equals(now.key)
                        : digest.equals(now.digest) || (key.isEmpty() ? sameFile(now) : key.equals(now.key)));
        if (same) {
            return Optional.empty();
        }
        List<String> gone =
                members.stream().filter(m -> !now.members.contains(m)).toList();
        List<String> added =
                now.members.stream().filter(m -> !members.contains(m)).toList();
        return Optional.of("it belongs to cluster " + name + " (" + (key.isEmpty() ? source : key) + "), not to "
                + now.name + " (" + now.key + ")"
                + (gone.isEmpty() ? "" : "; only the run's cluster has " + gone)
                + (added.isEmpty() ? "" : "; only " + now.source + " has " + added));
    }

    /** A journal of before the key: the same file, however it was named then (relative or absolute). */
    private boolean sameFile(ClusterIdentity now) {
        return !source.isEmpty()
                && !source.startsWith("k8s:")
                && (source.equals(now.source)
                        || Path.of(source)
                                .toAbsolutePath()
                                .normalize()
                                .toString()
                                .equals(now.key));
    }

    public JsonNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", name);
        node.put("key", key);
        node.put("digest", digest);
        members.forEach(node.putArray("members")::add);
        node.put("source", source);
        return node;
    }

    /** Reads a format-2 journal's identity; an empty or missing one matches no cluster ({@link #mismatch}). */
    public static ClusterIdentity fromJson(JsonNode node) {
        List<String> members = new java.util.ArrayList<>();
        node.path("members").forEach(member -> members.add(member.asText()));
        return new ClusterIdentity(
                node.path("name").asText(),
                node.path("key").asText(),
                node.path("digest").asText(),
                members,
                node.path("source").asText(),
                false);
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
