package io.dorisops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dorisops.InvalidTopologyException;
import io.dorisops.Topology;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every dorisops command: shared options, stdout/stderr from picocli, one JSON document
 * with {@code --json}, a table otherwise. Subclasses return an exit code from {@link #call()}.
 */
abstract class CliCommand implements Callable<Integer> {

    /** Success; for status, every node ready and alive in the master's view. */
    static final int OK = 0;
    /** An operation failed (a node did not start, a refused upgrade) or an unexpected error. */
    static final int FAILED = 1;
    /** The input is invalid (topology problems, bad usage, an invalid flag value). */
    static final int INVALID = 2;
    /** {@code status}: the cluster was read and is not healthy (a node not ready or dead, no SQL view). */
    static final int NOT_HEALTHY = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** The shared options. */
    protected OutputOptions output() {
        return output;
    }

    /** Where results go. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where problems, warnings and errors go. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Stderr without {@link Visible}, for {@link ProgressView}, which passes its text through {@link Visible#text}. */
    protected PrintWriter rawErr() {
        return ((Main) spec.root().userObject()).rawErr();
    }

    /** Prints one JSON document to stdout. */
    protected void printJson(Object document) {
        try {
            out().println(JSON.writeValueAsString(document));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints a JSON text (e.g. {@code Operation.toJson()}) as the one document, indented like the others. */
    protected void printJsonText(String json) {
        printJson(tree(json));
    }

    /** A JSON text as a tree, to nest it in a document. */
    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints warnings to stderr, one line each. */
    protected void printWarnings(List<String> warnings) {
        for (String warning : warnings) {
            err().println("warning: " + warning);
        }
        err().flush();
    }

    /**
     * Loads a topology; when it is invalid prints every problem (to stderr, or as the JSON document)
     * and returns null, so the command exits with {@link #INVALID}.
     */
    protected Topology loadTopology(Path file) {
        try {
            return Topology.load(file);
        } catch (InvalidTopologyException e) {
            if (output.json()) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("file", file.toString());
                document.put("valid", false);
                document.put("problems", problems(e));
                document.put("warnings", List.of());
                printJson(document);
            }
            err().println(e.getMessage());
            err().flush();
            return null;
        }
    }

    /** The problems of an invalid topology as JSON-ready maps. */
    protected static List<Map<String, String>> problems(InvalidTopologyException e) {
        return e.problems().stream()
                .map(p -> {
                    Map<String, String> map = new LinkedHashMap<>();
                    map.put("file", p.file());
                    map.put("node", p.node());
                    map.put("field", p.field());
                    map.put("message", p.message());
                    return map;
                })
                .toList();
    }
}
