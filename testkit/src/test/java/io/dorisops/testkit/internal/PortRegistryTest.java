package io.dorisops.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortRegistryTest {
    @TempDir
    Path tmp;

    private PortRegistry registry() {
        return new PortRegistry(tmp.resolve("ports"));
    }

    private Path sandbox(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void aPortOfALiveSandboxIsNeverHandedToAnotherEvenWhileItsNodeIsStopped() throws Exception {
        PortRegistry registry = registry();
        Path a = sandbox("a");
        Path b = sandbox("b");
        assertThat(registry.reserve(21000, a, port -> true)).isTrue();

        // the node of a is stopped: the port binds, yet it stays a's
        assertThat(registry.reserve(21000, b, port -> true)).isFalse();
        assertThat(registry.reserve(21001, b, port -> true)).isTrue();
    }

    @Test
    void closingASandboxFreesItsPortsAndOnlyItsOwn() throws Exception {
        PortRegistry registry = registry();
        Path a = sandbox("a");
        Path b = sandbox("b");
        registry.reserve(21000, a, port -> true);
        registry.reserve(21001, b, port -> true);

        registry.releaseAll(a);

        assertThat(registry.reserve(21000, b, port -> true)).isTrue();
        assertThat(registry.reserve(21001, sandbox("c"), port -> true)).isFalse();
    }

    @Test
    void aSandboxWhoseDirectoryOrOwnerJvmIsGoneLosesItsPorts() throws Exception {
        PortRegistry registry = registry();
        Path deleted = sandbox("deleted");
        Path orphaned = sandbox("orphaned");
        registry.reserve(21000, deleted, port -> true);
        registry.reserve(21001, orphaned, port -> true);
        Files.delete(deleted);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Files.writeString(orphaned.resolve(Lease.FILE), gone.pid() + " 1\n");

        Path next = sandbox("next");
        assertThat(registry.reserve(21000, next, port -> true)).isTrue();
        assertThat(registry.reserve(21001, next, port -> true)).isTrue();
    }

    @Test
    void aPortTheCallerCannotBindIsNotReserved() throws Exception {
        PortRegistry registry = registry();
        Path a = sandbox("a");

        assertThat(registry.reserve(21000, a, port -> false)).isFalse();
        assertThat(registry.reserve(21000, sandbox("b"), port -> true)).isTrue();
    }

    @Test
    void sandboxesReservingAtOnceNeverShareAPort() throws Exception {
        PortRegistry registry = registry();
        Map<Integer, Path> owners = new ConcurrentHashMap<>();
        List<Integer> shared = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                Path dir = sandbox("s" + s);
                runs.add(pool.submit(() -> {
                    for (int port = 21000; port < 21040; port++) {
                        if (registry.reserve(port, dir, p -> true) && owners.putIfAbsent(port, dir) != null) {
                            synchronized (shared) {
                                shared.add(port);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared).isEmpty();
        assertThat(owners).hasSize(40);
    }
}
