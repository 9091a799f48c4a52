package io.dorisops.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Ports;
import io.dorisops.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads ports: each port group's defaults ({@code defaults.ports.<group>} over the role's built-in
 * ports) and a node's own {@code ports} over its group's defaults. A group or node with a bad port
 * has no ports, so its nodes are not built.
 */
final class PortReader {

    /** The groups of {@code defaults.ports} (and of {@code defaults.config}). */
    static final List<String> PORT_GROUPS = List.of("fe", "be", "cn", "broker", "metaService", "recycler");

    private final ProblemCollector problems;
    private final Fields fields;

    PortReader(ProblemCollector problems, Fields fields) {
        this.problems = problems;
        this.fields = fields;
    }

    /** Each port group's ports, by group; empty for a group whose defaults have a problem. */
    Map<String, Optional<Map<String, Integer>>> readDefaults(JsonNode defaults) {
        JsonNode portDefaults = fields.object(defaults.get("ports"), "", "defaults.ports");
        fields.checkFields(portDefaults, PORT_GROUPS, "", "defaults.ports.");
        Map<String, Optional<Map<String, Integer>>> groupPorts = new LinkedHashMap<>();
        for (Role role : TopologyReader.GROUPS.values()) {
            groupPorts.computeIfAbsent(group(role), group -> {
                Map<String, Integer> ports =
                        new LinkedHashMap<>(Ports.defaults(role).inUse());
                boolean valid = overlay(ports, portDefaults.get(group), "", "defaults.ports." + group + ".");
                return valid ? Optional.of(ports) : Optional.empty();
            });
        }
        return groupPorts;
    }

    /** A node's ports: its {@code ports} over its group's defaults. */
    Optional<Ports> read(String label, Optional<Map<String, Integer>> defaultPorts, JsonNode nodePorts) {
        if (defaultPorts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> ports = new LinkedHashMap<>(defaultPorts.get());
        if (!overlay(ports, nodePorts, label, "ports.")) {
            return Optional.empty();
        }
        return Optional.of(Ports.of(ports));
    }

    /** The port group of a role, as named under {@code defaults.ports} and {@code defaults.config}. */
    static String group(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "fe";
            case BE -> "be";
            case CN -> "cn";
            case BROKER -> "broker";
            case META_SERVICE -> "metaService";
            case RECYCLER -> "recycler";
        };
    }

    private boolean overlay(Map<String, Integer> ports, JsonNode value, String node, String prefix) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return true;
        }
        if (!value.isObject()) {
            problems.add(
                    node, prefix.substring(0, prefix.length() - 1), "expected a mapping such as {queryPort: 9030}");
            return false;
        }
        int before = problems.size();
        fields.checkFields(value, List.copyOf(ports.keySet()), node, prefix);
        for (String key : ports.keySet()) {
            JsonNode port = value.get(key);
            if (port != null) {
                ports.put(key, fields.port(port, node, prefix + key));
            }
        }
        return problems.size() == before;
    }
}
