package io.dorisops.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports of every sandbox on this machine, across JVMs: a port handed to a node stays that node's
 * until its sandbox is closed, also while the node is stopped. Without it, two test JVMs (two forks, or
 * two builds side by side) could pick the same free port: one sandbox's node restarting in a rolling
 * upgrade would find it taken by another's new node, a clash real clusters never have.
 *
 * <p>Each reserved port is a file {@code <registry>/<port>} holding the sandbox directory. A reservation
 * is stale, and taken over, once that directory is gone or its owner JVM is ({@link Lease#ownerGone}); a
 * CLI sandbox (no owner) keeps its ports while its directory exists. Check-and-create runs under an
 * exclusive lock on {@code <registry>/.lock}, so two JVMs never both take one port.
 */
public final class PortRegistry {
    private static final Logger log = LoggerFactory.getLogger(PortRegistry.class);
    private static final Object JVM_LOCK = new Object();
    private static final PortRegistry SHARED =
            new PortRegistry(Path.of(System.getProperty("java.io.tmpdir"), "dorisops-sandbox-ports"));

    private final Path registry;

    PortRegistry(Path registry) {
        this.registry = registry;
    }

    /** The registry of this machine's user ({@code java.io.tmpdir}). */
    public static PortRegistry shared() {
        return SHARED;
    }

    /**
     * Reserves {@code port} for the sandbox in {@code sandboxDir} when no live sandbox holds it and
     * {@code usable} accepts it (the caller's bind test), as one step under the registry's lock.
     *
     * @return true when the port is now this sandbox's
     */
    public boolean reserve(int port, Path sandboxDir, IntPredicate usable) {
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(registry);
                try (FileChannel channel = FileChannel.open(
                        registry.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    channel.lock(); // released when the channel closes
                    Path file = registry.resolve(Integer.toString(port));
                    if (heldByLiveSandbox(file) || !usable.test(port)) {
                        return false;
                    }
                    Files.deleteIfExists(file);
                    Files.writeString(file, sandboxDir.toString(), StandardOpenOption.CREATE_NEW);
                    return true;
                }
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot reserve sandbox port " + port + " in " + registry + ": " + e.getMessage(), e);
            }
        }
    }

    /** Releases every port the sandbox in {@code sandboxDir} holds (it is closed). */
    public void releaseAll(Path sandboxDir) {
        if (!Files.isDirectory(registry)) {
            return;
        }
        String owner = sandboxDir.toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(registry, "[0-9]*")) {
            for (Path file : files) {
                if (owner.equals(read(file))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            log.warn("cannot release the ports of sandbox {} in {}: {}", sandboxDir, registry, e.getMessage());
        }
    }

    private static boolean heldByLiveSandbox(Path file) {
        String owner = read(file);
        if (owner == null) {
            return false;
        }
        Path dir = Path.of(owner);
        return Files.isDirectory(dir) && !Lease.ownerGone(dir);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "";
        }
    }
}
