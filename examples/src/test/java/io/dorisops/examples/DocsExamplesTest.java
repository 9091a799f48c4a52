package io.dorisops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs' runnable examples (the {@code java} blocks of {@code docs/*.md} that declare a class) compile
 * against the modules as they are, so a renamed or moved type fails here instead of in a reader's IDE.
 */
class DocsExamplesTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("^(?:public )?(?:final )?class (\\w+)", Pattern.MULTILINE);

    @Test
    void completeExamplesCompile(@TempDir Path out) throws IOException {
        List<JavaFileObject> sources = new ArrayList<>();
        for (Block block : blocks()) {
            Matcher name = CLASS.matcher(block.code);
            if (name.find()) {
                sources.add(new Source(block.file + "/" + name.group(1), block.code));
            }
        }
        assertThat(sources).as("complete examples in docs/").isNotEmpty();

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean compiled = javac.getTask(
                        errors, null, null, List.of("-d", out.toString(), "-cp", classPath), null, sources)
                .call();

        assertThat(compiled).as("docs examples compile:%n%s", errors).isTrue();
    }

    private static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                Matcher block = JAVA_BLOCK.matcher(Files.readString(file));
                while (block.find()) {
                    blocks.add(new Block(file.getFileName().toString(), block.group(1)));
                }
            }
        }
        return blocks;
    }

    private record Block(String file, String code) {}

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String name, String code) {
            super(URI.create("string:///docs/" + name + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
