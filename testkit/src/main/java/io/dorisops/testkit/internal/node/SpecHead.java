package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dorisops.Flavor;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every node process reads of {@code sandbox.json} as it starts: the flavor, each node's id,
 * host and home, and the simulated start-up delays. It is streamed with jackson-core alone: a
 * backend never needs the data binding, whose set-up would cost it more CPU than all the rest of its
 * start; a frontend reads the whole {@link SandboxSpec} as well.
 *
 * @param flavor Doris or StarRocks
 * @param nodes every node of the sandbox
 * @param startupDelayMillis simulated start-up time per role key
 */
record SpecHead(Flavor flavor, List<Member> nodes, Map<String, Long> startupDelayMillis) {
    /** One node as the file declares it. */
    record Member(String id, String host, String home) {}

    /** Reads {@code <dir>/sandbox.json}. */
    static SpecHead read(Path dir) throws IOException {
        Path file = dir.resolve(SandboxSpec.FILE);
        Flavor flavor = null;
        List<Member> nodes = new ArrayList<>();
        Map<String, Long> delays = new HashMap<>();
        try (JsonParser in = new JsonFactory().createParser(file.toFile())) {
            expect(in.nextToken(), JsonToken.START_OBJECT, file);
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken value = in.nextToken();
                switch (field) {
                    case "flavor" -> flavor = Flavor.valueOf(in.getText());
                    case "nodes" -> {
                        expect(value, JsonToken.START_ARRAY, file);
                        while (in.nextToken() == JsonToken.START_OBJECT) {
                            nodes.add(member(in));
                        }
                    }
                    case "startupDelayMillis" -> {
                        expect(value, JsonToken.START_OBJECT, file);
                        while (in.nextToken() == JsonToken.FIELD_NAME) {
                            String role = in.currentName();
                            in.nextToken();
                            delays.put(role, in.getLongValue());
                        }
                    }
                    default -> in.skipChildren();
                }
            }
        }
        if (flavor == null) {
            throw new IOException(file + " names no flavor");
        }
        return new SpecHead(flavor, List.copyOf(nodes), Map.copyOf(delays));
    }

    private static Member member(JsonParser in) throws IOException {
        String id = null;
        String host = null;
        String home = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "id" -> id = in.getText();
                case "host" -> host = in.getText();
                case "home" -> home = in.getText();
                default -> in.skipChildren();
            }
        }
        return new Member(id, host, home);
    }

    private static void expect(JsonToken actual, JsonToken expected, Path file) throws IOException {
        if (actual != expected) {
            throw new IOException(file + ": expected " + expected + ", found " + actual);
        }
    }
}
