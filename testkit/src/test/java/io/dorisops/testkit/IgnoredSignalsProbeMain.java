package io.dorisops.testkit;

import io.dorisops.Flavor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Started in a child JVM by {@link InheritedSignalsTest}, as a background job starts a sandbox: starts a
 * detached sandbox ({@code DIR FLAVOR VERSION DECOUPLED}), writes the {@code SigIgn} line of its own
 * {@code /proc/self/status} to {@code DIR/probe-ready}, and exits.
 */
public final class IgnoredSignalsProbeMain {
    private IgnoredSignalsProbeMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Sandbox.builder()
                .flavor(Flavor.valueOf(args[1]))
                .version(args[2])
                .decoupled(Boolean.parseBoolean(args[3]))
                .followers(1)
                .backends(1)
                .baseDir(dir)
                .detached()
                .start();
        String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .findFirst()
                .orElse("SigIgn: unknown");
        Files.writeString(dir.resolve("probe-ready"), ignored);
        System.exit(0);
    }
}
