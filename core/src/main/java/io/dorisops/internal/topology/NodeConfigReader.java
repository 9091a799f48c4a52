package io.dorisops.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.NodeConfig;
import io.dorisops.Role;
import io.dorisops.internal.ConfValues;
import io.dorisops.internal.HostNames;
import io.dorisops.internal.RemotePaths;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and validates the deploy settings of nodes ({@code priorityNetworks}, {@code metaDir}, {@code
 * storageRootPath}, {@code config}) and their defaults for {@link TopologyReader}, reporting each
 * problem with the node and the field.
 */
final class NodeConfigReader {

    /** Where problems go: node (empty for defaults), field path, message. */
    interface Problems {
        void add(String node, String field, String message);
    }

    /** The defaults: {@code defaults.priorityNetworks} and {@code defaults.config.<group>}. */
    record Defaults(Optional<String> priorityNetworks, Map<String, Map<String, String>> config) {
        static final Defaults NONE = new Defaults(Optional.empty(), Map.of());
    }

    static final List<String> NODE_FIELDS = List.of("priorityNetworks", "metaDir", "storageRootPath", "config");

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern OPTION = Pattern.compile("[A-Za-z_]+:[A-Za-z0-9._]+");

    /** Keys the topology owns, and the field that sets each. */
    private static final Map<String, String> OWNED = owned();

    private NodeConfigReader() {}

    static Defaults readDefaults(JsonNode defaults, List<String> groups, Problems problems) {
        Optional<String> networks = Optional.ofNullable(defaults.get("priorityNetworks"))
                .flatMap(value -> networks(value, "", "defaults.priorityNetworks", problems));
        JsonNode config = defaults.get("config");
        Map<String, Map<String, String>> byGroup = new LinkedHashMap<>();
        if (config != null && !config.isNull()) {
            if (!config.isObject()) {
                problems.add("", "defaults.config", "expected a mapping of groups such as {be: {mem_limit: 80%}}");
            } else {
                Iterator<String> names = config.fieldNames();
                while (names.hasNext()) {
                    String group = names.next();
                    if (!groups.contains(group)) {
                        problems.add(
                                "",
                                "defaults.config." + group,
                                "unknown group \"" + group + "\"; expected one of " + String.join(", ", groups));
                        continue;
                    }
                    byGroup.put(group, keys(config.get(group), "", "defaults.config." + group, problems));
                }
            }
        }
        return new Defaults(networks, byGroup);
    }

    static NodeConfig read(JsonNode node, String label, Role role, String group, Defaults defaults, Problems problems) {
        Optional<String> networks = node.has("priorityNetworks")
                ? networks(node.get("priorityNetworks"), label, "priorityNetworks", problems)
                : defaults.priorityNetworks();
        Optional<Path> metaDir = Optional.empty();
        if (node.has("metaDir")) {
            if (!role.isFrontend()) {
                problems.add(
                        label,
                        "metaDir",
                        "metaDir applies to FE nodes; a " + role.key() + " keeps its data under storageRootPath");
            } else {
                metaDir = path(node.get("metaDir"), label, "metaDir", problems).map(Path::of);
            }
        }
        Optional<String> storage = Optional.empty();
        if (node.has("storageRootPath")) {
            if (!role.isBackend()) {
                problems.add(
                        label,
                        "storageRootPath",
                        "storageRootPath applies to BE and CN nodes; an FE keeps" + " its metadata under metaDir");
            } else {
                storage = storage(node.get("storageRootPath"), label, problems);
            }
        }
        Map<String, String> extra = new LinkedHashMap<>(defaults.config().getOrDefault(group, Map.of()));
        if (node.has("config")) {
            extra.putAll(keys(node.get("config"), label, "config", problems));
        }
        return new NodeConfig(networks, metaDir, storage, extra);
    }

    private static Optional<String> networks(JsonNode value, String node, String field, Problems problems) {
        Optional<String> text = text(value, node, field, problems);
        if (text.isEmpty()) {
            return text;
        }
        for (String entry : text.get().split(";")) {
            String cidr = entry.strip();
            String address = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
            String prefix = cidr.contains("/") ? cidr.substring(cidr.indexOf('/') + 1) : "";
            int max = HostNames.isIpv4(address) ? 32 : HostNames.isIpv6(address) ? 128 : -1;
            boolean prefixValid = prefix.isEmpty() || (prefix.matches("[0-9]{1,3}") && Integer.parseInt(prefix) <= max);
            if (max < 0 || !prefixValid) {
                problems.add(
                        node,
                        field,
                        "\"" + cidr + "\" is not a CIDR such as 10.0.0.0/24; write the networks separated by ';'");
                return Optional.empty();
            }
        }
        return text;
    }

    private static Optional<String> storage(JsonNode value, String node, Problems problems) {
        Optional<String> text = text(value, node, "storageRootPath", problems);
        if (text.isEmpty()) {
            return text;
        }
        for (String entry : text.get().split(";")) {
            String[] parts = entry.strip().split(",");
            if (!absolute(parts[0].strip(), node, "storageRootPath", problems)) {
                return Optional.empty();
            }
            for (int i = 1; i < parts.length; i++) {
                if (!OPTION.matcher(parts[i].strip()).matches()) {
                    problems.add(
                            node,
                            "storageRootPath",
                            "\"" + parts[i].strip() + "\" is not an option such as medium:SSD; write each directory"
                                    + " as /path[,medium:SSD|HDD], separated by ';'");
                    return Optional.empty();
                }
            }
        }
        return text;
    }

    private static Map<String, String> keys(JsonNode value, String node, String field, Problems problems) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return keys;
        }
        if (!value.isObject()) {
            problems.add(node, field, "expected a mapping of conf keys such as {mem_limit: 80%}");
            return keys;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            String where = field + "." + key;
            if (!KEY.matcher(key).matches()) {
                problems.add(node, where, "\"" + key + "\" is not a conf key (letters, digits, '_' and '.')");
            } else if (OWNED.containsKey(key)) {
                problems.add(node, where, key + " is written from the topology; set " + OWNED.get(key) + " instead");
            } else if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                problems.add(node, where, "expected a text, number or boolean value");
            } else {
                String text = entry.getValue().asText();
                ConfValues.problem(key, text)
                        .ifPresentOrElse(problem -> problems.add(node, where, problem), () -> keys.put(key, text));
            }
        }
        return keys;
    }

    private static Optional<String> path(JsonNode value, String node, String field, Problems problems) {
        return text(value, node, field, problems).filter(p -> absolute(p, node, field, problems));
    }

    /** A data directory reaches the node's shell as its home does: the same rules ({@link RemotePaths}). */
    private static boolean absolute(String path, String node, String field, Problems problems) {
        Optional<String> problem = RemotePaths.problem(path);
        problem.ifPresent(message -> problems.add(node, field, message));
        return problem.isEmpty();
    }

    private static Optional<String> text(JsonNode value, String node, String field, Problems problems) {
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(node, field, "expected a non-empty text");
            return Optional.empty();
        }
        if (value.asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(node, field, "the value contains a line break or control character; remove it");
            return Optional.empty();
        }
        return Optional.of(value.asText().strip());
    }

    private static Map<String, String> owned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("http_port", "ports.httpPort");
        owned.put("rpc_port", "ports.rpcPort");
        owned.put("query_port", "ports.queryPort");
        owned.put("edit_log_port", "ports.editLogPort");
        owned.put("be_port", "ports.bePort");
        owned.put("thrift_port", "ports.bePort");
        owned.put("webserver_port", "ports.httpPort");
        owned.put("be_http_port", "ports.httpPort");
        owned.put("heartbeat_service_port", "ports.heartbeatPort");
        owned.put("brpc_port", "ports.brpcPort");
        owned.put("priority_networks", "priorityNetworks");
        owned.put("meta_dir", "metaDir");
        owned.put("storage_root_path", "storageRootPath");
        return java.util.Collections.unmodifiableMap(owned);
    }
}
