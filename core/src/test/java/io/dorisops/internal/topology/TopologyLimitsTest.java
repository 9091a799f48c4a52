package io.dorisops.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dorisops.InvalidTopologyException;
import io.dorisops.Role;
import io.dorisops.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Topologies of hostile shapes and sizes are refused with a short message (figures: TopologyLimitsBench). */
class TopologyLimitsTest {

    static final long FIFTY_MB = 50L * 1024 * 1024;
    static final long UNDER_LIMIT = TopologyReader.MAX_BYTES - 1024;

    @TempDir
    Path dir;

    private static String refusal(Path file) {
        InvalidTopologyException e = catchThrowableOfType(() -> Topology.load(file), InvalidTopologyException.class);
        assertThat(e).as("expected %s to be refused", file).isNotNull();
        return e.getMessage();
    }

    @ParameterizedTest
    @EnumSource(TopologyShapes.class)
    void aFiftyMegabyteTopologyOfAnyShapeIsRefusedBeforeParsing(TopologyShapes shape) throws Exception {
        Path file = shape.writeTo(dir, FIFTY_MB);

        String message = refusal(file);

        assertThat(message)
                .contains("the file is " + Files.size(file) + " bytes; a topology is at most 524288 bytes")
                .hasSizeLessThan(400);
    }

    @Test
    void aLongScalarOnOneLineIsRefusedWithItsStartAndLength() throws Exception {
        String message = refusal(TopologyShapes.LONG_SCALAR.writeTo(dir, UNDER_LIMIT));

        assertThat(message)
                .contains("line 2 is too long: \"name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" (523230 characters)")
                .contains("a line of a YAML topology is at most 16384 characters")
                .hasSizeLessThan(400);
    }

    @Test
    void aLongScalarOverManyLinesIsRefusedWithItsStartAndLength() throws Exception {
        String message = refusal(TopologyShapes.LONG_FOLDED_SCALAR.writeTo(dir, UNDER_LIMIT));

        assertThat(message)
                .containsPattern("name: the value \"  a{38}\\.\\.\\.\" \\(\\d+ characters\\) is too long")
                .contains("values are at most 4096 characters")
                .hasSizeLessThan(400);
    }

    @Test
    void deepJsonNestingIsRefused() throws Exception {
        String message = refusal(TopologyShapes.DEEP_JSON.writeTo(dir, UNDER_LIMIT));

        assertThat(message).contains("too large or too deeply nested").contains("at most 16 levels");
        assertThat(message).hasSizeLessThan(600);
    }

    @Test
    void deepYamlNestingIsRefused() throws Exception {
        String message = refusal(TopologyShapes.DEEP_YAML.writeTo(dir, UNDER_LIMIT));

        assertThat(message).contains("nest").contains("at most 16 levels");
        assertThat(message).hasSizeLessThan(600);
    }

    @Test
    void aMappingWithHundredsOfThousandsOfKeysIsOneProblem() throws Exception {
        InvalidTopologyException e = catchThrowableOfType(
                () -> Topology.load(TopologyShapes.MANY_KEYS.writeTo(dir, UNDER_LIMIT)),
                InvalidTopologyException.class);

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains(": (top level): a mapping of more than 64 fields; a topology mapping has at most 64"));
    }

    @Test
    void problemsBeyondFiftyAreCounted() {
        StringBuilder yaml = new StringBuilder("flavor: doris\nfollowers:\n");
        for (int i = 0; i < 80; i++) {
            yaml.append("  - {id: fe-")
                    .append(i)
                    .append(", host: \"h;")
                    .append(i)
                    .append("\", home: /opt/fe}\n");
        }
        InvalidTopologyException e =
                catchThrowableOfType(() -> Topology.parse(yaml.toString(), "t.yaml"), InvalidTopologyException.class);

        assertThat(e.problems()).hasSize(51);
        assertThat(e.problems().get(50).message()).isEqualTo("... and 30 more problems; fix these and validate again");
    }

    @Test
    void manyNodesUpToTheLimitAreAccepted() throws Exception {
        Topology topology = Topology.load(TopologyShapes.MANY_NODES.writeTo(dir, UNDER_LIMIT));

        assertThat(topology.nodes(Role.BE)).hasSizeGreaterThan(8_000);
    }

    @Test
    void aTopologyStringOverTheLimitIsRefusedToo() {
        String message = catchThrowableOfType(
                        () -> Topology.parse("#".repeat(TopologyReader.MAX_BYTES + 1), "big.yaml"),
                        InvalidTopologyException.class)
                .getMessage();

        assertThat(message).contains("the topology is 524289 characters; a topology is at most 524288 characters");
    }
}
