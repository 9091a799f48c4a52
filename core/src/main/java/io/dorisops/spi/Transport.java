package io.dorisops.spi;

import io.dorisops.TransportException;
import java.io.InputStream;
import java.io.OutputStream;
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
     * Runs a command and waits for it, streaming: its standard input is read from {@code stdin} (to the
     * end, then the command's input is closed) and its standard output is written to {@code stdout} as
     * it comes, never held whole, so a stream of any size passes in bounded memory. This is how a
     * directory tree goes from one host to another without a copy on either's disk ({@code tar -cf -} on
     * one host into {@code tar -xf -} on the other, through this machine). Standard error is captured as
     * by {@link #exec(Command)}; the result's {@code stdout} is empty. The transport closes neither
     * stream. A command with nothing to read gets {@link InputStream#nullInputStream()}, one whose
     * output is not wanted {@link OutputStream#nullOutputStream()}.
     *
     * <p>The default refuses, naming the host and the transport, so a transport written before this
     * method compiles unchanged; the SDK's own transports implement it.
     *
     * @throws TransportException when the command could not be run or timed out (then the whole process
     *     tree has been killed), or when reading {@code stdin} or writing {@code stdout} failed (then the
     *     command was ended); the message names the command, the host and what failed
     */
    default ExecResult exec(Command command, InputStream stdin, OutputStream stdout) {
        throw new TransportException(
                host(),
                host() + ": this transport (" + getClass().getSimpleName() + ") cannot stream a command's input"
                        + " or output (`" + command + "`); use a transport that does (LocalTransport,"
                        + " SshTransport)");
    }

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
