package io.dorisops.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A large Doris 2.1.8 release tarball for transfer tests and benchmarks: a BE's {@code bin/} and {@code
 * lib/} and a filler of random bytes beside them, gzip without compression (stored blocks), so the file
 * is as large as its content and is made in seconds.
 */
final class BigRelease {

    private BigRelease() {}

    /** Writes the tarball to {@code file}, its tree under {@code scratch}; returns {@code file}. */
    static Path write(Path file, Path scratch, long fillerBytes) throws IOException, InterruptedException {
        Path tree = Files.createDirectories(scratch.resolve("tree"));
        String top = "apache-doris-2.1.8-bin-x64";
        Files.createDirectories(tree.resolve(top + "/be/bin"));
        Files.createDirectories(tree.resolve(top + "/be/lib"));
        Files.writeString(tree.resolve(top + "/be/bin/start_be.sh"), "#!/bin/sh\n");
        Files.writeString(tree.resolve(top + "/be/lib/doris_be"), "be\n");
        Files.createDirectories(tree.resolve(top + "/extras"));
        byte[] block = new byte[1024 * 1024];
        new Random(7).nextBytes(block);
        try (OutputStream filler = Files.newOutputStream(tree.resolve(top + "/extras/filler.bin"))) {
            for (long written = 0; written < fillerBytes; written += block.length) {
                filler.write(block);
            }
        }
        Process tar = new ProcessBuilder("tar", "-cf", "-", "-C", tree.toString(), top).start();
        try (InputStream in = tar.getInputStream();
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
                    {
                        def.setLevel(Deflater.NO_COMPRESSION);
                    }
                }) {
            in.transferTo(out);
        }
        if (tar.waitFor() != 0) {
            throw new IOException("tar of " + tree + " failed");
        }
        Files.delete(tree.resolve(top + "/extras/filler.bin"));
        return file;
    }
}
