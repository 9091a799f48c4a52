package io.dorisops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI as {@link Main#run} does it: its exit code and what it printed. */
record CliRun(int code, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code dorisops ARGS...}. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Stdout as the one JSON document a {@code --json} run prints. */
    JsonNode json() throws IOException {
        return JSON.readTree(out);
    }
}
