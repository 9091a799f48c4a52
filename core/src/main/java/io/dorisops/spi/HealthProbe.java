package io.dorisops.spi;

import io.dorisops.Health;
import io.dorisops.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Judges whether a node is serving. {@code HttpHealthProbe} asks the FE's {@code /api/bootstrap} and
 * the BE's {@code /api/health}; {@code JdbcHealthProbe} (module jdbc-probe) asks the master FE's
 * {@code SHOW FRONTENDS/BACKENDS}.
 *
 * <p>A probe never throws for an unhealthy node: it returns {@link Health.Status#DOWN} or {@link
 * Health.Status#UNKNOWN} with the evidence. Implementations are thread-safe.
 */
@FunctionalInterface
public interface HealthProbe {

    /** Probes one node. */
    Health probe(Node node);

    /**
     * Probes many nodes concurrently, at most {@code parallelism} at a time, and returns the results
     * by node id in the order given.
     */
    default Map<String, Health> probeAll(Collection<Node> nodes, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        List<Node> list = List.copyOf(nodes);
        Map<String, Health> results = new LinkedHashMap<>();
        if (list.isEmpty()) {
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, list.size()), runnable -> {
            Thread thread = new Thread(runnable, "dorisops-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Health>> futures = new ArrayList<>();
            for (Node node : list) {
                futures.add(CompletableFuture.supplyAsync(() -> probe(node), pool));
            }
            for (int i = 0; i < list.size(); i++) {
                results.put(list.get(i).id(), futures.get(i).join());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
