package io.dorisops.internal.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.HostIdentity;
import io.dorisops.internal.HostNames;
import io.dorisops.internal.RemotePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import org.yaml.snakeyaml.LoaderOptions;

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
            List.of("user", "password", "connectTimeout", "socketTimeout", "tls", "tlsCa");
    private static final List<String> TIMEOUT_FIELDS = List.of("ready", "poll", "command", "probe");
    private static final List<String> NODE_FIELDS =
            List.of("id", "host", "home", "ports", "priorityNetworks", "metaDir", "storageRootPath", "config");
    private static final List<String> SECRET_FIELDS = List.of("env", "file");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SYSTEM_USER = Pattern.compile("[a-z_][a-z0-9_-]*[$]?");
    private static final Pattern LOGIN_USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /** The largest topology read: 512 KiB, some five times a 1000-node cluster written one node a line. */
    public static final int MAX_BYTES = 512 * 1024;
    /** The longest line of a YAML topology (a JSON one may be a single line). */
    public static final int MAX_YAML_LINE = 16 * 1024;
    /** The longest scalar or field name. */
    public static final int MAX_SCALAR = 4096;
    /** The deepest nesting of mappings and lists (a topology needs 5). */
    public static final int MAX_DEPTH = 16;
    /** The longest local path (Linux PATH_MAX). */
    static final int MAX_PATH = RemotePaths.MAX_PATH;

    /** Fields of one mapping at most (the largest, {@code ssh}, has 10); node lists are not limited. */
    public static final int MAX_FIELDS = 64;
    /** Problems listed at most; the rest are counted. */
    static final int MAX_PROBLEMS = 50;

    private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());
    private static final ObjectMapper JSON = new ObjectMapper(jsonFactory());

    static {
        YAML.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JSON.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private final String file;
    private final HostIdentity hosts;
    private final List<Problem> problems = new ArrayList<>();
    private int dropped;

    private TopologyReader(String file, HostIdentity hosts) {
        this.file = file;
        this.hosts = hosts;
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        // One byte is at most one code point: the file limit is checked first, this is a backstop.
        options.setCodePointLimit(MAX_BYTES + 1);
        options.setNestingDepthLimit(MAX_DEPTH);
        // Aliases expand to copies: a few of them nested make a "billion laughs".
        options.setMaxAliasesForCollections(10);
        options.setAllowDuplicateKeys(false);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(constraints())
                .build();
    }

    private static JsonFactory jsonFactory() {
        return JsonFactory.builder().streamReadConstraints(constraints()).build();
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(MAX_BYTES + 1L)
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_BYTES + 1)
                .maxNumberLength(100)
                .maxNameLength(MAX_BYTES + 1)
                .build();
    }

    /**
     * Reads a topology file: at most {@link #MAX_BYTES}, strictly UTF-8 (a leading byte-order mark
     * is skipped). A file that cannot be read, is too large or is not UTF-8 is one problem that says
     * so, with the byte offset of the first bad byte.
     *
     * @throws InvalidTopologyException listing every problem found
     */
    public static Topology load(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw single(source, "cannot read the file: it is a directory; pass the topology file (YAML or JSON)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte more than allowed, never the whole of a huge file or of a device.
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw single(source, "cannot read the file: no such file; check the path");
        } catch (AccessDeniedException e) {
            throw single(source, "cannot read the file: permission denied; make it readable by this user");
        } catch (IOException e) {
            throw single(
                    source,
                    "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); check the path and its permissions");
        }
        if (bytes.length > MAX_BYTES) {
            long size = sizeOf(file);
            throw single(
                    source,
                    "the file is " + (size > MAX_BYTES ? size + " bytes" : "larger than " + MAX_BYTES + " bytes")
                            + "; a topology is at most " + MAX_BYTES + " bytes (512 KiB), check that this is"
                            + " the topology file");
        }
        return parse(decode(bytes, source), source);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Strict UTF-8, naming the offset of the first byte that is not. */
    static String decode(byte[] bytes, String source) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            String hint = bytes.length >= 2
                            && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                                    || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)
                    ? "it looks like UTF-16; "
                    : "";
            throw single(
                    source,
                    "not UTF-8: byte 0x" + String.format("%02x", bytes[offset] & 0xFF) + " at offset " + offset
                            + " is not valid UTF-8; " + hint + "save the file as UTF-8");
        }
        out.flip();
        return out.toString();
    }

    private static InvalidTopologyException single(String source, String message) {
        return new InvalidTopologyException(List.of(new Problem(source, "", "", message)));
    }

    /**
     * Parses and validates a topology.
     *
     * @param text YAML or JSON
     * @param source the file name, used in problems and for the default cluster name
     * @throws InvalidTopologyException listing every problem found
     */
    public static Topology parse(String text, String source) {
        return parse(text, source, HostIdentity.system());
    }

    /** {@link #parse(String, String)} with the given host identities (tests pass a hosts file). */
    public static Topology parse(String text, String source, HostIdentity hosts) {
        return new TopologyReader(source, hosts).read(text);
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
        if (text.length() > MAX_BYTES) {
            throw single(
                    file,
                    "the topology is " + text.length() + " characters; a topology is at most " + MAX_BYTES
                            + " characters (512 KiB), check that this is the topology");
        }
        boolean json = text.stripLeading().startsWith("{");
        if (!json) {
            checkLines(text);
        }
        JsonNode root;
        try {
            ObjectMapper mapper = json ? JSON : YAML;
            try (JsonParser parser = new FieldCounting(mapper.getFactory().createParser(text))) {
                root = mapper.readTree(parser);
            }
        } catch (TooManyFields e) {
            throw single(
                    file,
                    (e.path.isEmpty() ? "(top level)" : e.path) + ": a mapping of more than " + MAX_FIELDS
                            + " fields; a topology mapping has at most " + MAX_FIELDS + " (see docs/topology.md)");
        } catch (StreamConstraintsException e) {
            throw single(
                    file,
                    "too large or too deeply nested (" + e.getOriginalMessage() + "); a topology nests" + " at most "
                            + MAX_DEPTH + " levels, its values are at most " + MAX_SCALAR + " characters");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new InvalidTopologyException(List.of(new Problem(
                    file,
                    "",
                    "",
                    "not valid YAML or JSON" + where + ": " + cut(e.getOriginalMessage())
                            + "; fix the syntax (see docs/topology.md)")));
        } catch (IOException e) {
            throw single(file, "cannot parse the topology: " + cut(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            // SnakeYAML's own limits (nesting, aliases, code points) arrive unwrapped.
            throw single(
                    file,
                    "not a usable YAML document: " + cut(String.valueOf(e.getMessage())) + "; a topology nests at most "
                            + MAX_DEPTH + " levels and uses no aliases");
        }
        if (root != null) {
            checkScalars(root, "");
            if (!problems.isEmpty()) {
                throw new InvalidTopologyException(problems);
            }
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

    /** Thrown by {@link FieldCounting} at the first mapping with too many fields. */
    private static final class TooManyFields extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String path;

        TooManyFields(String path) {
            super(path, null, false, false);
            this.path = path;
        }
    }

    /**
     * Counts the fields of each mapping while the tree is built and stops at the first with more than
     * {@link #MAX_FIELDS}: 100 000 keys are refused after 65, not after parsing them all.
     */
    private static final class FieldCounting extends com.fasterxml.jackson.core.util.JsonParserDelegate {
        private final java.util.ArrayDeque<int[]> counts = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();

        FieldCounting(JsonParser parser) {
            super(parser);
        }

        @Override
        public com.fasterxml.jackson.core.JsonToken nextToken() throws IOException {
            com.fasterxml.jackson.core.JsonToken token = super.nextToken();
            if (token == null) {
                return null;
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    counts.push(new int[1]);
                    names.push(currentNameOrEmpty());
                }
                case END_OBJECT, END_ARRAY -> {
                    counts.poll();
                    names.poll();
                }
                case FIELD_NAME -> {
                    int[] count = counts.peek();
                    if (count != null && ++count[0] > MAX_FIELDS) {
                        throw new TooManyFields(
                                String.join(".", reversed(names)).replaceAll("^\\.+", ""));
                    }
                }
                default -> {
                    // scalars
                }
            }
            return token;
        }

        private String currentNameOrEmpty() throws IOException {
            String name = delegate.getParsingContext().getParent() == null
                    ? null
                    : delegate.getParsingContext().getParent().getCurrentName();
            return name == null ? "" : name;
        }

        private static List<String> reversed(java.util.ArrayDeque<String> stack) {
            List<String> list = new ArrayList<>(stack);
            java.util.Collections.reverse(list);
            return list;
        }
    }

    /** A linear scan before the YAML parser, which slows down on very long lines. */
    private void checkLines(String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_YAML_LINE) {
                    throw single(
                            file,
                            "line " + line + " is too long: " + Excerpt.quote(text.substring(start, i))
                                    + "; a line of a YAML topology is at most " + MAX_YAML_LINE
                                    + " characters, and a value at most " + MAX_SCALAR);
                }
                line++;
                start = i + 1;
            }
        }
    }

    /** Refuses any field name or value longer than {@link #MAX_SCALAR}, before anything else looks at them. */
    private void checkScalars(JsonNode value, String path) {
        if (value.isObject() && value.size() > MAX_FIELDS) {
            problem(
                    "",
                    path.isEmpty() ? "(top level)" : path,
                    "a mapping of " + value.size() + " fields; a topology mapping has at most " + MAX_FIELDS
                            + " (see docs/topology.md)");
            return;
        }
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (name.length() > MAX_SCALAR) {
                    problem(
                            "",
                            path.isEmpty() ? "(field name)" : path,
                            "the field name " + Excerpt.quote(name) + " is too long; field names are at most "
                                    + MAX_SCALAR + " characters");
                    continue;
                }
                checkScalars(field.getValue(), path.isEmpty() ? name : path + "." + name);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkScalars(value.get(i), path + "[" + i + "]");
            }
        } else if (value.isTextual() && value.textValue().length() > MAX_SCALAR) {
            problem(
                    "",
                    path,
                    "the value " + Excerpt.quote(value.textValue()) + " is too long; values are at most " + MAX_SCALAR
                            + " characters");
        } else if (value.isBinary()) {
            problem("", path, "a binary value (!!binary); write text");
        }
    }

    private static String cut(String message) {
        String firstLine = message.lines().findFirst().orElse("");
        return Excerpt.escape(firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine);
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
                    Excerpt.quote(name.get()) + " is not a usable cluster name; use letters, digits, '.', '_'"
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
                .flatMap(v -> checkLocalPath(v, "ssh.identityFile"))
                .map(TopologyReader::expandHome);
        Path knownHosts = Optional.ofNullable(ssh.get("knownHosts"))
                .flatMap(v -> text(v, "", "ssh.knownHosts"))
                .flatMap(v -> checkLocalPath(v, "ssh.knownHosts"))
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
        Topology.TlsMode tls = tlsMode(sql.get("tls"));
        Optional<Path> tlsCa = Optional.ofNullable(sql.get("tlsCa"))
                .flatMap(v -> text(v, "", "sql.tlsCa"))
                .flatMap(v -> checkLocalPath(v, "sql.tlsCa"))
                .map(TopologyReader::expandHome);
        if (tlsCa.isPresent() && !tls.verifies()) {
            problem(
                    "",
                    "sql.tlsCa",
                    "is used only with tls: verify-ca or verify-identity, but tls is " + tls.key()
                            + "; set tls: verify-ca (or verify-identity) or remove tlsCa");
            tlsCa = Optional.empty();
        }
        return new Topology.Sql(
                user,
                secret(sql.get("password"), "sql.password"),
                duration(sql.get("connectTimeout"), "sql.connectTimeout", defaults.connectTimeout()),
                duration(sql.get("socketTimeout"), "sql.socketTimeout", defaults.socketTimeout()),
                tls,
                tlsCa);
    }

    private Topology.TlsMode tlsMode(JsonNode value) {
        if (value == null || value.isNull()) {
            return Topology.TlsMode.DISABLED;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? Topology.TlsMode.REQUIRED : Topology.TlsMode.DISABLED;
        }
        for (Topology.TlsMode mode : Topology.TlsMode.values()) {
            if (value.isTextual() && mode.key().equals(value.textValue())) {
                return mode;
            }
        }
        List<String> keys = java.util.Arrays.stream(Topology.TlsMode.values())
                .map(Topology.TlsMode::key)
                .toList();
        String hint = value.isTextual()
                ? Suggestions.closest(value.textValue(), keys)
                        .map(s -> "did you mean \"" + s + "\"? ")
                        .orElse("")
                : "";
        problem(
                "",
                "sql.tls",
                Excerpt.quote(value.asText()) + " is not a TLS mode; " + hint
                        + "use disabled, required, verify-ca or verify-identity (true and false mean required and disabled)");
        return Topology.TlsMode.DISABLED;
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
                        Excerpt.quote(text.get()) + " is not a usable id; use letters, digits, '.', '_'"
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
                        Excerpt.quote(text.get()) + " is neither a valid host name nor an IP address;"
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
                    problem(
                            node.id(),
                            "ports." + port.getKey(),
                            "port " + port.getValue() + " on " + node.host() + " is also used by " + other + alias
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
            problem(
                    "",
                    "ssh.jumpHost",
                    Excerpt.quote(jumpHost) + " is not host[:port]; use e.g. bastion.example.com:22");
        }
    }

    /** A node's home or the install directory: see {@link RemotePaths}. */
    private boolean checkPath(String path, String node, String field) {
        Optional<String> problem = RemotePaths.problem(path);
        problem.ifPresent(message -> problem(node, field, message));
        return problem.isEmpty();
    }

    /** A path on this machine (read by Java, never by a shell): no control characters, bounded. */
    private Optional<String> checkLocalPath(String path, String field) {
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem("", field, Excerpt.quote(path) + " contains control characters; remove them");
            return Optional.empty();
        }
        if (path.length() > MAX_PATH) {
            problem("", field, "the path is " + path.length() + " characters, longer than " + MAX_PATH);
            return Optional.empty();
        }
        return Optional.of(path);
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
                        Excerpt.quote(name.get()) + " is not an environment variable name;"
                                + " use letters, digits and '_'");
                return Secret.NONE;
            }
            return name.map(Secret::fromEnv).orElse(Secret.NONE);
        }
        return text(path, "", field + ".file")
                .flatMap(v -> checkLocalPath(v, field + ".file"))
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
                    Excerpt.quote(value.asText()) + " is not a duration; write a number and a unit such as"
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
            problem("", field, "expected true or false, was " + Excerpt.quote(value.asText()));
            return fallback;
        }
        return value.booleanValue();
    }

    private int port(JsonNode value, String node, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(node, field, "expected a port number 1-65535, was " + Excerpt.quote(value.asText()));
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
                            + (value.isContainerNode() ? "a " + kind(value) : Excerpt.quote(value.asText())));
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
        problem("", field, Excerpt.quote(value) + " is not " + expected);
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
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(file, node, field, message));
            return;
        }
        dropped++;
        Problem more = new Problem(file, "", "", "... and " + dropped + " more problems; fix these and validate again");
        if (problems.size() == MAX_PROBLEMS) {
            problems.add(more);
        } else {
            problems.set(MAX_PROBLEMS, more);
        }
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
