package io.dorisops.internal.journal;

import io.dorisops.PreconditionFailedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The one-run-per-cluster lock: an OS file lock on {@code <stateDir>/lock}, so it is released when
 * the holder dies, even by SIGKILL, and a later {@code resume} can take it. The file names the holder
 * for the refusal message.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or refuses.
     *
     * @throws PreconditionFailedException naming the holder when another run holds it
     */
    public static RunLock acquire(Path stateDir, String runId) {
        Path file = stateDir.resolve("lock");
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new PreconditionFailedException(
                        "another run holds the cluster lock " + file,
                        List.of("lock: held by " + (holder.isEmpty() ? "an unknown process" : holder)
                                + deadHolder(holder)
                                        .map(pid -> "; pid " + pid + " is no longer running, but a process"
                                                + " it started still holds the lock: stop that process (fuser " + file
                                                + ") and run resume")
                                        .orElse("; wait for it to finish, or stop it and run resume")));
            }
            String holder = "run " + runId + " (pid " + ProcessHandle.current().pid() + ")";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new PreconditionFailedException(
                    "cannot take the cluster lock " + file,
                    List.of("lock: " + e.getMessage() + "; check that the state directory is writable"));
        }
    }

    /** The holder's pid when that process is gone. */
    private static java.util.Optional<Long> deadHolder(String holder) {
        java.util.regex.Matcher pid =
                java.util.regex.Pattern.compile("\\(pid (\\d+)\\)").matcher(holder);
        if (!pid.find()) {
            return java.util.Optional.empty();
        }
        long number = Long.parseLong(pid.group(1));
        return ProcessHandle.of(number).map(ProcessHandle::isAlive).orElse(false)
                ? java.util.Optional.empty()
                : java.util.Optional.of(number);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another run in this JVM
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The OS releases the lock with the channel anyway; nothing is lost.
        }
    }
}
