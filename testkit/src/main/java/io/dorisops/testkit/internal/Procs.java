package io.dorisops.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads {@code /proc}. A zombie counts as gone: on machines whose init does not reap orphans, a
 * killed daemon stays a zombie forever, and {@code kill -0} would still succeed on it.
 */
public final class Procs {
    private static final Path PROC = Path.of("/proc");

    private Procs() {}

    /** True when the process exists and is not a zombie. */
    public static boolean alive(long pid) {
        String stat = stat(pid);
        return stat != null && !stat.isEmpty() && stateOf(stat) != 'Z';
    }

    /** The start time in clock ticks since boot (field 22 of {@code /proc/PID/stat}), empty when gone. */
    public static OptionalLong startTime(long pid) {
        String stat = stat(pid);
        if (stat == null) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return OptionalLong.of(Long.parseLong(fields[19]));
    }

    /** The process name ({@code /proc/PID/comm}), empty when gone. */
    public static String comm(long pid) {
        try {
            return Files.readString(PROC.resolve(pid + "/comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Resident memory in KiB ({@code VmRSS}), 0 when gone. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The live processes one of whose command-line arguments is {@code dir} or a path under it. */
    public static List<Long> withArgumentUnder(Path dir) {
        String arg = dir.toAbsolutePath().normalize().toString();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path proc : dirs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid != ProcessHandle.current().pid() && hasArgument(proc, arg) && alive(pid)) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return pids;
    }

    /** Sends SIGKILL when the process is alive. */
    public static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static boolean hasArgument(Path dir, String arg) {
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            for (String part : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                if (part.equals(arg) || part.startsWith(arg + "/")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static char stateOf(String stat) {
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    private static String stat(long pid) {
        try {
            return Files.readString(PROC.resolve(pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
    }
}
