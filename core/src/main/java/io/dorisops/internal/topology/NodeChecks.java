package io.dorisops.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Node;
import io.dorisops.internal.HostIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the nodes read as a whole: at least one FE follower, every id once, and no port used twice
 * on one host, where two host names count as one host when {@link HostIdentity} says they name the
 * same machine.
 */
final class NodeChecks {

    private final ProblemCollector problems;
    private final HostIdentity hosts;

    NodeChecks(ProblemCollector problems, HostIdentity hosts) {
        this.problems = problems;
        this.hosts = hosts;
    }

    void check(JsonNode root, List<Node> nodes) {
        JsonNode followers = root.get("followers");
        if (followers == null || !followers.isArray() || followers.isEmpty()) {
            problems.add("", "followers", "no FE follower; declare at least one (three for high availability)");
        }
        Map<String, Node> ids = new LinkedHashMap<>();
        Map<String, String> ports = new LinkedHashMap<>();
        for (Node node : nodes) {
            Node earlier = ids.putIfAbsent(node.id(), node);
            if (earlier != null) {
                problems.add(
                        node.id(),
                        "id",
                        "duplicate id \"" + node.id() + "\" (also a "
                                + earlier.role().key() + " on " + earlier.host() + "); give every node its own id");
            }
            String identity = hosts.of(node.host());
            for (Map.Entry<String, Integer> port : node.ports().inUse().entrySet()) {
                String key = identity + ":" + port.getValue();
                String owner = node.id() + " ports." + port.getKey();
                String other = ports.putIfAbsent(key, owner);
                if (other != null) {
                    Node otherNode = ids.get(other.substring(0, other.indexOf(' ')));
                    String alias = otherNode == null || otherNode.host().equalsIgnoreCase(node.host())
                            ? ""
                            : " (on " + otherNode.host() + ", the same host"
                                    + (identity.equals(HostIdentity.LOCAL)
                                            ? ": both name this machine"
                                            : ": both are " + identity)
                                    + ")";
                    problems.add(
                            node.id(),
                            "ports." + port.getKey(),
                            "port " + port.getValue() + " on " + node.host() + " is also used by " + other + alias
                                    + "; give each process on a host its own ports");
                }
            }
        }
    }
}
