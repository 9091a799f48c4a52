package io.dorisops.testkit.internal.mysql;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The MySQL packet framing over one socket: a 3-byte little-endian length, a sequence id, the
 * payload. Writes split payloads of 16 MiB or more as the protocol requires; reads refuse them
 * (a {@link ProtocolException} closes the connection) because no statement the sandbox speaks
 * comes near that size.
 */
final class PacketChannel {
    static final int MAX_PAYLOAD = 0xFFFFFF;
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private int sequence;

    PacketChannel(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** A broken protocol: the connection closes after an ERR packet with this code and state. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;
        final String sqlState;

        ProtocolException(int code, String sqlState, String message) {
            super(message);
            this.code = code;
            this.sqlState = sqlState;
        }
    }

    /** The sequence id the next packet has. */
    int sequence() {
        return sequence;
    }

    /** Goes on counting from another channel's sequence (after the switch to TLS). */
    void continueFrom(PacketChannel other) {
        sequence = other.sequence;
    }

    /**
     * The bytes this channel's reader has taken off the connection but no packet read yet: after the client's
     * SSL request, the start of its TLS ClientHello, which the TLS socket must see first (a client that sends
     * both at once would otherwise wait for a ServerHello that never comes).
     */
    byte[] takeReadAhead() throws IOException {
        return in.readNBytes(in.available());
    }

    /** Starts a new command: the client's packet has sequence 0, the replies count on from it. */
    void resetSequence() {
        sequence = 0;
    }

    /**
     * Reads one packet.
     *
     * @return the payload, or {@code null} when the client closed the connection between packets
     * @throws EOFException when the client disconnected in the middle of a packet
     * @throws ProtocolException on a packet out of order or too large
     */
    byte[] read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] header = new byte[3];
        readFully(header);
        int length = first | (header[0] & 0xFF) << 8 | (header[1] & 0xFF) << 16;
        int seq = header[2] & 0xFF;
        if (seq != (sequence & 0xFF)) {
            throw new ProtocolException(1156, "08S01", "Got packets out of order");
        }
        if (length == MAX_PAYLOAD) {
            throw new ProtocolException(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");
        }
        sequence++;
        if (length <= CHUNK) {
            byte[] payload = new byte[length];
            readFully(payload);
            return payload;
        }
        // Grow with what arrives rather than trusting the header: a client announcing 16 MiB and
        // sending nothing must not make the server hold 16 MiB per connection.
        ByteArrayOutputStream payload = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        for (int left = length; left > 0; left -= chunk.length) {
            if (left < chunk.length) {
                chunk = new byte[left];
            }
            readFully(chunk);
            payload.write(chunk, 0, chunk.length);
        }
        return payload.toByteArray();
    }

    /** Writes one payload as one or more packets; call {@link #flush()} at the end of the reply. */
    void write(byte[] payload) throws IOException {
        int offset = 0;
        while (true) {
            int chunk = Math.min(MAX_PAYLOAD, payload.length - offset);
            out.write(chunk & 0xFF);
            out.write(chunk >>> 8 & 0xFF);
            out.write(chunk >>> 16 & 0xFF);
            out.write(sequence++ & 0xFF);
            out.write(payload, offset, chunk);
            offset += chunk;
            if (chunk < MAX_PAYLOAD) {
                return;
            }
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    private void readFully(byte[] buffer) throws IOException {
        int done = 0;
        while (done < buffer.length) {
            int n = in.read(buffer, done, buffer.length - done);
            if (n < 0) {
                throw new EOFException("client disconnected in the middle of a packet");
            }
            done += n;
        }
    }
}
