package io.dorisops.testkit.internal;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as a {@link Topology}: loopback nodes, no SSH, SQL as {@code root} with the sandbox's
 * password (kept in {@value #PASSWORD_FILE} under the sandbox directory), short poll intervals; in
 * memory or as the documented YAML file ({@code docs/topology.md}).
 */
public final class SandboxTopology {
    /** The file under the sandbox directory holding the SQL password of {@code root}, when it has one. */
    public static final String PASSWORD_FILE = "sql-password";

    private SandboxTopology() {}

    /** The topology of the sandbox in {@code dir}. */
    public static Topology of(Path dir, Flavor flavor, List<Node> nodes) {
        Secret password =
                Files.exists(dir.resolve(PASSWORD_FILE)) ? Secret.fromFile(dir.resolve(PASSWORD_FILE)) : Secret.NONE;
        return new Topology(
                dir.getFileName().toString(),
                flavor,
                nodes,
                SshSettings.disabled(),
                new Topology.Sql("root", password, Duration.ofSeconds(5), Duration.ofSeconds(30), false),
                new Topology.Timeouts(
                        Duration.ofMinutes(2), Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofSeconds(3)),
                dir.resolve("topology.yaml").toString());
    }

    /** Writes the topology of the sandbox in {@code dir} as YAML to {@code file}. */
    public static void write(Path dir, Flavor flavor, List<Node> nodes, Path file) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# A dorisops testkit sandbox, started in ").append(dir).append('\n');
        yaml.append("name: ").append(dir.getFileName()).append('\n');
        yaml.append("flavor: ").append(flavor.key()).append('\n');
        yaml.append("sql:\n  user: root\n");
        if (Files.exists(dir.resolve(PASSWORD_FILE))) {
            yaml.append("  password: {file: ")
                    .append(dir.resolve(PASSWORD_FILE))
                    .append("}\n");
        }
        yaml.append("timeouts: {ready: 2m, poll: 200ms, command: 2m, probe: 3s}\n");
        Map<String, Role> groups = new LinkedHashMap<>();
        groups.put("followers", Role.FE_FOLLOWER);
        groups.put("observers", Role.FE_OBSERVER);
        groups.put("backends", Role.BE);
        groups.put("computeNodes", Role.CN);
        groups.put("metaServices", Role.META_SERVICE);
        groups.put("recyclers", Role.RECYCLER);
        groups.forEach((group, role) -> {
            List<Node> members = nodes.stream().filter(n -> n.role() == role).toList();
            if (members.isEmpty()) {
                return;
            }
            yaml.append(group).append(":\n");
            for (Node node : members) {
                yaml.append("  - {id: ").append(node.id()).append(", host: ").append(node.host());
                yaml.append(", home: ").append(node.home()).append(", ports: {");
                List<String> ports = new ArrayList<>();
                node.ports().inUse().forEach((key, port) -> ports.add(key + ": " + port));
                yaml.append(String.join(", ", ports)).append("}}\n");
            }
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topology " + file + ": " + e.getMessage(), e);
        }
    }
}
