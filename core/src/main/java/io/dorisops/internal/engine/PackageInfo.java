package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.Version;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * What a release tarball holds, read from its tar headers without extracting it: the top directory
 * ({@code apache-doris-2.1.8-bin-x64}, {@code StarRocks-3.3.5}), the version it names, and which
 * components ({@code fe}, {@code be}, {@code ms}) have both {@code bin/} and {@code lib/}.
 *
 * @param file the tarball
 * @param topDir its single top directory
 * @param version the version in the top directory's name
 * @param components the component directories with {@code bin/} and {@code lib/}
 * @param sizeBytes the tarball's size
 */
public record PackageInfo(Path file, String topDir, Version version, Set<String> components, long sizeBytes) {

    /**
     * Reads a package and checks it belongs to the flavor.
     *
     * @throws DorisOpsException naming the file and what is wrong with it
     */
    static PackageInfo inspect(Path file, Flavor flavor) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DorisOpsException("package " + file + " is not a readable file; pass the release tarball, e.g. "
                    + flavor.packageDirName(Version.of(2, 1, 8)) + ".tar.gz");
        }
        Set<String> tops = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (String name : entryNames(in)) {
                String clean = name.startsWith("./") ? name.substring(2) : name;
                if (clean.isEmpty()) {
                    continue;
                }
                String[] parts = clean.split("/");
                tops.add(parts[0]);
                if (parts.length >= 3) {
                    paths.add(parts[1] + "/" + parts[2]);
                }
            }
        } catch (IOException e) {
            throw new DorisOpsException(
                    "package " + file + " is not a gzip-compressed tar file (" + e.getMessage()
                            + "); pass the release tarball as downloaded",
                    e);
        }
        if (tops.size() != 1) {
            throw new DorisOpsException("package " + file + " should hold one top directory like "
                    + flavor.packageDirName(Version.of(2, 1, 8)) + ", found " + tops);
        }
        String top = tops.iterator().next();
        Version version;
        try {
            version = Version.parse(top);
        } catch (IllegalArgumentException e) {
            throw new DorisOpsException("package " + file + ": the top directory " + top
                    + " names no version; expected " + flavor.packageDirName(Version.of(2, 1, 8)));
        }
        if (!top.equals(flavor.packageDirName(version))) {
            throw new DorisOpsException("package " + file + " is not a " + flavor.key()
                    + " release: its top directory is " + top + ", expected " + flavor.packageDirName(version));
        }
        Set<String> components = new LinkedHashSet<>();
        for (String path : paths) {
            String component = path.substring(0, path.indexOf('/'));
            if (paths.contains(component + "/bin") && paths.contains(component + "/lib")) {
                components.add(component);
            }
        }
        try {
            return new PackageInfo(file, top, version, components, Files.size(file));
        } catch (IOException e) {
            throw new DorisOpsException("cannot read the size of package " + file + ": " + e.getMessage(), e);
        }
    }

    /** The problem with deploying this package to a role, if any. */
    Optional<String> missingFor(Flavor flavor, Role role) {
        String component = flavor.packageComponentDir(role);
        return components.contains(component)
                ? Optional.empty()
                : Optional.of("package " + file.getFileName() + " has no " + topDir + "/" + component
                        + "/bin and /lib for the " + role.key() + " nodes");
    }

    /** The names of a tar stream's entries (ustar and GNU long names). */
    private static List<String> entryNames(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        byte[] header = new byte[512];
        String longName = null;
        while (in.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) {
                break; // end-of-archive block
            }
            long size = Long.parseLong(
                    field(header, 124, 12).trim().isEmpty()
                            ? "0"
                            : field(header, 124, 12).trim(),
                    8);
            char type = (char) header[156];
            long padded = (size + 511) / 512 * 512;
            if (type == 'L') {
                byte[] data = in.readNBytes((int) padded);
                longName = new String(data, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            String name = longName != null ? longName : prefixed(header);
            longName = null;
            if (type != 'x' && type != 'g') {
                names.add(name);
            }
            in.skipNBytes(padded);
        }
        return names;
    }

    private static String prefixed(byte[] header) {
        String name = field(header, 0, 100);
        String magic = field(header, 257, 6);
        String prefix = magic.startsWith("ustar") ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
