package io.dorisops.testkit.internal.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Reads and builds packet payloads with the protocol's integer and string encodings. */
final class Payload {
    private Payload() {}

    /** A payload being built. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Writer int1(int value) {
            bytes.write(value);
            return this;
        }

        Writer int2(int value) {
            return int1(value).int1(value >>> 8);
        }

        Writer int3(int value) {
            return int2(value).int1(value >>> 16);
        }

        Writer int4(long value) {
            return int2((int) value).int2((int) (value >>> 16));
        }

        Writer lenenc(long value) {
            if (value < 251) {
                return int1((int) value);
            }
            if (value < 1 << 16) {
                return int1(0xFC).int2((int) value);
            }
            if (value < 1 << 24) {
                return int1(0xFD).int3((int) value);
            }
            return int1(0xFE).int4(value).int4(value >>> 32);
        }

        Writer lenencString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            lenenc(utf8.length);
            return bytes(utf8);
        }

        Writer nulString(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8)).int1(0);
        }

        Writer string(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes(byte[] value) {
            bytes.write(value, 0, value.length);
            return this;
        }

        Writer zeros(int count) {
            return bytes(new byte[count]);
        }

        byte[] build() {
            return bytes.toByteArray();
        }
    }

    /** A received payload; any read past its end is a {@link Malformed}. */
    static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return pos < data.length;
        }

        int int1() throws Malformed {
            if (pos >= data.length) {
                throw new Malformed("packet ends early");
            }
            return data[pos++] & 0xFF;
        }

        int int2() throws Malformed {
            return int1() | int1() << 8;
        }

        long int4() throws Malformed {
            return (int2() | (long) int2() << 16) & 0xFFFFFFFFL;
        }

        long lenenc() throws Malformed {
            int first = int1();
            return switch (first) {
                case 0xFC -> int2();
                case 0xFD -> int2() | (long) int1() << 16;
                case 0xFE -> int4() | int4() << 32;
                case 0xFB, 0xFF -> throw new Malformed("unexpected length marker " + first);
                default -> first;
            };
        }

        byte[] bytes(long count) throws Malformed {
            if (count < 0 || count > data.length - pos) {
                throw new Malformed("field of " + count + " bytes runs past the end of the packet");
            }
            byte[] out = new byte[(int) count];
            System.arraycopy(data, pos, out, 0, out.length);
            pos += out.length;
            return out;
        }

        void skip(int count) throws Malformed {
            bytes(count);
        }

        String nulString() throws Malformed {
            int end = pos;
            while (end < data.length && data[end] != 0) {
                end++;
            }
            if (end == data.length) {
                throw new Malformed("string without its terminating NUL");
            }
            String value = new String(data, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            return value;
        }

        String rest() {
            String value = new String(data, pos, data.length - pos, StandardCharsets.UTF_8);
            pos = data.length;
            return value;
        }
    }

    /** A payload that does not match the packet's layout. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }
}
