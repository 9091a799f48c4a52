package io.dorisops.internal.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes tar.gz files entry by entry, hostile ones included (what tar(1) would refuse to make). */
public final class Tars {
    private final List<byte[]> blocks = new ArrayList<>();
    private int lastHeader = -1;

    static Tars of() {
        return new Tars();
    }

    /** A standard package: top/fe and top/be with bin/ and lib/ directories and a file each. */
    public static Tars release(String top) {
        Tars tar = new Tars().dir(top + "/");
        for (String component : List.of("fe", "be")) {
            tar.dir(top + "/" + component + "/")
                    .dir(top + "/" + component + "/bin/")
                    .file(top + "/" + component + "/bin/start_" + component + ".sh", "#!/bin/sh\n")
                    .dir(top + "/" + component + "/lib/")
                    .file(top + "/" + component + "/lib/x.jar", "x");
        }
        return tar;
    }

    Tars dir(String name) {
        return entry(name, '5', "", new byte[0]);
    }

    public Tars file(String name, String content) {
        return entry(name, '0', "", content.getBytes(StandardCharsets.UTF_8));
    }

    public Tars symlink(String name, String target) {
        return entry(name, '2', target, new byte[0]);
    }

    Tars hardlink(String name, String target) {
        return entry(name, '1', target, new byte[0]);
    }

    public Tars special(String name, char type) {
        return entry(name, type, "", new byte[0]);
    }

    /** A pax extended header ({@code x}) setting the next entry's path. */
    Tars paxPath(String path) {
        return pax('x', "path", path);
    }

    /** A pax header of {@code type} ({@code x} for the next entry, {@code g} global) with key, value pairs. */
    Tars pax(char type, String... keyValues) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            String record = " " + keyValues[i] + "=" + keyValues[i + 1] + "\n";
            int length = record.getBytes(StandardCharsets.UTF_8).length;
            length +=
                    Integer.toString(length + Integer.toString(length).length()).length();
            records.append(length).append(record);
        }
        return entry("PaxHeaders/" + type, type, "", records.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A regular file with the given mode (octal digits). */
    public Tars fileWithMode(String name, String mode) {
        lastHeader = blocks.size();
        blocks.add(header(name, '0', "", 0, null, mode));
        return this;
    }

    /** A directory with the given mode (octal digits). */
    Tars dirWithMode(String name, String mode) {
        lastHeader = blocks.size();
        blocks.add(header(name, '5', "", 0, null, mode));
        return this;
    }

    /** A GNU long name ({@code L}) for the next entry. */
    Tars gnuLongName(String name) {
        return entry("././@LongLink", 'L', "", (name + "\0").getBytes(StandardCharsets.UTF_8));
    }

    public Tars entry(String name, char type, String link, byte[] content) {
        lastHeader = blocks.size();
        blocks.add(header(name, type, link, content.length, null, "0000755"));
        addContent(content);
        return this;
    }

    /** An entry whose size field holds the given text (checksum still right). */
    Tars rawSize(String name, String sizeField) {
        lastHeader = blocks.size();
        blocks.add(header(name, '0', "", 0, sizeField, "0000755"));
        return this;
    }

    /** Flips a byte of the last header so its checksum no longer matches. */
    Tars corruptLastHeader() {
        byte[] last = blocks.get(lastHeader);
        last[10] ^= 0x55;
        return this;
    }

    byte[] tarBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        blocks.forEach(out::writeBytes);
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    public Path writeTo(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(tarBytes());
        }
        return file;
    }

    private void addContent(byte[] content) {
        for (int at = 0; at < content.length; at += 512) {
            byte[] block = new byte[512];
            System.arraycopy(content, at, block, 0, Math.min(512, content.length - at));
            blocks.add(block);
        }
    }

    private static byte[] header(String name, char type, String link, long size, String sizeField, String mode) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, String.format("%7s", mode).replace(' ', '0'));
        put(h, 108, 8, "0001750");
        put(h, 116, 8, "0001750");
        put(h, 124, 12, sizeField != null ? sizeField : String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", 1_700_000_000L));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, 8, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] header, int at, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, at, Math.min(length, bytes.length));
    }
}
