package io.dorisops.spi;

import io.dorisops.TransportException;
import java.nio.file.Path;

/**
 * Runs commands on one host and moves files to it. {@code LocalTransport} runs them on this machine;
 * {@code SshTransport} (module ssh-transport) over SSH. Paths are POSIX paths on the target host.
 *
 * <p>Implementations are thread-safe: engines call one transport from several threads.
 */
public interface Transport extends AutoCloseable {

    /** The host this transport reaches. */
    String host();

    /**
     * Runs a command and waits for it. A non-zero exit is a result, not an exception.
     *
     * @throws TransportException when the command could not be run or timed out (then the whole
     *     process tree has been killed and the message names the command and the host)
     */
    ExecResult exec(Command command);

    /**
     * Copies a local file or directory tree to {@code target}, writing under a temporary name and
     * renaming it into place, so {@code target} is either absent or complete.
     *
     * @param listener told the bytes moved so far
     */
    void upload(Path source, Path target, TransferListener listener);

    /** {@link #upload(Path, Path, TransferListener)} without progress. */
    default void upload(Path source, Path target) {
        upload(source, target, TransferListener.NONE);
    }

    /**
     * Copies a file from the host to {@code target} on this machine (a missing parent is created).
     * The default refuses: a transport that cannot fetch files says so, naming the host.
     *
     * @throws TransportException when the file cannot be fetched
     */
    default void download(Path source, Path target) {
        throw new TransportException(
                host(),
                host() + ": this transport (" + getClass().getSimpleName() + ") cannot fetch " + source
                        + " to this machine; run the step on that host");
    }

    /**
     * Reads a text file, at most {@code maxBytes} from its end (logs grow; the tail is what matters).
     *
     * @throws TransportException when the file cannot be read
     */
    String read(Path file, int maxBytes);

    /** True when the path exists on the host. */
    boolean exists(Path path);

    /** Releases connections; further calls fail. */
    @Override
    void close();

    /** Progress of one transfer. Must be fast and must not throw. */
    @FunctionalInterface
    interface TransferListener {
        TransferListener NONE = (path, done, total) -> {};

        /**
         * @param path the file being moved
         * @param bytesDone bytes of the whole transfer moved so far
         * @param bytesTotal bytes of the whole transfer
         */
        void progress(Path path, long bytesDone, long bytesTotal);
    }
}
