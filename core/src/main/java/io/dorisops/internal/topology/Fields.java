package io.dorisops.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Secret;
import io.dorisops.internal.Durations;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.RemotePaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one typed value of a topology field (text, mapping, boolean, port, duration, path, secret)
 * and checks a mapping's field names, reporting each bad value to the {@link ProblemCollector} with
 * the node and field and returning a fallback, so that reading goes on and finds every problem.
 */
final class Fields {

    /** The longest local path (Linux PATH_MAX). */
    static final int MAX_PATH = RemotePaths.MAX_PATH;

    private static final List<String> SECRET_FIELDS = List.of("env", "file");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ProblemCollector problems;

    Fields(ProblemCollector problems) {
        this.problems = problems;
    }

    /** A non-empty text, trimmed. */
    Optional<String> text(JsonNode value, String node, String field) {
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(
                    node,
                    field,
                    "expected a non-empty text, was "
                            + (value.isContainerNode() ? "a " + kind(value) : Excerpt.quote(value.asText())));
            return Optional.empty();
        }
        return Optional.of(value.asText().trim());
    }

    /** A mapping; an absent or bad one reads as empty. */
    JsonNode object(JsonNode value, String node, String field) {
        if (value == null || value.isNull()) {
            return TopologyText.emptyObject();
        }
        if (!value.isObject()) {
            problems.add(node, field, "expected a mapping, was " + kind(value));
            return TopologyText.emptyObject();
        }
        return value;
    }

    boolean bool(JsonNode value, String field, boolean fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problems.add("", field, "expected true or false, was " + Excerpt.quote(value.asText()));
            return fallback;
        }
        return value.booleanValue();
    }

    /** A port 1-65535; a bad one reads as 1. */
    int port(JsonNode value, String node, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(node, field, "expected a port number 1-65535, was " + Excerpt.quote(value.asText()));
            return 1;
        }
        int port = value.intValue();
        if (port < 1 || port > 65535) {
            problems.add(node, field, "port " + port + " is outside 1-65535; use a port in that range");
            return 1;
        }
        return port;
    }

    /** A positive duration such as 5s; see {@link Durations}. */
    Duration duration(JsonNode value, String field, Duration fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problems.add(
                    "",
                    field,
                    Excerpt.quote(value.asText()) + " is not a duration; write a number and a unit such as"
                            + " 500ms, 5s, 2m or 1h");
            return fallback;
        }
        try {
            Duration duration = Durations.parse(value.asText());
            if (duration.isZero() || duration.isNegative()) {
                problems.add("", field, "must be longer than zero, was " + value.asText());
                return fallback;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            problems.add("", field, e.getMessage());
            return fallback;
        }
    }

    /** Whether a top-level value matches, reporting "'value' is not {@code expected}" when not. */
    boolean matches(Pattern pattern, String value, String field, String expected) {
        if (pattern.matcher(value).matches()) {
            return true;
        }
        problems.add("", field, Excerpt.quote(value) + " is not " + expected);
        return false;
    }

    /** Reports every field of {@code object} not in {@code allowed}, with the closest allowed name. */
    void checkFields(JsonNode object, List<String> allowed, String node, String prefix) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (allowed.contains(name)) {
                continue;
            }
            String hint = Suggestions.closest(name, allowed)
                    .map(s -> "did you mean \"" + s + "\"?")
                    .orElse("expected one of " + String.join(", ", allowed));
            problems.add(node, prefix + name, "unknown field \"" + name + "\"; " + hint);
        }
    }

    /** A node's home or the install directory: see {@link RemotePaths}. */
    boolean checkPath(String path, String node, String field) {
        Optional<String> problem = RemotePaths.problem(path);
        problem.ifPresent(message -> problems.add(node, field, message));
        return problem.isEmpty();
    }

    /** A path on this machine (read by Java, never by a shell): no control characters, bounded. */
    Optional<String> checkLocalPath(String path, String field) {
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add("", field, Excerpt.quote(path) + " contains control characters; remove them");
            return Optional.empty();
        }
        if (path.length() > MAX_PATH) {
            problems.add("", field, "the path is " + path.length() + " characters, longer than " + MAX_PATH);
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** A local path field, checked and with a leading {@code ~} expanded. */
    Optional<Path> localPath(JsonNode value, String field) {
        return Optional.ofNullable(value)
                .flatMap(v -> text(v, "", field))
                .flatMap(v -> checkLocalPath(v, field))
                .map(Fields::expandHome);
    }

    /** A secret reference, {@code {env: NAME}} or {@code {file: PATH}}; an inline value is refused. */
    Secret secret(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return Secret.NONE;
        }
        if (!value.isObject()) {
            // Never echo the value: it may be the secret itself.
            problems.add(
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
            problems.add("", field, "give exactly one of {env: NAME} or {file: PATH}");
            return Secret.NONE;
        }
        if (env != null) {
            Optional<String> name = text(env, "", field + ".env");
            if (name.isPresent() && !ENV_NAME.matcher(name.get()).matches()) {
                problems.add(
                        "",
                        field + ".env",
                        Excerpt.quote(name.get()) + " is not an environment variable name;"
                                + " use letters, digits and '_'");
                return Secret.NONE;
            }
            return name.map(Secret::fromEnv).orElse(Secret.NONE);
        }
        return localPath(path, field + ".file").map(Secret::fromFile).orElse(Secret.NONE);
    }

    private static String kind(JsonNode value) {
        return value.isArray()
                ? "list"
                : value.isObject() ? "mapping" : value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
