package io.dorisops.internal.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Kills a process together with every descendant: SIGTERM first, SIGKILL after a grace, no survivors. */
public final class ProcessTrees {

    private static final long POLL_MILLIS = 20;

    private ProcessTrees() {}

    /**
     * Kills {@code root} and its descendants, deepest first. Each gets SIGTERM; whatever is still alive
     * after {@code grace} gets SIGKILL. Processes forked while this runs are found and killed too.
     *
     * @return how many processes were signalled
     */
    public static int kill(ProcessHandle root, Duration grace) throws InterruptedException {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        collect(tree);
        signal(tree, false);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() - deadline < 0 && anyAlive(tree)) {
            Thread.sleep(POLL_MILLIS);
            // A process may have forked between the snapshot and its SIGTERM.
            if (collect(tree)) {
                signal(tree, false);
            }
        }
        for (int round = 0; round < 50 && anyAlive(tree); round++) {
            collect(tree);
            signal(tree, true);
            Thread.sleep(POLL_MILLIS);
        }
        return tree.size();
    }

    /** True while the process runs; a zombie (exited, not yet reaped) counts as gone. */
    public static boolean alive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat =
                    Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // No /proc (not Linux): trust isAlive.
            return true;
        }
    }

    private static boolean collect(Set<ProcessHandle> tree) {
        int before = tree.size();
        for (ProcessHandle process : List.copyOf(tree)) {
            process.descendants().forEach(tree::add);
        }
        return tree.size() > before;
    }

    private static void signal(Set<ProcessHandle> tree, boolean force) {
        List<ProcessHandle> deepestFirst = new ArrayList<>(tree);
        deepestFirst.sort(Comparator.comparingInt(ProcessTrees::depth).reversed());
        for (ProcessHandle process : deepestFirst) {
            if (alive(process)) {
                if (force) {
                    process.destroyForcibly();
                } else {
                    process.destroy();
                }
            }
        }
    }

    private static boolean anyAlive(Set<ProcessHandle> tree) {
        return tree.stream().anyMatch(ProcessTrees::alive);
    }

    private static int depth(ProcessHandle process) {
        int depth = 0;
        for (var parent = process.parent();
                parent.isPresent() && depth < 64;
                parent = parent.get().parent()) {
            depth++;
        }
        return depth;
    }
}
