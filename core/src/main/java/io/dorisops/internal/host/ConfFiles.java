package io.dorisops.internal.host;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.internal.HostNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conf file a deploy writes for a node: the keys the topology decides, with the names each flavor
 * reads, merged into the file the package shipped so its other settings ({@code JAVA_OPTS}, log
 * levels) stay.
 *
 * <ul>
 *   <li>FE ({@code fe.conf}, both flavors): {@code http_port}, {@code rpc_port}, {@code query_port},
 *       {@code edit_log_port}, {@code meta_dir}; Doris {@code enable_fqdn_mode = true} when FEs are
 *       named by host name (StarRocks takes {@code --host_type FQDN} at the first start instead).
 *   <li>BE and CN: {@code be_port} (a StarRocks CN: {@code thrift_port}), {@code heartbeat_service_port}, {@code brpc_port}, {@code
 *       storage_root_path}, and the HTTP port as Doris {@code webserver_port} or StarRocks {@code
 *       be_http_port} (StarRocks keeps {@code webserver_port} only as an alias); a Doris CN is a BE with
 *       {@code be_node_role = computation}; a StarRocks CN reads {@code conf/cn.conf}.
 *   <li>Every role: {@code priority_networks} when the topology sets it, then the node's extra keys.
 * </ul>
 *
 * <p>The same keys are what the config drift report ({@code internal.config}) takes as declared.
 */
public final class ConfFiles {

    private ConfFiles() {}

    /** The FE's metadata directory: the topology's {@code metaDir}, else the flavor's default under the home. */
    static Path metaDir(Flavor flavor, Node node) {
        return node.config().metaDir().orElse(node.home().resolve(flavor.metaDirName()));
    }

    /** The directories that hold the node's data: an FE's meta dir, a BE's or CN's storage roots. */
    public static List<Path> dataDirs(Flavor flavor, Node node) {
        if (node.role().isFrontend()) {
            return List.of(metaDir(flavor, node));
        }
        if (node.role().isBackend()) {
            return node.config().storagePaths(node.home());
        }
        return List.of();
    }

    /** True when FEs register by host name (some FE host is not an IP literal). */
    public static boolean fqdn(List<Node> frontends) {
        return frontends.stream().anyMatch(fe -> !HostNames.isIpv4(fe.host()) && !HostNames.isIpv6(fe.host()));
    }

    /** The keys to write, in order. */
    public static Map<String, String> keys(Flavor flavor, Node node, boolean fqdn) {
        Map<String, String> keys = new LinkedHashMap<>();
        Role role = node.role();
        if (role.isFrontend()) {
            keys.put("http_port", port(node.ports().httpPort()));
            keys.put("rpc_port", port(node.ports().rpcPort()));
            keys.put("query_port", port(node.ports().queryPort()));
            keys.put("edit_log_port", port(node.ports().editLogPort()));
            keys.put("meta_dir", metaDir(flavor, node).toString());
            if (fqdn && flavor == Flavor.DORIS) {
                keys.put("enable_fqdn_mode", "true");
            }
        } else if (role.isBackend()) {
            // StarRocks names a CN's thrift port thrift_port in cn.conf (be_port is the BE's name for it).
            keys.put(
                    role == Role.CN && flavor == Flavor.STARROCKS ? "thrift_port" : "be_port",
                    port(node.ports().bePort()));
            keys.put(
                    flavor == Flavor.DORIS ? "webserver_port" : "be_http_port",
                    port(node.ports().httpPort()));
            keys.put("heartbeat_service_port", port(node.ports().heartbeatPort()));
            keys.put("brpc_port", port(node.ports().brpcPort()));
            keys.put(
                    "storage_root_path",
                    node.config()
                            .storageRootPath()
                            .orElse(node.home().resolve("storage").toString()));
            if (role == Role.CN && flavor == Flavor.DORIS) {
                keys.put("be_node_role", "computation");
            }
        } else {
            keys.put("brpc_listen_port", port(node.ports().brpcPort()));
        }
        node.config().priorityNetworks().ifPresent(networks -> keys.put("priority_networks", networks));
        keys.putAll(node.config().extra());
        return keys;
    }

    /**
     * The shipped file with the keys set: a line that sets a key (commented out or not) is replaced
     * where it stands, the first time; later lines setting it again are commented out; keys the file
     * lacks are appended under a marker comment.
     */
    public static String merge(String shipped, Map<String, String> keys, String nodeId) {
        List<String> out = new ArrayList<>();
        Set<String> written = new LinkedHashSet<>();
        for (String line : shipped.split("\n", -1)) {
            String key = keyOf(line);
            if (key != null && keys.containsKey(key)) {
                if (written.add(key)) {
                    out.add(key + " = " + keys.get(key));
                } else if (!line.strip().startsWith("#")) {
                    out.add("# " + line + "  # replaced by dorisops");
                } else {
                    out.add(line);
                }
            } else {
                out.add(line);
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        List<String> missing =
                keys.keySet().stream().filter(key -> !written.contains(key)).toList();
        if (!missing.isEmpty()) {
            out.add("");
            out.add("# written by dorisops deploy for " + nodeId);
            missing.forEach(key -> out.add(key + " = " + keys.get(key)));
        }
        return String.join("\n", out) + "\n";
    }

    /** The key a line sets, also when it is commented out ({@code # meta_dir = ...}); null for other lines. */
    private static String keyOf(String line) {
        String text = line.strip();
        boolean commented = text.startsWith("#");
        if (commented) {
            text = text.substring(1).strip();
        }
        int eq = text.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String key = text.substring(0, eq).strip();
        if (!key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            return null;
        }
        // A commented line is taken only when it looks like a setting, not like prose with an '='.
        return commented && text.substring(eq + 1).strip().contains(" ") ? null : key;
    }

    private static String port(int port) {
        return Integer.toString(port);
    }
}
