package io.dorisops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dorisops-kubernetes goes on production class paths, so it brings no test support: its run-time
 * dependencies, as Maven resolved them into {@code target/runtime-classpath.txt} (see the pom), hold
 * neither the testkit nor a mock API server. The sandbox operator is dorisops-kubernetes-testkit's.
 */
class ShipsNoTestSupportTest {

    @Test
    void theRuntimeClassPathHasNoTestkitAndNoMockServer() throws IOException {
        // entries in this reactor relative to its root (whose own path may say anything), others as they are
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> entries = Arrays.stream(Files.readString(Path.of("target", "runtime-classpath.txt"))
                        .trim()
                        .split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize())
                .map(entry -> entry.startsWith(root) ? root.relativize(entry) : entry)
                .map(Path::toString)
                .toList();

        assertThat(entries)
                .anyMatch(entry -> entry.contains("dorisops-core") || entry.startsWith("core"))
                .anyMatch(entry -> entry.contains("kubernetes-client-api"))
                .noneMatch(entry -> entry.contains("testkit"))
                .noneMatch(entry -> entry.contains("kubernetes-server-mock"))
                .noneMatch(entry -> entry.contains("mockwebserver"));
    }
}
