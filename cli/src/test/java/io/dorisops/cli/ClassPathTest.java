package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI compiles against the SDK's and the Kubernetes testkit's public API only: its compile class path,
 * as Maven resolved it into {@code target/compile-classpath.txt} (see the pom), has no mock API server.
 * The demo's server is behind {@code KubernetesSandbox}, on the run-time class path.
 */
class ClassPathTest {

    @Test
    void theCompileClassPathHasNoMockApiServer() throws IOException {
        List<String> entries = List.of(Files.readString(Path.of("target", "compile-classpath.txt"))
                .trim()
                .split(File.pathSeparator));

        assertThat(entries)
                .anyMatch(entry -> entry.contains("kubernetes-testkit"))
                .noneMatch(entry -> entry.contains("kubernetes-server-mock"))
                .noneMatch(entry -> entry.contains("mockwebserver"));
    }
}
