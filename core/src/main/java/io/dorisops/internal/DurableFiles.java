package io.dorisops.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files that survive a power loss once written: a file's bytes are forced to disk before it is renamed
 * into place, and the directory holding a new or renamed name is forced too, for on Linux a new name
 * lives in its directory, which {@code fsync} of the file alone does not write (fsync(2): "Calling
 * fsync() does not necessarily ensure that the entry in the directory containing the file has also
 * reached disk. For that an explicit fsync() on a file descriptor for the directory is also needed.").
 */
public final class DurableFiles {

    private DurableFiles() {}

    /**
     * Replaces {@code target} with {@code bytes}: written to a dot file beside it, forced, renamed over
     * it (atomically where the file system can), then the directory forced. A failure leaves {@code
     * target} as it was and removes the temporary file.
     */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Forces a file's bytes to disk (after a copy, say). */
    public static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Forces a directory's entries to disk, so a name created, renamed or removed in it survives a power
     * loss. Where the platform cannot open a directory for reading (Windows), there is nothing to force.
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(dir) && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }
}
