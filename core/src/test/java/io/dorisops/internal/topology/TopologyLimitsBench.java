package io.dorisops.internal.topology;

import com.sun.management.ThreadMXBean;
import io.dorisops.InvalidTopologyException;
import io.dorisops.Topology;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time and memory to load (refuse or accept) topologies of hostile shapes, at 50 MB and just under
 * the 512 KiB limit. Figures only, no timed asserts: {@code ./mvnw -B -Pbench -pl core -am verify
 * -Dtest=TopologyLimitsBench -Dsurefire.failIfNoSpecifiedTests=false}; results in
 * {@code core/target/bench/topology-limits.txt} and {@code docs/BENCHMARKS.md}.
 */
@Tag("bench")
class TopologyLimitsBench {

    @TempDir
    Path dir;

    @Test
    void loadTopologiesOfEveryShape() throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "%-20s %10s %10s %12s %14s  %s",
                "shape",
                "bytes",
                "ms",
                "alloc MB",
                "-Xmx256m ms",
                "outcome"));
        for (long size : new long[] {TopologyLimitsTest.FIFTY_MB, TopologyLimitsTest.UNDER_LIMIT}) {
            for (TopologyShapes shape : TopologyShapes.values()) {
                Path file = shape.writeTo(dir, size);
                // Warm once, then measure the second load.
                String outcome = load(file);
                long allocated = threads.getThreadAllocatedBytes(thread);
                long started = System.nanoTime();
                outcome = load(file);
                double millis = (System.nanoTime() - started) / 1e6;
                double megabytes = (threads.getThreadAllocatedBytes(thread) - allocated) / 1024.0 / 1024.0;
                String capped = underHeapCap(file);
                lines.add(String.format(
                        Locale.ROOT,
                        "%-20s %10d %10.1f %12.1f %14s  %s",
                        shape,
                        Files.size(file),
                        millis,
                        megabytes,
                        capped,
                        outcome));
                Files.delete(file);
            }
        }
        String report = String.join("\n", lines);
        System.out.println(report);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("topology-limits.txt"), report + "\n");
    }

    /** Loads the file again in a fresh JVM limited to a 256 MB heap: its wall time, or how it failed. */
    private static String underHeapCap(Path file) throws Exception {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        javaBinary.toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = child.waitFor();
        return exit == 0 ? output.strip() : "exit " + exit;
    }

    /** Loads one topology and prints the milliseconds it took; exits 1 on an OutOfMemoryError. */
    static final class Child {
        public static void main(String[] args) {
            // Warm the classes, then measure.
            load(Path.of(args[0]));
            long started = System.nanoTime();
            load(Path.of(args[0]));
            System.out.printf(Locale.ROOT, "%.1f%n", (System.nanoTime() - started) / 1e6);
        }
    }

    private static String load(Path file) {
        try {
            return "accepted, " + Topology.load(file).nodes().size() + " nodes";
        } catch (InvalidTopologyException e) {
            String first = e.problems().get(0).message();
            return "refused: " + (first.length() > 70 ? first.substring(0, 70) + "..." : first);
        }
    }
}
