package io.dorisops.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The faults of one node, kept in {@code <sandbox>/faults/<node id>}, one {@code name[=value]} a
 * line. The node processes poll it, so faults set from another process (the CLI) take effect too.
 */
public final class FaultFile {
    /** The next start fails: the process writes an error line to its log and exits 1. Consumed by that start. */
    public static final String FAIL_NEXT_START = "fail-next-start";
    /** The process starts but never becomes ready. */
    public static final String HANG_START = "hang-start";
    /** The process dies (as with a crash) this many seconds after it started or after the fault was set. */
    public static final String CRASH_AFTER = "crash-after";
    /** The start takes this many more seconds. */
    public static final String SLOW_START = "slow-start";
    /** Every HTTP request is answered with status 500. */
    public static final String HTTP_500 = "http-500";
    /** The MySQL port refuses statements. */
    public static final String SQL_REFUSE = "sql-refuse";
    /** A backend does not answer heartbeats. */
    public static final String DROP_HEARTBEATS = "drop-heartbeats";
    /** The master's clone tasks fail: a decommissioned backend keeps its replicas (set on FEs). */
    public static final String STALL_DRAIN = "stall-drain";
    /** The master's backup uploads make no progress: a backup job stays in UPLOADING (set on FEs). */
    public static final String STALL_UPLOAD = "stall-upload";
    /** An FE cannot read the existing metadata and fails at start. */
    public static final String INCOMPATIBLE_META = "incompatible-meta";

    private FaultFile() {}

    /** The fault file of a node. */
    public static Path of(Path sandboxDir, String nodeId) {
        return sandboxDir.resolve("faults").resolve(nodeId);
    }

    /** The faults in force, by name; the value is empty for faults without one. */
    public static Map<String, String> read(Path file) {
        Map<String, String> faults = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (!text.isEmpty()) {
                    int eq = text.indexOf('=');
                    faults.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
                }
            }
        } catch (NoSuchFileException e) {
            return faults;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fault file " + file + ": " + e.getMessage(), e);
        }
        return faults;
    }

    /** Sets a fault, replacing one of the same name. */
    public static synchronized void set(Path file, String name, String value) {
        Map<String, String> faults = read(file);
        faults.put(name, value);
        write(file, faults);
    }

    /** Removes a fault. */
    public static synchronized void remove(Path file, String name) {
        Map<String, String> faults = read(file);
        if (faults.remove(name) != null) {
            write(file, faults);
        }
    }

    /** Removes every fault. */
    public static void clear(Path file) {
        write(file, Map.of());
    }

    private static void write(Path file, Map<String, String> faults) {
        StringBuilder text = new StringBuilder();
        faults.forEach((name, value) ->
                text.append(name).append(value.isEmpty() ? "" : "=" + value).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(
                    file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write fault file " + file + ": " + e.getMessage(), e);
        }
    }
}
