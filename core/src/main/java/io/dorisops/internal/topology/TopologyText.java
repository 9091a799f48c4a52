package io.dorisops.internal.topology;

import static io.dorisops.internal.topology.ProblemCollector.single;
import static io.dorisops.internal.topology.TopologyReader.MAX_BYTES;
import static io.dorisops.internal.topology.TopologyReader.MAX_DEPTH;
import static io.dorisops.internal.topology.TopologyReader.MAX_FIELDS;
import static io.dorisops.internal.topology.TopologyReader.MAX_SCALAR;
import static io.dorisops.internal.topology.TopologyReader.MAX_YAML_LINE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dorisops.InvalidTopologyException;
import io.dorisops.InvalidTopologyException.Problem;
import io.dorisops.internal.Excerpt;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Turns a topology file into a tree within the limits of {@link TopologyReader} ({@code MAX_BYTES},
 * {@code MAX_YAML_LINE}, {@code MAX_SCALAR}, {@code MAX_DEPTH}, {@code MAX_FIELDS}): reads at most
 * the allowed bytes, decodes strict UTF-8, scans line lengths before the YAML parser, parses YAML or
 * JSON with duplicate keys, aliases and deep nesting refused, and refuses over-long names and
 * values. A text that fails here is one problem; nothing else looks at it.
 */
final class TopologyText {

    private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());
    private static final ObjectMapper JSON = new ObjectMapper(jsonFactory());

    static {
        YAML.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JSON.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private TopologyText() {}

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
     * The text of a topology file: at most {@code MAX_BYTES}, strictly UTF-8 (a leading byte-order
     * mark is skipped).
     *
     * @throws InvalidTopologyException with the one problem that the file is unreadable, too large
     *     or not UTF-8
     */
    static String load(Path file) {
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
        return decode(bytes, source);
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

    /**
     * Parses YAML or JSON (a text starting with "{") into a tree whose every name and value is within
     * the limits.
     *
     * @return the root, or null for an empty document
     * @throws InvalidTopologyException when the text is too large, not parseable, or breaks a limit
     */
    static JsonNode parse(String text, String file) {
        if (text.length() > MAX_BYTES) {
            throw single(
                    file,
                    "the topology is " + text.length() + " characters; a topology is at most " + MAX_BYTES
                            + " characters (512 KiB), check that this is the topology");
        }
        boolean json = text.stripLeading().startsWith("{");
        if (!json) {
            checkLines(text, file);
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
            ProblemCollector problems = new ProblemCollector(file);
            checkScalars(root, "", problems);
            problems.throwIfAny();
        }
        return root;
    }

    /** An empty mapping, for an absent section. */
    static JsonNode emptyObject() {
        return JSON.createObjectNode();
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
     * {@code MAX_FIELDS}: 100 000 keys are refused after 65, not after parsing them all.
     */
    private static final class FieldCounting extends JsonParserDelegate {
        private final ArrayDeque<int[]> counts = new ArrayDeque<>();
        private final ArrayDeque<String> names = new ArrayDeque<>();

        FieldCounting(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
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

        private static List<String> reversed(ArrayDeque<String> stack) {
            List<String> list = new ArrayList<>(stack);
            Collections.reverse(list);
            return list;
        }
    }

    /** A linear scan before the YAML parser, which slows down on very long lines. */
    private static void checkLines(String text, String file) {
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

    /** Refuses any field name or value longer than {@code MAX_SCALAR}, before anything else looks at them. */
    private static void checkScalars(JsonNode value, String path, ProblemCollector problems) {
        if (value.isObject() && value.size() > MAX_FIELDS) {
            problems.add(
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
                    problems.add(
                            "",
                            path.isEmpty() ? "(field name)" : path,
                            "the field name " + Excerpt.quote(name) + " is too long; field names are at most "
                                    + MAX_SCALAR + " characters");
                    continue;
                }
                checkScalars(field.getValue(), path.isEmpty() ? name : path + "." + name, problems);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkScalars(value.get(i), path + "[" + i + "]", problems);
            }
        } else if (value.isTextual() && value.textValue().length() > MAX_SCALAR) {
            problems.add(
                    "",
                    path,
                    "the value " + Excerpt.quote(value.textValue()) + " is too long; values are at most " + MAX_SCALAR
                            + " characters");
        } else if (value.isBinary()) {
            problems.add("", path, "a binary value (!!binary); write text");
        }
    }

    private static String cut(String message) {
        String firstLine = message.lines().findFirst().orElse("");
        return Excerpt.escape(firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine);
    }
}
