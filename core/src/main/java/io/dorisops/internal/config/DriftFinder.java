package io.dorisops.internal.config;

import io.dorisops.ConfigDrift;
import io.dorisops.ConfigDrift.Difference;
import io.dorisops.ConfigDrift.Kind;
import io.dorisops.Role;
import io.dorisops.internal.topology.Suggestions;
import io.dorisops.spi.ConfigItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the drift between the three sources of every node's config ({@link NodeSettings}).
 *
 * <ol>
 *   <li>Per node, per key the topology declares: a key the node runs without (it answered, but not
 *       with this key) is {@link Kind#UNKNOWN_KEY}, with a "did you mean" from the node's own keys. A
 *       declared value, else a file value, that does not parse as the node's type for the key ({@link
 *       ConfigValues#fitsType}) is {@link Kind#WRONG_TYPE}. Else a file value other than the declared
 *       one, or no file value while the node runs another value, is {@link
 *       Kind#FILE_DIFFERS_FROM_TOPOLOGY}.
 *   <li>Per node, per key its conf files set and it runs: another running value is {@link
 *       Kind#RUNNING_DIFFERS_FROM_FILE}. Upper-case keys (shell variables of the start scripts), values
 *       with {@code ${…}} (the node expands them) and values the node masks are not compared with what
 *       it runs.
 *   <li>Per role (FEs, BEs, CNs), per key every node of the role runs, except the keys that differ by
 *       node (ports, directories, paths, hosts, {@code priority_networks}) and the keys the topology
 *       declares (step 1 holds each node to its declaration): a master-only FE key whose value differs
 *       from the master's is {@link Kind#MASTER_ONLY_DIFFERS} on that FE; any other key differing from
 *       the value most nodes run whose drift steps 1 and 2 did not already explain (a tie: the master's,
 *       else every node is reported) is {@link Kind#DIFFERS_IN_ROLE} — each once per node and key.
 *   <li>Per key FEs and BEs must agree on ({@link #FRONTEND_BACKEND_KEYS}): each BE or CN that runs
 *       another value than the master FE (else the first FE read) is {@link
 *       Kind#FRONTEND_BACKEND_DIFFER}, unless an earlier step reported it.
 * </ol>
 *
 * <p>Values compare after trimming, booleans in any case, lists without their brackets and blanks. What
 * a node runs after its next start is its last conf file's value, else its default. Values of keys that
 * look secret are replaced by {@link ConfigDrift#HIDDEN} in every difference.
 */
final class DriftFinder {
    private static final Pattern PER_NODE_KEY =
            Pattern.compile(".*(_port|_dir|_path|_host|_hosts|_ip)$|priority_networks|.*_address$");
    private static final Pattern SHELL_KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

    /**
     * Keys the FEs and the BEs both hold and must agree on, by the BE's name, with the FE's names: the
     * disk flood stage, which the FE plans by (no load or restore onto a disk past it) and the BE
     * enforces. Doris FE {@code Config.storage_flood_stage_usage_percent} (mutable, master-only) and BE
     * {@code DECLARE_mInt32(storage_flood_stage_usage_percent)} [V]; StarRocks FE {@code
     * storage_usage_hard_limit_percent}/{@code storage_usage_hard_limit_reserve_bytes} (aliases of the
     * Doris names), which its BE config page says to set together with the BE's [D]. Neither node checks
     * the other.
     */
    static final Map<String, List<String>> FRONTEND_BACKEND_KEYS = Map.of(
            "storage_flood_stage_usage_percent",
            List.of("storage_flood_stage_usage_percent", "storage_usage_hard_limit_percent"),
            "storage_flood_stage_left_capacity_bytes",
            List.of("storage_flood_stage_left_capacity_bytes", "storage_usage_hard_limit_reserve_bytes"));

    private DriftFinder() {}

    /**
     * The drift among the nodes read.
     *
     * @param nodes the nodes, in topology order
     * @param master the master FE's id, when known
     * @param unread the nodes that could not be read, and why
     */
    static ConfigDrift find(List<NodeSettings> nodes, Optional<String> master, List<ConfigDrift.Unread> unread) {
        List<Difference> found = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (NodeSettings node : nodes) {
            for (Difference difference : ofNode(node)) {
                found.add(difference);
                reported.add(node.node().id() + "\n" + difference.key());
            }
        }
        for (List<NodeSettings> role : byRole(nodes).values()) {
            for (Difference difference : inRole(role, master, reported)) {
                if (reported.add(difference.node() + "\n" + difference.key())) {
                    found.add(difference);
                }
            }
        }
        for (Difference difference : frontendAndBackend(nodes, master)) {
            if (reported.add(difference.node() + "\n" + difference.key())) {
                found.add(difference);
            }
        }
        Map<String, Integer> order = new LinkedHashMap<>();
        nodes.forEach(node -> order.put(node.node().id(), order.size()));
        found.sort(Comparator.comparing((Difference d) -> order.getOrDefault(d.node(), Integer.MAX_VALUE))
                .thenComparing(Difference::key));
        return new ConfigDrift(found, unread);
    }

    /** Steps 1 and 2 on one node. */
    private static List<Difference> ofNode(NodeSettings node) {
        List<Difference> found = new ArrayList<>();
        Set<String> keys = new TreeSet<>(node.declared().keySet());
        node.files().forEach(file -> keys.addAll(file.keys().keySet()));
        for (String key : keys) {
            Optional<String> declared = Optional.ofNullable(node.declared().get(key));
            Optional<NodeSettings.ConfFile> setting = node.lastSetting(key);
            Optional<String> file = setting.map(f -> f.keys().get(key));
            boolean shellKey = SHELL_KEY.matcher(key).matches();
            Optional<ConfigItem> item =
                    shellKey ? Optional.empty() : node.running().flatMap(r -> Optional.ofNullable(r.get(key)));
            Optional<String> running = item.map(ConfigItem::value).filter(v -> !v.equals(ConfigDrift.HIDDEN));
            if (declared.isPresent() && !shellKey && node.running().isPresent() && item.isEmpty()) {
                String note = Suggestions.closest(key, node.running().get().keySet())
                        .map(suggestion -> "did you mean " + suggestion + "?")
                        .orElse("the node knows no key like it");
                found.add(difference(node, key, Kind.UNKNOWN_KEY, declared, file, running, setting, note));
            } else if (item.isPresent()
                    && declared.isPresent()
                    && !ConfigValues.fitsType(item.get().type(), declared.get())) {
                found.add(difference(
                        node,
                        key,
                        Kind.WRONG_TYPE,
                        declared,
                        file,
                        running,
                        setting,
                        "the topology's " + quoted(key, declared.get()) + " is not a "
                                + item.get().type() + ", the node's type for it"));
            } else if (item.isPresent()
                    && file.isPresent()
                    && !ConfigValues.fitsType(item.get().type(), file.get())) {
                found.add(difference(
                        node,
                        key,
                        Kind.WRONG_TYPE,
                        declared,
                        file,
                        running,
                        setting,
                        setting.get().path() + "'s " + quoted(key, file.get()) + " is not a "
                                + item.get().type() + ", the node's type for it"));
            } else if (declared.isPresent()
                    && (file.isPresent()
                            ? !ConfigValues.same(declared.get(), file.get())
                            : running.isEmpty() || !ConfigValues.same(declared.get(), running.get()))) {
                found.add(difference(node, key, Kind.FILE_DIFFERS_FROM_TOPOLOGY, declared, file, running, setting, ""));
            } else if (file.isPresent()
                    && running.isPresent()
                    && !file.get().contains("${")
                    && !ConfigValues.same(file.get(), running.get())) {
                found.add(difference(node, key, Kind.RUNNING_DIFFERS_FROM_FILE, declared, file, running, setting, ""));
            }
        }
        return found;
    }

    /** Step 3 on the nodes of one role that were read. */
    private static List<Difference> inRole(List<NodeSettings> role, Optional<String> master, Set<String> reported) {
        List<NodeSettings> read =
                role.stream().filter(n -> n.running().isPresent()).toList();
        if (read.size() < 2) {
            return List.of();
        }
        Set<String> keys = new TreeSet<>(read.get(0).running().get().keySet());
        read.forEach(node -> keys.retainAll(node.running().get().keySet()));
        Optional<NodeSettings> masterNode = read.stream()
                .filter(n -> master.isPresent() && n.node().id().equals(master.get()))
                .findFirst();
        List<Difference> found = new ArrayList<>();
        for (String key : keys) {
            if (perNode(key) || read.stream().anyMatch(node -> node.declared().containsKey(key))) {
                continue;
            }
            if (allSame(read, key)) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            read.forEach(node ->
                    values.put(node.node().id(), node.running().get().get(key).value()));
            if (values.containsValue(ConfigDrift.HIDDEN)) {
                continue;
            }
            Map<String, String> unexplained = new LinkedHashMap<>(values);
            unexplained.keySet().removeIf(node -> reported.contains(node + "\n" + key));
            boolean masterOnly = masterNode.isPresent()
                    && masterNode.get().running().get().get(key).masterOnly().orElse(false);
            Optional<String> expected = masterOnly
                    ? Optional.of(values.get(masterNode.get().node().id()))
                    : majority(unexplained, masterNode.map(n -> n.node().id()));
            for (NodeSettings node : read) {
                String value = values.get(node.node().id());
                if (expected.isPresent() && ConfigValues.same(expected.get(), value)) {
                    continue;
                }
                String others = values.entrySet().stream()
                        .filter(e -> !e.getKey().equals(node.node().id()))
                        .map(e -> e.getKey() + " " + ConfigValues.shown(key, e.getValue()))
                        .collect(Collectors.joining(", "));
                String note = masterOnly
                        ? "the master " + masterNode.get().node().id() + " runs "
                                + ConfigValues.shown(
                                        key, values.get(masterNode.get().node().id()))
                        : "the others run: " + others;
                Optional<NodeSettings.ConfFile> setting = node.lastSetting(key);
                found.add(difference(
                        node,
                        key,
                        masterOnly ? Kind.MASTER_ONLY_DIFFERS : Kind.DIFFERS_IN_ROLE,
                        Optional.ofNullable(node.declared().get(key)),
                        setting.map(f -> f.keys().get(key)),
                        Optional.of(value),
                        setting,
                        note));
            }
        }
        return found;
    }

    /** Step 4: each BE or CN that runs another value of a key FEs and BEs share than the master FE. */
    private static List<Difference> frontendAndBackend(List<NodeSettings> nodes, Optional<String> master) {
        List<NodeSettings> frontends = nodes.stream()
                .filter(n -> n.node().role().isFrontend() && n.running().isPresent())
                .sorted(Comparator.comparing((NodeSettings n) -> !n.node().id().equals(master.orElse(""))))
                .toList();
        List<Difference> found = new ArrayList<>();
        for (Map.Entry<String, List<String>> pair : new TreeMap<>(FRONTEND_BACKEND_KEYS).entrySet()) {
            String key = pair.getKey();
            Optional<ConfigItem> feItem = Optional.empty();
            Optional<NodeSettings> fe = Optional.empty();
            for (NodeSettings candidate : frontends) {
                feItem = pair.getValue().stream()
                        .map(name -> candidate.running().get().get(name))
                        .filter(Objects::nonNull)
                        .findFirst();
                if (feItem.isPresent()) {
                    fe = Optional.of(candidate);
                    break;
                }
            }
            if (fe.isEmpty()) {
                continue;
            }
            String expected = feItem.get().value();
            for (NodeSettings node : nodes) {
                Optional<ConfigItem> item = node.running().flatMap(r -> Optional.ofNullable(r.get(key)));
                if (!node.node().role().isBackend()
                        || item.isEmpty()
                        || ConfigValues.same(expected, item.get().value())) {
                    continue;
                }
                Optional<NodeSettings.ConfFile> setting = node.lastSetting(key);
                found.add(difference(
                        node,
                        key,
                        Kind.FRONTEND_BACKEND_DIFFER,
                        Optional.ofNullable(node.declared().get(key)),
                        setting.map(f -> f.keys().get(key)),
                        Optional.of(item.get().value()),
                        setting,
                        (fe.get().node().id().equals(master.orElse("")) ? "the master " : "the FE ")
                                + fe.get().node().id() + " runs " + ConfigValues.shown(key, expected)
                                + "; FEs and BEs must agree on it"));
            }
        }
        return found;
    }

    /** True when every node runs the same value of the key: most keys, so checked without building anything. */
    private static boolean allSame(List<NodeSettings> read, String key) {
        String first =
                ConfigValues.normalized(read.get(0).running().get().get(key).value());
        for (int i = 1; i < read.size(); i++) {
            if (!first.equals(
                    ConfigValues.normalized(read.get(i).running().get().get(key).value()))) {
                return false;
            }
        }
        return true;
    }

    /** A value quoted for a note, hidden when its key looks secret. */
    private static String quoted(String key, String value) {
        return "\"" + ConfigValues.shown(key, value) + "\"";
    }

    /** A key the topology writes per node (a port, a directory) is not compared across the role. */
    private static boolean perNode(String key) {
        return PER_NODE_KEY.matcher(key).matches() || key.equals("meta_dir") || key.equals("storage_root_path");
    }

    /** The value most nodes run; on a tie the preferred node's, else none. */
    private static Optional<String> majority(Map<String, String> values, Optional<String> preferred) {
        Map<String, Long> counts = values.values().stream()
                .collect(Collectors.groupingBy(ConfigValues::normalized, LinkedHashMap::new, Collectors.counting()));
        long most = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<String> top = counts.entrySet().stream()
                .filter(e -> e.getValue() == most)
                .map(Map.Entry::getKey)
                .toList();
        if (top.size() == 1) {
            return Optional.of(top.get(0));
        }
        return preferred.map(values::get).filter(value -> top.contains(ConfigValues.normalized(value)));
    }

    private static Map<String, List<NodeSettings>> byRole(List<NodeSettings> nodes) {
        Map<String, List<NodeSettings>> roles = new LinkedHashMap<>();
        for (NodeSettings node : nodes) {
            Role role = node.node().role();
            String group = role.isFrontend() ? "fe" : role.key();
            roles.computeIfAbsent(group, g -> new ArrayList<>()).add(node);
        }
        return roles;
    }

    private static Difference difference(
            NodeSettings node,
            String key,
            Kind kind,
            Optional<String> declared,
            Optional<String> file,
            Optional<String> running,
            Optional<NodeSettings.ConfFile> setting,
            String note) {
        return new Difference(
                node.node().id(),
                key,
                kind,
                declared.map(v -> ConfigValues.shown(key, v)),
                file.map(v -> ConfigValues.shown(key, v)),
                running.map(v -> ConfigValues.shown(key, v)),
                file.map(v -> ConfigValues.shown(key, v)),
                setting.map(NodeSettings.ConfFile::path).orElse("default"),
                note);
    }
}
