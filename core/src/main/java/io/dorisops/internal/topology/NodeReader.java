package io.dorisops.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.NodeConfig;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.HostNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the node lists ({@code followers}, {@code backends}, …): each node's {@code id}, {@code
 * host}, {@code home} (or {@code defaults.installDir}/id), ports and deploy settings, refusing a
 * group the flavor does not have. A node with any problem is left out; the problems are reported.
 */
final class NodeReader {

    private static final List<String> NODE_FIELDS =
            List.of("id", "host", "home", "ports", "priorityNetworks", "metaDir", "storageRootPath", "config");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ProblemCollector problems;
    private final Fields fields;
    private final PortReader ports;

    NodeReader(ProblemCollector problems, Fields fields, PortReader ports) {
        this.problems = problems;
        this.fields = fields;
        this.ports = ports;
    }

    /** Every valid node of every list, in file order. */
    List<Node> readAll(
            JsonNode root,
            Flavor flavor,
            Optional<String> installDir,
            Map<String, Optional<Map<String, Integer>>> groupPorts,
            NodeConfigReader.Defaults configDefaults) {
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, Role> group : TopologyReader.GROUPS.entrySet()) {
            JsonNode list = root.get(group.getKey());
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                problems.add("", group.getKey(), "expected a list of nodes, e.g. - {id: x, host: h}");
                continue;
            }
            if (flavor == Flavor.STARROCKS && !flavor.supports(group.getValue()) && !list.isEmpty()) {
                problems.add(
                        "",
                        group.getKey(),
                        "StarRocks has no " + group.getValue().key()
                                + " nodes (storage-compute decoupled MetaService and Recycler are Doris only);"
                                + " remove them or set flavor: doris");
            }
            Optional<Map<String, Integer>> defaultPorts = groupPorts.get(PortReader.group(group.getValue()));
            for (int i = 0; i < list.size(); i++) {
                read(
                                list.get(i),
                                group.getKey() + "[" + i + "]",
                                group.getValue(),
                                installDir,
                                defaultPorts,
                                configDefaults)
                        .ifPresent(nodes::add);
            }
        }
        return nodes;
    }

    private Optional<Node> read(
            JsonNode value,
            String position,
            Role role,
            Optional<String> installDir,
            Optional<Map<String, Integer>> defaultPorts,
            NodeConfigReader.Defaults configDefaults) {
        if (!value.isObject()) {
            problems.add(position, "", "expected a node such as {id: be-1, host: 10.0.0.1}");
            return Optional.empty();
        }
        JsonNode idValue = value.get("id");
        String label =
                idValue != null && idValue.isTextual() && !idValue.asText().isBlank() ? idValue.asText() : position;
        fields.checkFields(value, NODE_FIELDS, label, "");
        boolean valid = true;
        String id = "";
        if (idValue == null) {
            problems.add(
                    label,
                    "id",
                    "missing; give the node an id such as " + role.key().replace('_', '-') + "-1");
            valid = false;
        } else {
            Optional<String> text = fields.text(idValue, label, "id");
            valid &= text.isPresent();
            if (text.isPresent() && !NODE_ID.matcher(text.get()).matches()) {
                problems.add(
                        label,
                        "id",
                        Excerpt.quote(text.get()) + " is not a usable id; use letters, digits, '.', '_'"
                                + " and '-' (at most 64)");
                valid = false;
            }
            id = text.orElse("");
        }
        String host = "";
        JsonNode hostValue = value.get("host");
        if (hostValue == null) {
            problems.add(label, "host", "missing; set the node's host name or IP address");
            valid = false;
        } else {
            Optional<String> text = fields.text(hostValue, label, "host");
            if (text.isPresent() && !HostNames.isValid(text.get())) {
                problems.add(
                        label,
                        "host",
                        Excerpt.quote(text.get()) + " is neither a valid host name nor an IP address;"
                                + " use a DNS name (letters, digits, '-' and '.') or an IPv4/IPv6 literal");
                valid = false;
            }
            valid &= text.isPresent();
            host = text.orElse("");
        }
        Optional<String> home;
        if (value.has("home")) {
            home = fields.text(value.get("home"), label, "home").filter(h -> fields.checkPath(h, label, "home"));
            valid &= home.isPresent();
        } else if (installDir.isPresent()) {
            home = Optional.of(installDir.get().replaceAll("/+$", "") + "/" + id);
        } else {
            problems.add(label, "home", "missing; set home on the node or defaults.installDir");
            home = Optional.empty();
            valid = false;
        }
        Optional<Ports> nodePorts = ports.read(label, defaultPorts, value.get("ports"));
        int before = problems.size();
        NodeConfig config = NodeConfigReader.read(value, label, role, PortReader.group(role), configDefaults, problems);
        if (!valid || nodePorts.isEmpty() || home.isEmpty() || problems.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new Node(id, host, role, Path.of(home.get()), nodePorts.get(), config));
    }
}
