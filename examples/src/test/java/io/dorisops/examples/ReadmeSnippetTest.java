package io.dorisops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippet is code that compiles: it must equal the marked region of {@link
 * ReadmeSnippet} (compiled in this module) and of the consumer check's copy (compiled against the
 * installed artifacts with {@code -Prelease}).
 */
class ReadmeSnippetTest {
    private static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path SNIPPET = Path.of("src/main/java/io/dorisops/examples/ReadmeSnippet.java");
    private static final Path CONSUMER_SNIPPET =
            ROOT.resolve("integration-tests/consumer/src/main/java/com/example/consumer/ReadmeSnippet.java");

    @Test
    void readmeJavaBlockIsTheCompiledSnippet() throws IOException {
        assertThat(readmeJavaBlock()).isEqualTo(markedRegion(SNIPPET));
    }

    @Test
    void consumerCheckCompilesTheSameSnippet() throws IOException {
        assertThat(markedRegion(CONSUMER_SNIPPET)).isEqualTo(markedRegion(SNIPPET));
    }

    @Test
    void readmeShowsTheBomAndTheModulesARollingUpgradeNeeds() throws IOException {
        String readme = Files.readString(README);

        assertThat(readme)
                .contains("<artifactId>dorisops-bom</artifactId>")
                .contains("<type>pom</type>")
                .contains("<scope>import</scope>")
                .contains("<artifactId>dorisops-core</artifactId>")
                .contains("<artifactId>dorisops-jdbc-probe</artifactId>")
                .contains("<artifactId>dorisops-ssh-transport</artifactId>")
                .contains("<artifactId>dorisops-testkit</artifactId>");
    }

    @Test
    void quickStartHasExactlyTwoSetUpCommands() throws IOException {
        String readme = Files.readString(README);
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("The demo starts"));
        Matcher block = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(quickStart);

        assertThat(block.find()).isTrue();
        List<String> commands = Arrays.stream(block.group(1).split("\n"))
                .map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
        assertThat(commands).containsExactly("./dorisops demo", "./mvnw -B verify");
    }

    /** The first {@code java} block of the README's "Using the library" section. */
    private static String readmeJavaBlock() throws IOException {
        String readme = Files.readString(README);
        String section = readme.substring(readme.indexOf("## Using the library"));
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find())
                .as("a ```java block in README.md's \"Using the library\"")
                .isTrue();
        return block.group(1);
    }

    /** The lines between {@code // README:begin} and {@code // README:end}, less their common indent. */
    private static String markedRegion(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int begin = indexOf(lines, "// README:begin", file);
        int end = indexOf(lines, "// README:end", file);
        List<String> region = lines.subList(begin + 1, end);
        int indent = region.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return region.stream()
                        .map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    private static int indexOf(List<String> lines, String marker, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line " + marker);
    }
}
