package io.dorisops.testkit.internal;

import io.dorisops.Role;
import io.dorisops.testkit.internal.SandboxSpec.NodeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a sandbox from its {@link SandboxSettings}, in two halves around the {@code Sandbox}
 * object (so a failure of the second can close it):
 *
 * <ol>
 *   <li>{@link #prepare}: checks the settings fit together, creates the directory (refusing one that
 *       holds a running sandbox), allocates the nodes and their ports, builds the {@link SandboxSpec};
 *   <li>{@link #layOut}: takes the owner lease (unless detached), then lays out empty homes or seeds
 *       the nodes (layout, catalog, metadata) and the SQL password file.
 * </ol>
 *
 * Starting the nodes and waiting for them is the sandbox's own ({@code startAll}, {@code awaitReady}).
 */
public final class Launcher {
    /** The category the sandbox logged under before these classes were split out of it. */
    private static final Logger log = LoggerFactory.getLogger("io.dorisops.testkit.Sandbox");

    private Launcher() {}

    /**
     * A sandbox about to be laid out.
     *
     * @param dir its absolute directory
     * @param spec what it is
     * @param temp true when the directory is a new temp dir, deleted on close
     * @param readyTimeout how long to wait for every node: the setting plus the longest start-up delay
     */
    public record Prepared(Path dir, SandboxSpec spec, boolean temp, Duration readyTimeout) {}

    /**
     * Step 1: checks, directory, nodes, spec.
     *
     * @throws IllegalArgumentException when the settings do not fit together or the directory holds a
     *     running sandbox
     */
    public static Prepared prepare(SandboxSettings s) {
        int replicas = s.checkTogether();
        boolean temp = s.baseDir == null;
        Path dir;
        try {
            dir = temp ? Files.createTempDirectory("dorisops-sandbox-") : Files.createDirectories(s.baseDir);
            dir = dir.toAbsolutePath().normalize();
            if (Files.exists(dir.resolve(SandboxSpec.FILE))
                    && !Procs.withArgumentUnder(dir).isEmpty()) {
                throw new IllegalArgumentException("baseDir " + dir + " holds a running sandbox; stop it first"
                        + " (Sandbox.attach(dir).close() or dorisops sandbox stop --dir " + dir + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox directory: " + e.getMessage(), e);
        }
        List<NodeSpec> nodes = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            NodeAllocator.addNodes(nodes, held, dir, "fe-", 1, s.followers, Role.FE_FOLLOWER);
            NodeAllocator.addNodes(nodes, held, dir, "obs-", 1, s.observers, Role.FE_OBSERVER);
            NodeAllocator.addNodes(nodes, held, dir, "be-", 1, s.backends, Role.BE);
            NodeAllocator.addNodes(nodes, held, dir, "cn-", 1, s.computeNodes, Role.CN);
            if (s.hostNames) {
                nodes.replaceAll(node -> node.role().isBackend()
                                && Integer.parseInt(node.id()
                                                        .substring(node.id().indexOf('-') + 1))
                                                % 2
                                        == 0
                        ? new NodeSpec(node.id(), node.role(), "localhost", node.home(), node.ports())
                        : node);
            }
            if (s.decoupled) {
                NodeAllocator.addNodes(nodes, held, dir, "ms-", 1, 1, Role.META_SERVICE);
                NodeAllocator.addNodes(nodes, held, dir, "recycler-", 1, 1, Role.RECYCLER);
            }
        } finally {
            NodeAllocator.closeAll(held);
        }
        Map<String, Long> delays = new LinkedHashMap<>();
        s.startupDelays.forEach((role, delay) -> delays.put(role.key(), delay.toMillis()));
        SandboxSpec spec = new SandboxSpec(
                s.flavor,
                s.version,
                s.decoupled,
                nodes,
                delays,
                s.electionDelay.toMillis(),
                s.heartbeatInterval.toMillis(),
                replicas,
                s.tabletCount,
                s.decommissionRate,
                s.catchUpRate,
                s.data());
        long maxDelay =
                delays.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new Prepared(dir, spec, temp, s.readyTimeout.plusMillis(maxDelay));
    }

    /**
     * Step 2: lease, then empty homes or seeded nodes.
     *
     * @return true when the nodes are to be started (false for empty homes)
     * @throws UncheckedIOException when the layout cannot be written
     */
    public static boolean layOut(SandboxSettings s, Prepared prepared) {
        Path dir = prepared.dir();
        SandboxSpec spec = prepared.spec();
        try {
            if (!s.detached) {
                Lease.take(dir);
            }
            if (s.emptyHomes) {
                Seeder.seedEmpty(spec, dir);
                log.info(
                        "sandbox {}: {} empty {} homes laid out",
                        dir,
                        spec.nodes().size(),
                        s.flavor.key());
                return false;
            }
            Seeder.seed(
                    spec, dir, s.sqlPassword, ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE), !s.noImage);
            if (!s.sqlPassword.isEmpty()) {
                Files.writeString(dir.resolve(SandboxTopology.PASSWORD_FILE), s.sqlPassword);
            }
            log.info("sandbox {}: starting {} {} nodes", dir, spec.nodes().size(), s.flavor.key());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the sandbox in " + dir + ": " + e.getMessage(), e);
        }
    }
}
