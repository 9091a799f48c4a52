package io.dorisops.testkit;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A release package of a few hundred bytes for a {@link FakeCluster}: the real top directory and components
 * ({@code fe/}, {@code be/}, {@code ms/} for Doris), each with a {@code bin/} start script and a {@code lib/}
 * jar, written as a POSIX ustar archive in gzip in memory (no {@code tar} process, unlike {@link
 * Sandbox#buildPackage}, whose binaries run).
 */
final class ReleaseTarball {

    private static final int BLOCK = 512;

    private ReleaseTarball() {}

    static Path write(Flavor flavor, Version version, Path dir) {
        String top = flavor.packageDirName(version);
        List<String> components = flavor == Flavor.DORIS ? List.of("fe", "be", "ms") : List.of("fe", "be");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        List<String> dirs = new ArrayList<>(List.of(top + "/"));
        for (String component : components) {
            dirs.add(top + "/" + component + "/");
            dirs.add(top + "/" + component + "/bin/");
            dirs.add(top + "/" + component + "/lib/");
        }
        dirs.forEach(name -> entry(tar, name, '5', new byte[0]));
        for (String component : components) {
            entry(tar, top + "/" + component + "/bin/start_" + component + ".sh", '0', bytes("#!/bin/sh\n"));
            entry(tar, top + "/" + component + "/lib/" + component + "-" + version.number() + ".jar", '0', bytes("x"));
        }
        tar.writeBytes(new byte[BLOCK * 2]); // the end-of-archive marker
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(top + ".tar.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                tar.writeTo(out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the release package " + top + ".tar.gz into " + dir, e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void entry(ByteArrayOutputStream tar, String name, char type, byte[] content) {
        byte[] header = new byte[BLOCK];
        put(header, 0, name);
        put(header, 100, type == '5' ? "0000755" : "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        tar.writeBytes(header);
        tar.writeBytes(content);
        int pad = (BLOCK - content.length % BLOCK) % BLOCK;
        tar.writeBytes(new byte[pad]);
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
