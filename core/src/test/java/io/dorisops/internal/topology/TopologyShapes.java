package io.dorisops.internal.topology;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes topology files of hostile shapes and a given size, streaming (a 50 MB file never sits in memory). */
enum TopologyShapes {
    /** {@code name: aaaa...} on one line. */
    LONG_SCALAR {
        @Override
        void write(BufferedWriter out, long bytes) throws IOException {
            out.write("flavor: doris\nname: ");
            repeat(out, 'a', bytes - 40);
            out.write("\nfollowers: [{id: fe-1, host: 10.0.0.1, home: /opt/fe}]\n");
        }
    },
    /** A double-quoted scalar folded over many short lines. */
    LONG_FOLDED_SCALAR {
        @Override
        void write(BufferedWriter out, long bytes) throws IOException {
            out.write("flavor: doris\nname: \"");
            for (long written = 20; written < bytes - 80; written += 61) {
                out.write("  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
            }
            out.write("\"\nfollowers: [{id: fe-1, host: 10.0.0.1, home: /opt/fe}]\n");
        }
    },
    /** {@code {"a":[[[[...]]]]}}: deep nesting in JSON. */
    DEEP_JSON {
        @Override
        void write(BufferedWriter out, long bytes) throws IOException {
            long depth = (bytes - 10) / 2;
            out.write("{\"a\":");
            repeat(out, '[', depth);
            repeat(out, ']', depth);
            out.write("}");
        }
    },
    /** {@code a: [[[[...]]]]}: deep nesting in YAML flow style, over many lines. */
    DEEP_YAML {
        @Override
        void write(BufferedWriter out, long bytes) throws IOException {
            long depth = (bytes - 10) / 4;
            out.write("a: ");
            for (long i = 0; i < depth; i++) {
                out.write(i % 1000 == 999 ? "[\n" : "[");
            }
            for (long i = 0; i < depth; i++) {
                out.write(i % 1000 == 999 ? "]\n" : "]");
            }
            out.write("\n");
        }
    },
    /** Hundreds of thousands of distinct top-level keys. */
    MANY_KEYS {
        @Override
        void write(BufferedWriter out, long bytes) throws IOException {
            out.write("flavor: doris\nfollowers: [{id: fe-1, host: 10.0.0.1, home: /opt/fe}]\n");
            for (long i = 0, written = 80; written < bytes - 20; i++) {
                String line = "k" + i + ": 1\n";
                out.write(line);
                written += line.length();
            }
        }
    },
    /** Tens of thousands of valid backends, each on its own host. */
    MANY_NODES {
        @Override
        void write(BufferedWriter out, long bytes) throws IOException {
            out.write("flavor: doris\nfollowers: [{id: fe-1, host: 10.0.0.1, home: /opt/fe}]\nbackends:\n");
            for (long i = 0, written = 80; written < bytes - 80; i++) {
                String line = "  - {id: be-" + i + ", host: be" + i + ".example.com, home: /opt/be}\n";
                out.write(line);
                written += line.length();
            }
        }
    };

    abstract void write(BufferedWriter out, long bytes) throws IOException;

    Path writeTo(Path dir, long bytes) throws IOException {
        Path file = dir.resolve(name().toLowerCase(java.util.Locale.ROOT) + "-" + bytes + ".yaml");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out, bytes);
        }
        return file;
    }

    private static void repeat(BufferedWriter out, char c, long count) throws IOException {
        char[] chunk = new char[8192];
        java.util.Arrays.fill(chunk, c);
        for (long left = count; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }
}
