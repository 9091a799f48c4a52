package io.dorisops.internal.pkg;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.Excerpt;
import io.dorisops.spi.PackageFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a release tarball holds, read from its tar headers in one streaming pass without extracting
 * it: the top directory ({@code apache-doris-2.1.8-bin-x64}, {@code StarRocks-3.3.5}), the version it
 * names, which components ({@code fe}, {@code be}, {@code ms}) have both {@code bin/} and {@code
 * lib/}, and the SHA-512 of the file.
 *
 * <p>A package is refused, with a message naming the entry, when an entry would land outside the
 * top directory (an absolute name, a {@code ..} part, a symbolic or hard link whose target leaves the
 * package, an entry written through an earlier symbolic link), when it holds a device file or a FIFO,
 * when a component's {@code bin} or {@code lib} is not a directory (a symbolic link or a regular
 * file), and when its SHA-512 differs from the expected one: given by the caller, or read from
 * {@code <package>.sha512} beside the tarball in the form the Apache and StarRocks release sites
 * publish ({@code HEX  filename}, {@code HEX *filename}, {@code SHA512 (filename) = HEX} or just
 * {@code HEX}). A corrupt tarball is described in words: not gzip, truncated, or a bad header at a
 * byte offset of the uncompressed tar stream.
 *
 * <p>Memory is bounded whatever the package's size: headers are read one at a time, only the
 * symbolic links' names and the component directories are kept, long names and pax headers are
 * capped. The reading is {@link TarScan} (over {@link TarHeader}); the checksums are {@link
 * PackageChecksums}.
 *
 * @param file the tarball
 * @param topDir its single top directory
 * @param version the version in the top directory's name
 * @param components the component directories with {@code bin/} and {@code lib/}
 * @param sizeBytes the tarball's size
 * @param sha512 the tarball's SHA-512, lower-case hex
 * @param checkedAgainst what that digest was verified against (the expected SHA-512 given, {@code
 *     <package>.sha512}), empty when nothing was given or found: the run says so
 */
public record PackageInfo(
        Path file,
        String topDir,
        Version version,
        Set<String> components,
        long sizeBytes,
        String sha512,
        Optional<String> checkedAgainst) {

    /** The package as the node control's capabilities take it. */
    public PackageFile verified() {
        return new PackageFile(file, topDir, version, sha512);
    }

    /**
     * Reads a package and checks it belongs to the flavor, verifying {@code <package>.sha512} when
     * one is beside it.
     *
     * @throws DorisOpsException naming the file and what is wrong with it
     */
    public static PackageInfo inspect(Path file, Flavor flavor) {
        return inspect(file, flavor, Optional.empty());
    }

    /**
     * Reads a package and checks it belongs to the flavor and has the expected SHA-512 (128 hex
     * digits, e.g. from {@code --sha512}); a {@code <package>.sha512} beside it is verified as well.
     *
     * <ol>
     *   <li>The expected digest is 128 hex digits; the file is a readable regular file.
     *   <li>{@code <package>.sha512}, when present, is read ({@link PackageChecksums}).
     *   <li>One streaming pass digests the file and checks every tar header ({@link TarScan}).
     *   <li>The digest matches the expected one and the checksum file's.
     *   <li>There is one top directory, it names a version and is the flavor's name for it.
     *   <li>The components are the directories with both {@code bin/} and {@code lib/}.
     * </ol>
     *
     * @throws DorisOpsException naming the file and what is wrong with it; on a checksum mismatch both
     *     digests
     */
    public static PackageInfo inspect(Path file, Flavor flavor, Optional<String> expectedSha512) {
        String example = flavor.packageDirName(Version.of(2, 1, 8)) + ".tar.gz";
        Optional<String> expected =
                expectedSha512.map(hex -> PackageChecksums.normalizeHex(hex, "the expected SHA-512"));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DorisOpsException(
                    "package " + file + " is not a readable file; pass the release tarball, e.g. " + example);
        }
        Path checksumFile = PackageChecksums.checksumFile(file);
        Optional<String> published = Files.exists(checksumFile)
                ? Optional.of(PackageChecksums.readChecksumFile(checksumFile, file))
                : Optional.empty();
        MessageDigest digest = PackageChecksums.newSha512();
        TarScan scan = TarScan.scan(file, digest, example);
        String actual = HexFormat.of().formatHex(digest.digest());
        expected.ifPresent(hex -> PackageChecksums.checkDigest(file, hex, actual, "expected"));
        published.ifPresent(hex -> PackageChecksums.checkDigest(
                file, hex, actual, checksumFile.getFileName().toString()));

        String top = topDirectory(file, flavor, scan.tops);
        Version version = version(file, flavor, top);
        Set<String> components = new LinkedHashSet<>();
        for (String path : scan.binLib) {
            String component = path.substring(0, path.lastIndexOf('/'));
            if (scan.binLib.contains(component + "/bin") && scan.binLib.contains(component + "/lib")) {
                components.add(component);
            }
        }
        List<String> checked = new ArrayList<>();
        expected.ifPresent(hex -> checked.add("the expected SHA-512 given"));
        published.ifPresent(hex -> checked.add(checksumFile.getFileName().toString()));
        try {
            return new PackageInfo(
                    file,
                    top,
                    version,
                    Set.copyOf(components),
                    Files.size(file),
                    actual,
                    checked.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", checked)));
        } catch (IOException e) {
            throw new DorisOpsException("cannot read the size of package " + file + ": " + e.getMessage(), e);
        }
    }

    /** The problem with deploying this package to a role, if any. */
    public Optional<String> missingFor(Flavor flavor, Role role) {
        String component = flavor.packageComponentDir(role);
        return components.contains(component)
                ? Optional.empty()
                : Optional.of("package " + file.getFileName() + " has no " + topDir + "/" + component
                        + "/bin and /lib for the " + role.key() + " nodes");
    }

    private static String topDirectory(Path file, Flavor flavor, Set<String> tops) {
        if (tops.size() != 1) {
            throw new DorisOpsException("package " + file + " should hold one top directory like "
                    + flavor.packageDirName(Version.of(2, 1, 8)) + ", found "
                    + (tops.isEmpty() ? "no entries" : tops));
        }
        return tops.iterator().next();
    }

    /** The version the top directory names, which must be the flavor's directory name for it. */
    private static Version version(Path file, Flavor flavor, String top) {
        Version version;
        try {
            version = Version.parse(top);
        } catch (IllegalArgumentException e) {
            throw new DorisOpsException("package " + file + ": the top directory " + Excerpt.quote(top)
                    + " names no version; expected " + flavor.packageDirName(Version.of(2, 1, 8)));
        }
        if (!top.equals(flavor.packageDirName(version))) {
            throw new DorisOpsException("package " + file + " is not a " + flavor.key()
                    + " release: its top directory is " + Excerpt.quote(top) + ", expected "
                    + flavor.packageDirName(version));
        }
        return version;
    }
}
