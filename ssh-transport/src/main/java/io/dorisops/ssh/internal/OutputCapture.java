package io.dorisops.ssh.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and the last {@code limit} bytes of a stream and counts what was dropped in
 * between, so a chatty process cannot exhaust memory while the start and the end of its output
 * (usually the interesting parts) survive.
 */
final class OutputCapture {
    static final int LIMIT = 64 * 1024;

    private final int limit;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail;
    private long tailWritten;

    OutputCapture(int limit) {
        this.limit = limit;
        this.tail = new byte[limit];
    }

    synchronized void write(byte[] data, int offset, int length) {
        int toHead = Math.min(length, limit - head.size());
        head.write(data, offset, toHead);
        for (int i = offset + toHead; i < offset + length; i++) {
            tail[(int) (tailWritten % limit)] = data[i];
            tailWritten++;
        }
    }

    synchronized boolean truncated() {
        return tailWritten > limit;
    }

    synchronized String text() {
        StringBuilder text = new StringBuilder(head.toString(StandardCharsets.UTF_8));
        if (tailWritten == 0) {
            return text.toString();
        }
        int kept = (int) Math.min(tailWritten, limit);
        byte[] last = new byte[kept];
        long from = tailWritten - kept;
        for (int i = 0; i < kept; i++) {
            last[i] = tail[(int) ((from + i) % limit)];
        }
        if (tailWritten > limit) {
            text.append("\n[... ").append(tailWritten - limit).append(" bytes dropped ...]\n");
        }
        return text.append(new String(last, StandardCharsets.UTF_8)).toString();
    }
}
