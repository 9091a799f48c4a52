package io.dorisops.cli;

import java.io.ByteArrayOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Makes control characters visible in everything the CLI prints, so text that came from a journal
 * file or from the cluster (a node's error message, an FE's answer, a run's target) cannot drive the
 * terminal: {@code ESC ]0;pwned BEL} (set the window title), cursor moves that overwrite earlier
 * lines, OSC 52 (write the clipboard). ESC prints as {@code \e}, the other C0 characters but newline and
 * tab as {@code \x07}, carriage return as {@code \r}, DEL and the C1 characters as {@code \u009b}, and
 * the bidirectional overrides and isolates (which reorder what is shown) as {@code \u202e}. The C1 and
 * bidi forms are valid JSON escapes, so a {@code --json} document stays valid JSON (Jackson already
 * escapes C0 characters itself).
 *
 * <p>{@link Main#commandLine} wraps stdout and stderr in {@link #writer}, so every print path of every
 * command passes here; only {@link ProgressView} writes its own colours to the raw stderr, with the
 * event text passed through {@link #text} first. {@link Main#main} also puts {@link #stream} in place of
 * {@code System.err}, where the SDK's log lines (which may quote the cluster) are written.
 */
final class Visible {

    private Visible() {}

    /** The text with every control character written visibly; unchanged when it has none. */
    static String text(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String shown = shown(c);
            if (shown == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(shown);
        }
        return out == null ? text : out.toString();
    }

    /** A writer that shows every control character written through it visibly, flushing on println. */
    static PrintWriter writer(Writer target) {
        return new PrintWriter(new Filter(target), true);
    }

    /**
     * A UTF-8 byte stream that shows every control character written through it visibly: bytes are
     * decoded a line (or a flush) at a time, a character split over two writes kept whole.
     */
    static PrintStream stream(OutputStream target) {
        return new PrintStream(
                new Bytes(new OutputStreamWriter(target, StandardCharsets.UTF_8)), true, StandardCharsets.UTF_8);
    }

    /** How a character is shown, or null when it is shown as itself. */
    private static String shown(char c) {
        if (c == '\n' || c == '\t') {
            return null;
        }
        if (c == 0x1b) {
            return "\\e";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c < 0x20) {
            return String.format("\\x%02x", (int) c);
        }
        boolean c1 = c >= 0x7f && c < 0xa0;
        boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
        return c1 || bidi ? String.format("\\u%04x", (int) c) : null;
    }

    /** Decodes UTF-8 bytes and writes them through {@link #text}. */
    private static final class Bytes extends OutputStream {
        private final Writer out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Bytes(Writer out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            pending.write(b);
            if (b == '\n') {
                drain();
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            pending.write(bytes, offset, length);
            drain();
        }

        @Override
        public synchronized void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            flush();
            out.close();
        }

        /** Writes every complete character pending; the start of a character cut at the end stays. */
        private void drain() throws IOException {
            byte[] bytes = pending.toByteArray();
            int end = bytes.length;
            for (int back = 1; back <= Math.min(3, bytes.length); back++) {
                int lead = bytes[bytes.length - back] & 0xff;
                if (lead >= 0xc0) {
                    int size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
                    end = size > back ? bytes.length - back : bytes.length;
                    break;
                }
                if (lead < 0x80) {
                    break;
                }
            }
            out.write(text(new String(bytes, 0, end, StandardCharsets.UTF_8)));
            pending.reset();
            pending.write(bytes, end, bytes.length - end);
        }
    }

    /** Passes every character through {@link #shown}. */
    private static final class Filter extends FilterWriter {

        Filter(Writer target) {
            super(target);
        }

        @Override
        public void write(int c) throws IOException {
            String shown = shown((char) c);
            if (shown == null) {
                out.write(c);
            } else {
                out.write(shown);
            }
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            out.write(text(new String(buffer, offset, length)));
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            out.write(text(text.substring(offset, offset + length)));
        }
    }
}
