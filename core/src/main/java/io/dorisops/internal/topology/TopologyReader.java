package io.dorisops.internal.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dorisops.Flavor;
import io.dorisops.InvalidTopologyException;
import io.dorisops.InvalidTopologyException.Problem;
import io.dorisops.Node;
import io.dorisops.NodeConfig;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.Topology;
import io.dorisops.internal.Durations;
import io.dorisops.internal.HostNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a topology from YAML or JSON text and validates it, collecting every problem before throwing
 * one {@link InvalidTopologyException}. The format is described in {@code docs/topology.md}.
 */
public final class TopologyReader {

    /** Node lists in file order, with the role each holds. */
    static final Map<String, Role> GROUPS = groups();

    private static final List<String> TOP_FIELDS = List.of(
            "name",
            "flavor",
            "defaults",
            "ssh",
            "sql",
            "timeouts",
            "followers",
            "observers",
            "backends",
            "computeNodes",
            "brokers",
            "metaServices",
            "recyclers");
    private static final List<String> DEFAULTS_FIELDS = List.of("installDir", "ports", "priorityNetworks", "config");
    private static final List<String> PORT_GROUPS = List.of("fe", "be", "cn", "broker", "metaService", "recycler");
    private static final List<String> SSH_FIELDS = List.of(
            "user",
            "port",
            "identityFile",
            "passphrase",
            "password",
            "knownHosts",
            "acceptNewHostKeys",
            "jumpHost",
            "loopback",
            "runAs");
    private static final List<String> SQL_FIELDS =
            List.of("user", "password", "connectTimeout", "socketTimeout", "tls");
    private static final List<String> TIMEOUT_FIELDS = List.of("ready", "poll", "command", "probe");
    private static final List<String> NODE_FIELDS =
            List.of("id", "host", "home", "ports", "priorityNetworks", "metaDir", "storageRootPath", "config");
    private static final List<String> SECRET_FIELDS = List.of("env", "file");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SYSTEM_USER = Pattern.compile("[a-z_][a-z0-9_-]*[$]?");
    private static final Pattern LOGIN_USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        YAML.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JSON.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    private TopologyReader(String file) {
        this.file = file;
    }

    /**
     * Parses and validates a topology.
     *
     * @param text YAML or JSON
     * @param source the file name, used in problems and for the default cluster name
     * @throws InvalidTopologyException listing every problem found
     */
    public static Topology parse(String text, String source) {
        return new TopologyReader(source).read(text);
    }

    /** Advice that does not make a topology invalid, e.g. an even number of FE followers. */
    public static List<String> warnings(Topology topology) {
        List<String> warnings = new ArrayList<>();
        int followers = topology.nodes(Role.FE_FOLLOWER).size();
        if (followers > 0 && followers % 2 == 0) {
            warnings.add(topology.source() + ": followers: " + followers
                    + " FE followers tolerate no more failures than " + (followers - 1)
                    + " (a majority of " + (followers / 2 + 1)
                    + " must be up); use an odd number such as " + (followers - 1) + " or " + (followers + 1));
        }
        return warnings;
    }

    private Topology read(String text) {
        JsonNode root;
        try {
            boolean json = text.stripLeading().startsWith("{");
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new InvalidTopologyException(List.of(new Problem(
                    file,
                    "",
                    "",
                    "not valid YAML or JSON" + where + ": " + e.getOriginalMessage()
                            + "; fix the syntax (see docs/topology.md)")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTopologyException(List.of(new Problem(
                    file, "", "", "empty or not a mapping; a topology needs at least flavor and followers")));
        }
        checkFields(root, TOP_FIELDS, "", "");
        String name = readName(root.get("name"));
        Flavor flavor = readFlavor(root.get("flavor"));
        JsonNode defaults = object(root.get("defaults"), "", "defaults");
        checkFields(defaults, DEFAULTS_FIELDS, "", "defaults.");
        Optional<String> installDir = Optional.ofNullable(defaults.get("installDir"))
                .flatMap(value -> text(value, "", "defaults.installDir"))
                .filter(dir -> checkPath(dir, "", "defaults.installDir"));
        JsonNode portDefaults = object(defaults.get("ports"), "", "defaults.ports");
        checkFields(portDefaults, PORT_GROUPS, "", "defaults.ports.");
        Map<String, Optional<Map<String, Integer>>> groupPorts = new LinkedHashMap<>();
        for (Role role : GROUPS.values()) {
            groupPorts.computeIfAbsent(portGroup(role), group -> {
                Map<String, Integer> ports =
                        new LinkedHashMap<>(Ports.defaults(role).inUse());
                boolean valid = overlayPorts(ports, portDefaults.get(group), "", "defaults.ports." + group + ".");
                return valid ? Optional.of(ports) : Optional.empty();
            });
        }
        NodeConfigReader.Defaults configDefaults = NodeConfigReader.readDefaults(defaults, PORT_GROUPS, this::problem);
        Topology.Ssh ssh = readSsh(root.get("ssh"));
        Topology.Sql sql = readSql(root.get("sql"));
        Topology.Timeouts timeouts = readTimeouts(root.get("timeouts"));

        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, Role> group : GROUPS.entrySet()) {
            JsonNode list = root.get(group.getKey());
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                problem("", group.getKey(), "expected a list of nodes, e.g. - {id: x, host: h}");
                continue;
            }
            if (flavor == Flavor.STARROCKS && !flavor.supports(group.getValue()) && !list.isEmpty()) {
                problem(
                        "",
                        group.getKey(),
                        "StarRocks has no " + group.getValue().key()
                                + " nodes (storage-compute decoupled MetaService and Recycler are Doris only);"
                                + " remove them or set flavor: doris");
            }
            Optional<Map<String, Integer>> defaultPorts = groupPorts.get(portGroup(group.getValue()));
            for (int i = 0; i < list.size(); i++) {
                readNode(
                                list.get(i),
                                group.getKey() + "[" + i + "]",
                                group.getValue(),
                                installDir,
                                defaultPorts,
                                configDefaults)
                        .ifPresent(nodes::add);
            }
        }
        checkNodes(root, nodes);
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
        return new Topology(name, flavor, nodes, ssh, sql, timeouts, file);
    }

    private String readName(JsonNode value) {
        if (value == null) {
            String fileName = Optional.ofNullable(Path.of(file).getFileName())
                    .map(Path::toString)
                    .orElse("");
            String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
            if (NAME.matcher(stem).matches()) {
                return stem;
            }
            problem("", "name", "missing; set name: to the cluster's name (letters, digits, '.', '_', '-')");
            return "";
        }
        Optional<String> name = text(value, "", "name");
        if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
            problem(
                    "",
                    "name",
                    "\"" + name.get() + "\" is not a usable cluster name; use letters, digits, '.', '_'"
                            + " and '-' (at most 64), it names the lock and journal directory");
        }
        return name.orElse("");
    }

    private Flavor readFlavor(JsonNode value) {
        if (value == null) {
            problem("", "flavor", "missing; set flavor: doris or flavor: starrocks");
            return Flavor.DORIS;
        }
        Optional<String> text = text(value, "", "flavor");
        if (text.isEmpty()) {
            return Flavor.DORIS;
        }
        try {
            return Flavor.parse(text.get());
        } catch (IllegalArgumentException e) {
            String hint = Suggestions.closest(text.get(), List.of("doris", "starrocks"))
                    .map(s -> "did you mean \"" + s + "\"? ")
                    .orElse("");
            problem("", "flavor", "unknown flavor \"" + text.get() + "\"; " + hint + "use doris or starrocks");
            return Flavor.DORIS;
        }
    }

    private Topology.Ssh readSsh(JsonNode value) {
        Topology.Ssh defaults = Topology.Ssh.disabled();
        if (value == null || value.isNull()) {
            return defaults;
        }
        JsonNode ssh = object(value, "", "ssh");
        checkFields(ssh, SSH_FIELDS, "", "ssh.");
        String user = Optional.ofNullable(ssh.get("user"))
                .flatMap(v -> text(v, "", "ssh.user"))
                .filter(u -> matches(LOGIN_USER, u, "ssh.user", "a login name (letters, digits, '_', '.', '-')"))
                .orElse(defaults.user());
        int port = Optional.ofNullable(ssh.get("port"))
                .map(v -> port(v, "", "ssh.port"))
                .orElse(defaults.port());
        Optional<Path> identity = Optional.ofNullable(ssh.get("identityFile"))
                .flatMap(v -> text(v, "", "ssh.identityFile"))
                .map(TopologyReader::expandHome);
        Path knownHosts = Optional.ofNullable(ssh.get("knownHosts"))
                .flatMap(v -> text(v, "", "ssh.knownHosts"))
                .map(TopologyReader::expandHome)
                .orElse(defaults.knownHosts());
        Optional<String> jumpHost = Optional.ofNullable(ssh.get("jumpHost")).flatMap(v -> text(v, "", "ssh.jumpHost"));
        jumpHost.ifPresent(this::checkJumpHost);
        Optional<String> runAs = Optional.ofNullable(ssh.get("runAs"))
                .flatMap(v -> text(v, "", "ssh.runAs"))
                .filter(u -> matches(SYSTEM_USER, u, "ssh.runAs", "a system user name such as doris"));
        return new Topology.Ssh(
                true,
                user,
                port,
                identity,
                secret(ssh.get("passphrase"), "ssh.passphrase"),
                secret(ssh.get("password"), "ssh.password"),
                knownHosts,
                bool(ssh.get("acceptNewHostKeys"), "ssh.acceptNewHostKeys", false),
                jumpHost,
                bool(ssh.get("loopback"), "ssh.loopback", false),
                runAs);
    }

    private Topology.Sql readSql(JsonNode value) {
        Topology.Sql defaults = Topology.Sql.defaults();
        if (value == null || value.isNull()) {
            return defaults;
        }
        JsonNode sql = object(value, "", "sql");
        checkFields(sql, SQL_FIELDS, "", "sql.");
        String user = Optional.ofNullable(sql.get("user"))
                .flatMap(v -> text(v, "", "sql.user"))
                .filter(u -> matches(LOGIN_USER, u, "sql.user", "an SQL user name such as root"))
                .orElse(defaults.user());
        return new Topology.Sql(
                user,
                secret(sql.get("password"), "sql.password"),
                duration(sql.get("connectTimeout"), "sql.connectTimeout", defaults.connectTimeout()),
                duration(sql.get("socketTimeout"), "sql.socketTimeout", defaults.socketTimeout()),
                bool(sql.get("tls"), "sql.tls", defaults.tls()));
    }

    private Topology.Timeouts readTimeouts(JsonNode value) {
        Topology.Timeouts defaults = Topology.Timeouts.defaults();
        if (value == null || value.isNull()) {
            return defaults;
        }
        JsonNode timeouts = object(value, "", "timeouts");
        checkFields(timeouts, TIMEOUT_FIELDS, "", "timeouts.");
        return new Topology.Timeouts(
                duration(timeouts.get("ready"), "timeouts.ready", defaults.ready()),
                duration(timeouts.get("poll"), "timeouts.poll", defaults.poll()),
                duration(timeouts.get("command"), "timeouts.command", defaults.command()),
                duration(timeouts.get("probe"), "timeouts.probe", defaults.probe()));
    }

    private Optional<Node> readNode(
            JsonNode value,
            String position,
            Role role,
            Optional<String> installDir,
            Optional<Map<String, Integer>> defaultPorts,
            NodeConfigReader.Defaults configDefaults) {
        if (!value.isObject()) {
            problem(position, "", "expected a node such as {id: be-1, host: 10.0.0.1}");
            return Optional.empty();
        }
        JsonNode idValue = value.get("id");
        String label =
                idValue != null && idValue.isTextual() && !idValue.asText().isBlank() ? idValue.asText() : position;
        checkFields(value, NODE_FIELDS, label, "");
        boolean valid = true;
        String id = "";
        if (idValue == null) {
            problem(
                    label,
                    "id",
                    "missing; give the node an id such as " + role.key().replace('_', '-') + "-1");
            valid = false;
        } else {
            Optional<String> text = text(idValue, label, "id");
            valid &= text.isPresent();
            if (text.isPresent() && !NODE_ID.matcher(text.get()).matches()) {
                problem(
                        label,
                        "id",
                        "\"" + text.get() + "\" is not a usable id; use letters, digits, '.', '_'"
                                + " and '-' (at most 64)");
                valid = false;
            }
            id = text.orElse("");
        }
        String host = "";
        JsonNode hostValue = value.get("host");
        if (hostValue == null) {
            problem(label, "host", "missing; set the node's host name or IP address");
            valid = false;
        } else {
            Optional<String> text = text(hostValue, label, "host");
            if (text.isPresent() && !HostNames.isValid(text.get())) {
                problem(
                        label,
                        "host",
                        "\"" + text.get() + "\" is neither a valid host name nor an IP address;"
                                + " use a DNS name (letters, digits, '-' and '.') or an IPv4/IPv6 literal");
                valid = false;
            }
            valid &= text.isPresent();
            host = text.orElse("");
        }
        Optional<String> home;
        if (value.has("home")) {
            home = text(value.get("home"), label, "home").filter(h -> checkPath(h, label, "home"));
            valid &= home.isPresent();
        } else if (installDir.isPresent()) {
            home = Optional.of(installDir.get().replaceAll("/+$", "") + "/" + id);
        } else {
            problem(label, "home", "missing; set home on the node or defaults.installDir");
            home = Optional.empty();
            valid = false;
        }
        Optional<Ports> ports = readPorts(label, defaultPorts, value.get("ports"));
        int before = problems.size();
        NodeConfig config = NodeConfigReader.read(value, label, role, portGroup(role), configDefaults, this::problem);
        if (!valid || ports.isEmpty() || home.isEmpty() || problems.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new Node(id, host, role, Path.of(home.get()), ports.get(), config));
    }

    private Optional<Ports> readPorts(String label, Optional<Map<String, Integer>> defaultPorts, JsonNode nodePorts) {
        if (defaultPorts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> ports = new LinkedHashMap<>(defaultPorts.get());
        if (!overlayPorts(ports, nodePorts, label, "ports.")) {
            return Optional.empty();
        }
        return Optional.of(new Ports(
                ports.getOrDefault("httpPort", 0),
                ports.getOrDefault("rpcPort", 0),
                ports.getOrDefault("queryPort", 0),
                ports.getOrDefault("editLogPort", 0),
                ports.getOrDefault("bePort", 0),
                ports.getOrDefault("heartbeatPort", 0),
                ports.getOrDefault("brpcPort", 0)));
    }

    private boolean overlayPorts(Map<String, Integer> ports, JsonNode value, String node, String prefix) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return true;
        }
        if (!value.isObject()) {
            problem(node, prefix.substring(0, prefix.length() - 1), "expected a mapping such as {queryPort: 9030}");
            return false;
        }
        int before = problems.size();
        checkFields(value, List.copyOf(ports.keySet()), node, prefix);
        for (String key : ports.keySet()) {
            JsonNode port = value.get(key);
            if (port != null) {
                ports.put(key, port(port, node, prefix + key));
            }
        }
        return problems.size() == before;
    }

    private void checkNodes(JsonNode root, List<Node> nodes) {
        JsonNode followers = root.get("followers");
        if (followers == null || !followers.isArray() || followers.isEmpty()) {
            problem("", "followers", "no FE follower; declare at least one (three for high availability)");
        }
        Map<String, Node> ids = new LinkedHashMap<>();
        Map<String, String> ports = new LinkedHashMap<>();
        for (Node node : nodes) {
            Node earlier = ids.putIfAbsent(node.id(), node);
            if (earlier != null) {
                problem(
                        node.id(),
                        "id",
                        "duplicate id \"" + node.id() + "\" (also a "
                                + earlier.role().key() + " on " + earlier.host() + "); give every node its own id");
            }
            for (Map.Entry<String, Integer> port : node.ports().inUse().entrySet()) {
                String key = node.host().toLowerCase(Locale.ROOT) + ":" + port.getValue();
                String owner = node.id() + " ports." + port.getKey();
                String other = ports.putIfAbsent(key, owner);
                if (other != null) {
                    problem(
                            node.id(),
                            "ports." + port.getKey(),
                            "port " + port.getValue() + " on " + node.host() + " is also used by " + other
                                    + "; give each process on a host its own ports");
                }
            }
        }
    }

    private void checkJumpHost(String jumpHost) {
        String host = jumpHost;
        String port = "";
        if (jumpHost.startsWith("[") && jumpHost.contains("]")) {
            host = jumpHost.substring(1, jumpHost.indexOf(']'));
            String rest = jumpHost.substring(jumpHost.indexOf(']') + 1);
            port = rest.startsWith(":") ? rest.substring(1) : rest;
        } else if (jumpHost.indexOf(':') >= 0 && jumpHost.indexOf(':') == jumpHost.lastIndexOf(':')) {
            host = jumpHost.substring(0, jumpHost.indexOf(':'));
            port = jumpHost.substring(jumpHost.indexOf(':') + 1);
        }
        boolean portValid = port.isEmpty()
                || (port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535);
        if (!HostNames.isValid(host) || !portValid) {
            problem("", "ssh.jumpHost", "\"" + jumpHost + "\" is not host[:port]; use e.g. bastion.example.com:22");
        }
    }

    private boolean checkPath(String path, String node, String field) {
        if (!path.startsWith("/")) {
            problem(node, field, "\"" + path + "\" is not an absolute path; start it with /");
            return false;
        }
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                problem(node, field, "\"" + path + "\" contains \"..\"; write the directory without it");
                return false;
            }
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem(node, field, "the path contains control characters; remove them");
            return false;
        }
        return true;
    }

    private Secret secret(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return Secret.NONE;
        }
        if (!value.isObject()) {
            // Never echo the value: it may be the secret itself.
            problem(
                    "",
                    field,
                    "inline secrets are refused; write {env: NAME} to read it from an environment"
                            + " variable or {file: PATH} to read it from a file");
            return Secret.NONE;
        }
        checkFields(value, SECRET_FIELDS, "", field + ".");
        JsonNode env = value.get("env");
        JsonNode path = value.get("file");
        if ((env == null) == (path == null)) {
            problem("", field, "give exactly one of {env: NAME} or {file: PATH}");
            return Secret.NONE;
        }
        if (env != null) {
            Optional<String> name = text(env, "", field + ".env");
            if (name.isPresent() && !ENV_NAME.matcher(name.get()).matches()) {
                problem(
                        "",
                        field + ".env",
                        "\"" + name.get() + "\" is not an environment variable name;" + " use letters, digits and '_'");
                return Secret.NONE;
            }
            return name.map(Secret::fromEnv).orElse(Secret.NONE);
        }
        return text(path, "", field + ".file")
                .map(TopologyReader::expandHome)
                .map(Secret::fromFile)
                .orElse(Secret.NONE);
    }

    private Duration duration(JsonNode value, String field, Duration fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problem(
                    "",
                    field,
                    "\"" + value.asText() + "\" is not a duration; write a number and a unit such as"
                            + " 500ms, 5s, 2m or 1h");
            return fallback;
        }
        try {
            Duration duration = Durations.parse(value.asText());
            if (duration.isZero() || duration.isNegative()) {
                problem("", field, "must be longer than zero, was " + value.asText());
                return fallback;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            problem("", field, e.getMessage());
            return fallback;
        }
    }

    private boolean bool(JsonNode value, String field, boolean fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem("", field, "expected true or false, was \"" + value.asText() + "\"");
            return fallback;
        }
        return value.booleanValue();
    }

    private int port(JsonNode value, String node, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(node, field, "expected a port number 1-65535, was \"" + value.asText() + "\"");
            return 1;
        }
        int port = value.intValue();
        if (port < 1 || port > 65535) {
            problem(node, field, "port " + port + " is outside 1-65535; use a port in that range");
            return 1;
        }
        return port;
    }

    private Optional<String> text(JsonNode value, String node, String field) {
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(
                    node,
                    field,
                    "expected a non-empty text, was "
                            + (value.isContainerNode() ? "a " + kind(value) : "\"" + value.asText() + "\""));
            return Optional.empty();
        }
        return Optional.of(value.asText().trim());
    }

    private JsonNode object(JsonNode value, String node, String field) {
        if (value == null || value.isNull()) {
            return JSON.createObjectNode();
        }
        if (!value.isObject()) {
            problem(node, field, "expected a mapping, was " + kind(value));
            return JSON.createObjectNode();
        }
        return value;
    }

    private boolean matches(Pattern pattern, String value, String field, String expected) {
        if (pattern.matcher(value).matches()) {
            return true;
        }
        problem("", field, "\"" + value + "\" is not " + expected);
        return false;
    }

    private void checkFields(JsonNode object, List<String> allowed, String node, String prefix) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (allowed.contains(name)) {
                continue;
            }
            String hint = Suggestions.closest(name, allowed)
                    .map(s -> "did you mean \"" + s + "\"?")
                    .orElse("expected one of " + String.join(", ", allowed));
            problem(node, prefix + name, "unknown field \"" + name + "\"; " + hint);
        }
    }

    private void problem(String node, String field, String message) {
        problems.add(new Problem(file, node, field, message));
    }

    private static String kind(JsonNode value) {
        return value.isArray()
                ? "list"
                : value.isObject() ? "mapping" : value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static String portGroup(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "fe";
            case BE -> "be";
            case CN -> "cn";
            case BROKER -> "broker";
            case META_SERVICE -> "metaService";
            case RECYCLER -> "recycler";
        };
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    private static Map<String, Role> groups() {
        Map<String, Role> groups = new LinkedHashMap<>();
        groups.put("followers", Role.FE_FOLLOWER);
        groups.put("observers", Role.FE_OBSERVER);
        groups.put("backends", Role.BE);
        groups.put("computeNodes", Role.CN);
        groups.put("brokers", Role.BROKER);
        groups.put("metaServices", Role.META_SERVICE);
        groups.put("recyclers", Role.RECYCLER);
        return java.util.Collections.unmodifiableMap(groups);
    }
}
