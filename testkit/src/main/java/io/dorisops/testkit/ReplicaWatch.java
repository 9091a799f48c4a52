package io.dorisops.testkit;

import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.testkit.internal.node.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A record of the most replicas of any one tablet that were down at the same moment, while it runs:
 * every few milliseconds it sees which BE processes of a {@link Sandbox} are not running and counts,
 * per tablet of the catalog, the replicas on them. Tests of parallel restarts assert the rule with it
 * ({@code watch.maxDown() <= 1}).
 *
 * <pre>{@code
 * try (ReplicaWatch watch = sandbox.watchReplicas()) {
 *     cluster.run(plan, options);
 *     assertThat(watch.maxDown()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class ReplicaWatch implements AutoCloseable {

    private final Sandbox sandbox;
    private final Map<String, List<Integer>> tabletsOf = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile int maxDown;
    private volatile String worst = "none";
    private volatile long samples;

    ReplicaWatch(Sandbox sandbox) {
        this.sandbox = sandbox;
        Catalog catalog = catalog(sandbox);
        Map<Long, String> nodeOf = new HashMap<>();
        for (Catalog.Be be : catalog.backends) {
            sandbox.nodes().stream()
                    .filter(n -> n.role() == Role.BE
                            && n.host().equals(be.host)
                            && n.ports().heartbeatPort() == be.heartbeatPort)
                    .findFirst()
                    .ifPresent(n -> nodeOf.put(be.id, n.id()));
        }
        for (int t = 0; t < catalog.tablets.size(); t++) {
            for (long backend : catalog.tablets.get(t).replicas) {
                String node = nodeOf.get(backend);
                if (node != null) {
                    tabletsOf.computeIfAbsent(node, id -> new ArrayList<>()).add(t);
                }
            }
        }
        int tablets = catalog.tablets.size();
        thread = new Thread(() -> watch(tablets), "sandbox-replica-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static Catalog catalog(Sandbox sandbox) {
        for (Node fe : sandbox.nodes()) {
            if (!fe.role().isFrontend()) {
                continue;
            }
            Path file = Catalog.file(fe.home().resolve(sandbox.flavor().metaDirName()));
            if (Files.exists(file)) {
                try {
                    return Catalog.read(file);
                } catch (IOException e) {
                    // a copy being written: the next FE's
                }
            }
        }
        throw new IllegalStateException("no FE of the sandbox at " + sandbox.dir() + " has a catalog to watch");
    }

    private void watch(int tablets) {
        int[] down = new int[tablets];
        while (!stopped) {
            Set<String> stoppedNodes = new HashSet<>();
            for (String node : tabletsOf.keySet()) {
                if (sandbox.pid(node).isEmpty()) {
                    stoppedNodes.add(node);
                }
            }
            java.util.Arrays.fill(down, 0);
            for (String node : stoppedNodes) {
                for (int t : tabletsOf.get(node)) {
                    if (++down[t] > maxDown) {
                        maxDown = down[t];
                        worst = "tablet #" + t + " with " + down[t] + " replicas down at once (" + stoppedNodes + ")";
                    }
                }
            }
            samples++;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The most replicas of one tablet seen down at the same moment so far. */
    public int maxDown() {
        return maxDown;
    }

    /** Which tablet and BEs gave {@link #maxDown()}, for assertion messages. */
    public String worst() {
        return worst + " in " + samples + " samples";
    }

    /** Stops watching. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
