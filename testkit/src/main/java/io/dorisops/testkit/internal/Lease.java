package io.dorisops.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The owner lease of a sandbox: {@code <sandbox>/owner} holds the pid and start time of the JVM that
 * started it. Every node checks it every 200 ms and exits once that JVM is gone, so no node outlives
 * its test JVM, even one killed with SIGKILL. A sandbox without the file (started by the CLI) is
 * detached and lives until it is stopped.
 */
public final class Lease {
    /** The file name under the sandbox directory. */
    public static final String FILE = "owner";

    private Lease() {}

    /** Makes the current JVM the owner. */
    public static void take(Path sandboxDir) {
        long pid = ProcessHandle.current().pid();
        try {
            Files.writeString(
                    sandboxDir.resolve(FILE), pid + " " + Procs.startTime(pid).orElse(0) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the owner lease in " + sandboxDir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the lease (the sandbox is detached or stopped). */
    public static void release(Path sandboxDir) {
        try {
            Files.deleteIfExists(sandboxDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the owner lease in " + sandboxDir + ": " + e.getMessage(), e);
        }
    }

    /** The owner's pid, empty for a detached sandbox. */
    public static OptionalLong owner(Path sandboxDir) {
        try {
            return OptionalLong.of(Long.parseLong(
                    Files.readString(sandboxDir.resolve(FILE)).strip().split(" ")[0]));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** True when the sandbox has an owner and that owner is gone (or the sandbox directory is). */
    public static boolean ownerGone(Path sandboxDir) {
        if (!Files.isDirectory(sandboxDir)) {
            return true;
        }
        String text;
        try {
            text = Files.readString(sandboxDir.resolve(FILE)).strip();
        } catch (IOException e) {
            return false;
        }
        String[] parts = text.split(" ");
        if (parts.length != 2) {
            return false;
        }
        long pid = Long.parseLong(parts[0]);
        OptionalLong start = Procs.startTime(pid);
        return !Procs.alive(pid) || start.isEmpty() || start.getAsLong() != Long.parseLong(parts[1]);
    }
}
