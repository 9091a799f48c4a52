package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.HostNames;
import io.dorisops.internal.RemotePaths;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One process of the cluster as declared in the topology. Ids are unique within a topology, so
 * record equality identifies a node.
 *
 * @param id the topology's name for the node, e.g. {@code fe-1}
 * @param host a host name or IP literal (validated by the topology before it reaches a shell or SQL)
 * @param role what the node does
 * @param home the install directory holding {@code bin/}, {@code lib/}, {@code conf/}, {@code log/}
 * @param ports the node's ports; those that do not apply to the role are 0
 * @param config what a deploy writes into its conf file besides the ports ({@link NodeConfig#NONE} when
 *     nothing)
 */
public record Node(String id, String host, Role role, Path home, Ports ports, NodeConfig config) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Checks what reaches a shell or SQL: the id (letters, digits, {@code . _ -}, at most 64), the
     * host (a host name or IP literal) and the home (absolute, only characters no shell treats
     * specially, see {@code docs/topology.md}).
     *
     * @throws IllegalArgumentException naming the field and the value
     */
    public Node {
        requireNonNull(id, "id");
        requireNonNull(host, "host");
        requireNonNull(role, "role");
        requireNonNull(home, "home");
        requireNonNull(ports, "ports");
        requireNonNull(config, "config");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id " + io.dorisops.internal.Excerpt.quote(id)
                    + " is not usable; use letters, digits, '.', '_' and '-' (at most 64)");
        }
        if (!HostNames.isValid(host)) {
            throw new IllegalArgumentException("node " + id + ": host " + io.dorisops.internal.Excerpt.quote(host)
                    + " is neither a valid host name nor an IP address");
        }
        String problem = RemotePaths.problem(home.toString()).orElse("");
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException("node " + id + ": home " + problem);
        }
    }

    /** A node with no deploy settings beyond its ports. */
    public Node(String id, String host, Role role, Path home, Ports ports) {
        this(id, host, role, home, ports, NodeConfig.NONE);
    }

    /** {@code id (host)}, the form every message uses to name a node. */
    public String label() {
        return id + " (" + host + ")";
    }

    /** {@code host:port} as ALTER SYSTEM wants it: the heartbeat port for a BE/CN, the edit log port for an FE. */
    public String membershipAddress() {
        int port = role.isFrontend() ? ports.editLogPort() : ports.heartbeatPort();
        return host + ":" + port;
    }
}
