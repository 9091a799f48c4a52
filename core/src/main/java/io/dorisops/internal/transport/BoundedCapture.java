package io.dorisops.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a process, keeping at most the first and the last {@code limit} bytes.
 * Runs on its own thread; after {@link #snapshot} it keeps draining (so a daemon that inherited the
 * pipe never blocks or dies of SIGPIPE) but the bytes are discarded.
 */
public final class BoundedCapture implements Runnable {

    private static final String CUT = "\n[... output truncated ...]\n";

    private final InputStream in;
    private final byte[] head;
    private final byte[] tail;
    private int headSize;
    private long tailWritten;
    private boolean truncated;
    private boolean finished;

    public BoundedCapture(InputStream in, int limit) {
        this.in = in;
        this.head = new byte[limit];
        this.tail = new byte[limit];
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // The stream was closed under us; what was read so far is the capture.
        } finally {
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(byte[] buffer, int n) {
        int offset = 0;
        if (headSize < head.length) {
            int take = Math.min(n, head.length - headSize);
            System.arraycopy(buffer, 0, head, headSize, take);
            headSize += take;
            offset = take;
        }
        for (int i = offset; i < n; i++) {
            tail[(int) (tailWritten % tail.length)] = buffer[i];
            tailWritten++;
        }
        truncated |= tailWritten > tail.length;
    }

    /** Waits up to {@code millis} for the end of the stream; true when it ended. */
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

    /** True when bytes between the head and the tail were dropped. */
    public synchronized boolean truncated() {
        return truncated;
    }

    /** The text captured so far: the head, a marker if bytes were dropped, the tail. */
    public synchronized String snapshot() {
        StringBuilder text = new StringBuilder(new String(head, 0, headSize, StandardCharsets.UTF_8));
        if (tailWritten == 0) {
            return text.toString();
        }
        int size = (int) Math.min(tailWritten, tail.length);
        byte[] ordered = new byte[size];
        int start = (int) ((tailWritten - size) % tail.length);
        for (int i = 0; i < size; i++) {
            ordered[i] = tail[(start + i) % tail.length];
        }
        if (truncated) {
            text.append(CUT);
        }
        return text.append(new String(ordered, StandardCharsets.UTF_8)).toString();
    }
}
