package io.dorisops.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Started in a child JVM by {@link LeakGuardTest}: starts a sandbox, marks it ready, then waits to be killed. */
public final class LeakProbeMain {
    private LeakProbeMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Sandbox sandbox =
                Sandbox.builder().followers(1).backends(1).baseDir(dir).start();
        Files.writeString(
                dir.resolve("probe-ready"), String.valueOf(sandbox.processes().size()));
        Thread.currentThread().join();
    }
}
