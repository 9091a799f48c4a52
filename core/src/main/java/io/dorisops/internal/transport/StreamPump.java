package io.dorisops.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Copies one stream into another in chunks of {@value #CHUNK} bytes, on a thread of its own, for the
 * streaming exec of a transport (a command's stdin fed from the caller, its stdout written to the
 * caller): never more than a chunk in memory, whatever the size of the stream. It tells a failure to
 * read apart from a failure to write, since only one side of each is the caller's, and stops at the
 * first.
 */
public final class StreamPump implements Runnable {

    /** The bytes held at once. */
    static final int CHUNK = 64 * 1024;

    private final InputStream from;
    private final OutputStream to;
    private final boolean closeTo;
    private long bytes;
    private IOException readFailure;
    private IOException writeFailure;
    private boolean finished;

    /** @param closeTo close {@code to} at the end (a command's stdin: its end of input) */
    public StreamPump(InputStream from, OutputStream to, boolean closeTo) {
        this.from = from;
        this.to = to;
        this.closeTo = closeTo;
    }

    /** Starts the pump on a daemon thread named {@code name}. */
    public StreamPump start(String name) {
        Thread thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        byte[] chunk = new byte[CHUNK];
        try {
            while (true) {
                int n;
                try {
                    n = from.read(chunk);
                } catch (IOException e) {
                    fail(e, true);
                    return;
                }
                if (n < 0) {
                    return;
                }
                try {
                    to.write(chunk, 0, n);
                    to.flush();
                } catch (IOException e) {
                    fail(e, false);
                    return;
                }
                count(n);
            }
        } finally {
            if (closeTo) {
                try {
                    to.close();
                } catch (IOException e) {
                    failOnClose(e);
                }
            }
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }
    }

    private synchronized void count(int n) {
        bytes += n;
    }

    private synchronized void fail(IOException e, boolean reading) {
        if (reading) {
            readFailure = e;
        } else {
            writeFailure = e;
        }
    }

    private synchronized void failOnClose(IOException e) {
        if (readFailure == null && writeFailure == null) {
            writeFailure = e;
        }
    }

    /** Waits up to {@code millis} for the end of the copy; true when it ended. */
    public synchronized boolean awaitEnd(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!finished) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** True once the copy ended, at the end of its input or at a failure. */
    public synchronized boolean finished() {
        return finished;
    }

    /** The bytes copied so far. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Why reading {@code from} failed, if it did. */
    public synchronized Optional<IOException> readFailure() {
        return Optional.ofNullable(readFailure);
    }

    /** Why writing {@code to} failed, if it did. */
    public synchronized Optional<IOException> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }
}
