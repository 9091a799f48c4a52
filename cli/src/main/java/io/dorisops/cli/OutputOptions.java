package io.dorisops.cli;

import picocli.CommandLine.Option;

/** The options every command shares: {@code --json} and {@code --verbose}. */
final class OutputOptions {

    @Option(names = "--json", description = "Print exactly one JSON document to stdout instead of a table.")
    boolean json;

    @Option(names = "--verbose", description = "Log more and print stack traces of unexpected errors.")
    boolean verbose;

    /** True when {@code --json} was given. */
    boolean json() {
        return json;
    }

    /** True when {@code --verbose} was given. */
    boolean verbose() {
        return verbose;
    }
}
