package io.dorisops.internal.pkg;

import io.dorisops.DorisOpsException;
import io.dorisops.internal.Excerpt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One 512-byte tar header block at an offset of the uncompressed tar stream, decoded: its checksum,
 * octal (or GNU base-256) numbers, names (with the POSIX ustar prefix), and the pax records of a pax
 * header's data. Anything malformed is a {@link DorisOpsException} saying the package is corrupt at
 * that offset.
 */
final class TarHeader {

    /** The tar block size. */
    static final int BLOCK = 512;

    private final Path file;
    private final byte[] header;
    private final long offset;

    /** {@code header} is read, never copied: use this before the next block is read into it. */
    TarHeader(Path file, byte[] header, long offset) {
        this.file = file;
        this.header = header;
        this.offset = offset;
    }

    static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    char type() {
        return (char) header[156];
    }

    long size() {
        return number(124, 12, "size");
    }

    /** The permission bits, setuid, setgid and sticky included. */
    int mode() {
        return (int) (number(100, 8, "mode") & 07777);
    }

    /** The entry's name: the POSIX ustar prefix and the name field. */
    String name() {
        String name = field(0, 100);
        // POSIX ustar ("ustar\0") has a name prefix; GNU ("ustar  ") keeps other fields there.
        boolean posix = field(257, 6).equals("ustar") && header[262] == 0;
        String prefix = posix ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The link target field. */
    String linkName() {
        return field(157, 100);
    }

    void checkChecksum() {
        long stored = number(148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xFF;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw bad("its checksum is " + stored + " but the header sums to " + unsigned);
        }
    }

    /** The pax {@code size} record's value. */
    long paxSize(String value) {
        if (!value.matches("[0-9]{1,18}")) {
            throw bad("the pax size " + Excerpt.quote(value) + " is not a number");
        }
        return Long.parseLong(value);
    }

    /** Pax records: {@code LENGTH KEY=VALUE\n}. */
    Map<String, String> parsePax(String records) {
        Map<String, String> values = new HashMap<>();
        byte[] bytes = records.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (at < bytes.length && bytes[at] != 0) {
            int space = at;
            while (space < bytes.length && bytes[space] != ' ') {
                space++;
            }
            String lengthText = new String(bytes, at, space - at, StandardCharsets.US_ASCII);
            if (!lengthText.matches("[0-9]{1,7}")) {
                throw bad("a pax record length " + Excerpt.quote(lengthText) + " is not a number");
            }
            int length = Integer.parseInt(lengthText);
            if (length <= space - at + 1 || at + length > bytes.length || bytes[at + length - 1] != '\n') {
                throw bad("a pax record of length " + length + " does not fit the header");
            }
            String record = new String(bytes, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw bad("a pax record " + Excerpt.quote(record) + " has no key=value");
            }
            values.put(record.substring(0, eq), record.substring(eq + 1));
            at += length;
        }
        return values;
    }

    /** The package is corrupt at this header. */
    DorisOpsException bad(String what) {
        return new DorisOpsException("package " + file + " is corrupt: bad tar header at offset " + offset
                + " of the tar stream (" + what + "); download it again");
    }

    /** An octal field (NUL- or space-terminated), or GNU base-256 when its first byte has the high bit. */
    private long number(int at, int length, String what) {
        if ((header[at] & 0x80) != 0) {
            long value = header[at] & 0x7F;
            for (int i = at + 1; i < at + length; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw bad("the " + what + " field is too large");
                }
                value = value << 8 | (header[i] & 0xFF);
            }
            return value;
        }
        long value = 0;
        int i = at;
        int end = at + length;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        boolean digits = false;
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7) {
                throw bad("the " + what + " field " + Excerpt.quote(field(at, length)) + " is not an octal number");
            }
            value = value * 8 + digit;
            digits = true;
        }
        for (; i < end; i++) {
            if (header[i] != 0 && header[i] != ' ') {
                throw bad("the " + what + " field " + Excerpt.quote(field(at, length)) + " is not an octal number");
            }
        }
        if (!digits && what.equals("checksum")) {
            throw bad("the checksum field is empty");
        }
        return value;
    }

    private String field(int at, int length) {
        int end = at;
        while (end < at + length && header[end] != 0) {
            end++;
        }
        return new String(header, at, end - at, StandardCharsets.UTF_8);
    }
}
