package io.dorisops.testkit.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of a sandbox's nodes: a node's live pid from its pid file, starting and stopping the
 * nodes with their own {@code bin/} scripts, and killing what a stop leaves behind.
 */
public final class NodeControl {
    /** The category the sandbox logged under before these classes were split out of it. */
    private static final Logger log = LoggerFactory.getLogger("io.dorisops.testkit.Sandbox");

    private NodeControl() {}

    /** The pid of the node's live process, from its pid file; empty when it is not running. */
    public static OptionalLong pid(Flavor flavor, Node node) {
        try {
            Path file = node.home().resolve(flavor.pidFile(node.role()));
            String text = Files.exists(file) ? Files.readString(file).strip() : "";
            if (!text.isEmpty() && Procs.alive(Long.parseLong(text))) {
                return OptionalLong.of(Long.parseLong(text));
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Starts every node that is not running with its start script and waits for the scripts (not the nodes). */
    public static void startAll(Path dir, Flavor flavor, List<Node> nodes) {
        List<Process> scripts = new ArrayList<>();
        boolean separateRecycler = nodes.stream().anyMatch(node -> node.role() == io.dorisops.Role.RECYCLER);
        for (Node node : nodes) {
            if (pid(flavor, node).isEmpty()) {
                scripts.add(
                        run(node, flavor.startScript(node.role()), flavor.startArgs(node.role(), separateRecycler)));
            }
        }
        for (Process script : scripts) {
            try {
                script.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DorisOpsException("interrupted while starting the sandbox at " + dir, e);
            }
        }
    }

    /**
     * Stops every running node gracefully with its stop script, then kills whatever is left of the
     * processes under {@code dir}.
     */
    public static void stop(Path dir, Flavor flavor, List<Node> nodes) {
        List<Process> scripts = new ArrayList<>();
        for (Node node : nodes) {
            if (pid(flavor, node).isPresent()) {
                scripts.add(run(node, flavor.stopScript(node.role()), flavor.stopArgs(node.role(), true)));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Process script : scripts) {
            try {
                if (!script.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    script.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // stop.sh of the MetaService does not wait for the process: give graceful exits a moment.
        long graceDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Procs.withArgumentUnder(dir).isEmpty() && System.nanoTime() < graceDeadline) {
            pause();
        }
        for (long pid : Procs.withArgumentUnder(dir)) {
            log.warn("sandbox {}: killing leftover process {}", dir, pid);
            Procs.kill(pid);
        }
        long killDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Procs.withArgumentUnder(dir).isEmpty() && System.nanoTime() < killDeadline) {
            pause();
        }
    }

    /** A short pause between polls of the process table. */
    public static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DorisOpsException("interrupted while waiting for sandbox processes", e);
        }
    }

    private static Process run(Node node, String script, List<String> args) {
        List<String> command = new ArrayList<>(
                List.of("bash", node.home().resolve("bin").resolve(script).toString()));
        command.addAll(args);
        try {
            return new ProcessBuilder(command)
                    .directory(node.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.home()
                            .resolve("log")
                            .resolve("sandbox-scripts.log")
                            .toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": " + e.getMessage(), e);
        }
    }
}
