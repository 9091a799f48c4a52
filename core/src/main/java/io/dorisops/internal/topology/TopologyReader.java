package io.dorisops.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.InvalidTopologyException;
import io.dorisops.InvalidTopologyException.Problem;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.HostIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a topology from YAML or JSON text and validates it, collecting every problem before throwing
 * one {@link InvalidTopologyException}. The format is described in {@code docs/topology.md}.
 *
 * <p>The reading, in order:
 *
 * <ol>
 *   <li>{@link TopologyText}: the file within the limits below, strict UTF-8, parsed to a tree;
 *       failing here is one problem and the end.
 *   <li>The top-level fields, {@code name} and {@code flavor} (here).
 *   <li>{@code defaults}: the install directory, the port groups ({@link PortReader}) and the deploy
 *       settings ({@link NodeConfigReader}).
 *   <li>{@code ssh}, {@code sql} and {@code timeouts} ({@link ConnectionSections}).
 *   <li>The node lists ({@link NodeReader}), then the nodes as a whole: followers, duplicate ids,
 *       ports in use twice ({@link NodeChecks}).
 *   <li>Any problem so far, from any part, throws them all ({@link ProblemCollector}).
 * </ol>
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

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The largest topology read: 512 KiB, some five times a 1000-node cluster written one node a line. */
    public static final int MAX_BYTES = 512 * 1024;
    /** The longest line of a YAML topology (a JSON one may be a single line). */
    public static final int MAX_YAML_LINE = 16 * 1024;
    /** The longest scalar or field name. */
    public static final int MAX_SCALAR = 4096;
    /** The deepest nesting of mappings and lists (a topology needs 5). */
    public static final int MAX_DEPTH = 16;

    /** Fields of one mapping at most (the largest, {@code ssh}, has 10); node lists are not limited. */
    public static final int MAX_FIELDS = 64;

    private final String file;
    private final HostIdentity hosts;
    private final ProblemCollector problems;
    private final Fields fields;

    private TopologyReader(String file, HostIdentity hosts) {
        this.file = file;
        this.hosts = hosts;
        this.problems = new ProblemCollector(file);
        this.fields = new Fields(problems);
    }

    /**
     * Reads a topology file: at most {@link #MAX_BYTES}, strictly UTF-8 (a leading byte-order mark
     * is skipped). A file that cannot be read, is too large or is not UTF-8 is one problem that says
     * so, with the byte offset of the first bad byte.
     *
     * @throws InvalidTopologyException listing every problem found
     */
    public static Topology load(Path file) {
        return parse(TopologyText.load(file), file.toString());
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
        JsonNode root = TopologyText.parse(text, file);
        if (root == null || !root.isObject()) {
            throw new InvalidTopologyException(List.of(new Problem(
                    file, "", "", "empty or not a mapping; a topology needs at least flavor and followers")));
        }
        fields.checkFields(root, TOP_FIELDS, "", "");
        String name = readName(root.get("name"));
        Flavor flavor = readFlavor(root.get("flavor"));
        JsonNode defaults = fields.object(root.get("defaults"), "", "defaults");
        fields.checkFields(defaults, DEFAULTS_FIELDS, "", "defaults.");
        Optional<String> installDir = Optional.ofNullable(defaults.get("installDir"))
                .flatMap(value -> fields.text(value, "", "defaults.installDir"))
                .filter(dir -> fields.checkPath(dir, "", "defaults.installDir"));
        PortReader ports = new PortReader(problems, fields);
        Map<String, Optional<Map<String, Integer>>> groupPorts = ports.readDefaults(defaults);
        NodeConfigReader.Defaults configDefaults =
                NodeConfigReader.readDefaults(defaults, PortReader.PORT_GROUPS, problems);
        ConnectionSections sections = new ConnectionSections(problems, fields);
        SshSettings ssh = sections.readSsh(root.get("ssh"));
        Topology.Sql sql = sections.readSql(root.get("sql"));
        Topology.Timeouts timeouts = sections.readTimeouts(root.get("timeouts"));

        List<Node> nodes =
                new NodeReader(problems, fields, ports).readAll(root, flavor, installDir, groupPorts, configDefaults);
        new NodeChecks(problems, hosts).check(root, nodes);
        problems.throwIfAny();
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
            problems.add("", "name", "missing; set name: to the cluster's name (letters, digits, '.', '_', '-')");
            return "";
        }
        Optional<String> name = fields.text(value, "", "name");
        if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
            problems.add(
                    "",
                    "name",
                    Excerpt.quote(name.get()) + " is not a usable cluster name; use letters, digits, '.', '_'"
                            + " and '-' (at most 64), it names the lock and journal directory");
        }
        return name.orElse("");
    }

    private Flavor readFlavor(JsonNode value) {
        if (value == null) {
            problems.add("", "flavor", "missing; set flavor: doris or flavor: starrocks");
            return Flavor.DORIS;
        }
        Optional<String> text = fields.text(value, "", "flavor");
        if (text.isEmpty()) {
            return Flavor.DORIS;
        }
        try {
            return Flavor.parse(text.get());
        } catch (IllegalArgumentException e) {
            String hint = Suggestions.closest(text.get(), List.of("doris", "starrocks"))
                    .map(s -> "did you mean \"" + s + "\"? ")
                    .orElse("");
            problems.add("", "flavor", "unknown flavor \"" + text.get() + "\"; " + hint + "use doris or starrocks");
            return Flavor.DORIS;
        }
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
        return Collections.unmodifiableMap(groups);
    }
}
