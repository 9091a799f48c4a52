package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.Excerpt;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
 * capped.
 *
 * @param file the tarball
 * @param topDir its single top directory
 * @param version the version in the top directory's name
 * @param components the component directories with {@code bin/} and {@code lib/}
 * @param sizeBytes the tarball's size
 * @param sha512 the tarball's SHA-512, lower-case hex
 */
public record PackageInfo(
        Path file, String topDir, Version version, Set<String> components, long sizeBytes, String sha512) {

    /** The checksum file beside a package: {@code <package>.sha512}. */
    static final String CHECKSUM_SUFFIX = ".sha512";

    private static final int BLOCK = 512;
    private static final int MAX_LONG_NAME = 64 * 1024;
    private static final int MAX_PAX = 1024 * 1024;
    private static final int MAX_SYMLINKS = 100_000;
    private static final int MAX_CHECKSUM_FILE = 64 * 1024;
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{128}");
    private static final Pattern BSD_FORM = Pattern.compile("SHA512 ?\\((.*)\\) ?= ?([0-9A-Fa-f]{128})");

    /**
     * Reads a package and checks it belongs to the flavor, verifying {@code <package>.sha512} when
     * one is beside it.
     *
     * @throws DorisOpsException naming the file and what is wrong with it
     */
    static PackageInfo inspect(Path file, Flavor flavor) {
        return inspect(file, flavor, Optional.empty());
    }

    /**
     * Reads a package and checks it belongs to the flavor and has the expected SHA-512 (128 hex
     * digits, e.g. from {@code --sha512}); a {@code <package>.sha512} beside it is verified as well.
     *
     * @throws DorisOpsException naming the file and what is wrong with it; on a checksum mismatch both
     *     digests
     */
    static PackageInfo inspect(Path file, Flavor flavor, Optional<String> expectedSha512) {
        String example = flavor.packageDirName(Version.of(2, 1, 8)) + ".tar.gz";
        Optional<String> expected = expectedSha512.map(hex -> normalizeHex(hex, "the expected SHA-512"));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DorisOpsException(
                    "package " + file + " is not a readable file; pass the release tarball, e.g. " + example);
        }
        Path checksumFile = file.resolveSibling(file.getFileName() + CHECKSUM_SUFFIX);
        Optional<String> published =
                Files.exists(checksumFile) ? Optional.of(readChecksumFile(checksumFile, file)) : Optional.empty();
        Scan scan = new Scan(file);
        MessageDigest digest = newSha512();
        try (InputStream raw = Files.newInputStream(file);
                DigestInputStream digesting = new DigestInputStream(raw, digest)) {
            BufferedInputStream buffered = new BufferedInputStream(digesting, 64 * 1024);
            checkGzipMagic(buffered, file, example);
            GZIPInputStream tar = new GZIPInputStream(buffered, 64 * 1024);
            scan.read(tar);
            // Read the gzip stream to its end (its CRC is checked there) and the file to its end.
            tar.transferTo(OutputStreams.NULL);
            digesting.transferTo(OutputStreams.NULL);
        } catch (EOFException e) {
            throw new DorisOpsException(
                    "package " + file + " is truncated: the archive ends " + scan.where() + "; download it again", e);
        } catch (ZipException e) {
            throw new DorisOpsException(
                    "package " + file + " is corrupt: the gzip data is damaged " + scan.where() + " (" + e.getMessage()
                            + "); download it again",
                    e);
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot read package " + file + ": " + e.getMessage() + "; check the file and its permissions", e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        expected.ifPresent(hex -> checkDigest(file, hex, actual, "expected"));
        published.ifPresent(
                hex -> checkDigest(file, hex, actual, checksumFile.getFileName().toString()));

        if (scan.tops.size() != 1) {
            throw new DorisOpsException("package " + file + " should hold one top directory like "
                    + flavor.packageDirName(Version.of(2, 1, 8)) + ", found "
                    + (scan.tops.isEmpty() ? "no entries" : scan.tops));
        }
        String top = scan.tops.iterator().next();
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
        Set<String> components = new LinkedHashSet<>();
        for (String path : scan.binLib) {
            String component = path.substring(0, path.lastIndexOf('/'));
            if (scan.binLib.contains(component + "/bin") && scan.binLib.contains(component + "/lib")) {
                components.add(component);
            }
        }
        try {
            return new PackageInfo(file, top, version, Set.copyOf(components), Files.size(file), actual);
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

    private static void checkDigest(Path file, String expected, String actual, String source) {
        if (!expected.equals(actual)) {
            throw new DorisOpsException("package " + file + " does not match its checksum: SHA-512 " + actual
                    + ", " + ("expected".equals(source) ? "expected" : source + " says") + " " + expected
                    + "; download the package again from the release site, or check the checksum you were given");
        }
    }

    /** {@code HEX}, {@code HEX  name}, {@code HEX *name} or {@code SHA512 (name) = HEX}; the name must be the package's. */
    static String readChecksumFile(Path checksumFile, Path packageFile) {
        String text;
        try (InputStream in = Files.newInputStream(checksumFile)) {
            text = new String(in.readNBytes(MAX_CHECKSUM_FILE), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot read the checksum file " + checksumFile + ": " + e.getMessage()
                            + "; make it readable or remove it",
                    e);
        }
        String line = text.lines().findFirst().orElse("").strip();
        String hex;
        String name = "";
        Matcher bsd = BSD_FORM.matcher(line);
        if (bsd.matches()) {
            name = bsd.group(1);
            hex = bsd.group(2);
        } else {
            String[] parts = line.split("\\s+", 2);
            hex = parts[0];
            if (parts.length == 2) {
                name = parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
            }
        }
        if (!HEX.matcher(hex).matches()) {
            throw new DorisOpsException("the checksum file " + checksumFile + " holds no SHA-512 (128 hex digits),"
                    + " it starts " + Excerpt.quote(line) + "; replace it with the .sha512 file of the release");
        }
        String expectedName = packageFile.getFileName().toString();
        String named = name.strip();
        if (!named.isEmpty() && !Path.of(named).getFileName().toString().equals(expectedName)) {
            throw new DorisOpsException("the checksum file " + checksumFile + " is for " + Excerpt.quote(named)
                    + ", not for " + expectedName + "; use the .sha512 file of this package");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    private static String normalizeHex(String hex, String what) {
        String trimmed = hex.strip();
        if (!HEX.matcher(trimmed).matches()) {
            throw new DorisOpsException(what + " " + Excerpt.quote(trimmed)
                    + " is not a SHA-512; give the 128 hex digits the release site publishes");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    private static void checkGzipMagic(BufferedInputStream in, Path file, String example) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length < 2 || (magic[0] & 0xFF) != 0x1f || (magic[1] & 0xFF) != 0x8b) {
            String seen = magic.length == 0 ? "it is empty" : "it starts with bytes " + hexBytes(magic) + kind(magic);
            throw new DorisOpsException("package " + file + " is not a gzip-compressed tar file: " + seen
                    + "; pass the release tarball as downloaded, e.g. " + example);
        }
    }

    private static String kind(byte[] magic) {
        if (magic.length >= 2 && magic[0] == 'P' && magic[1] == 'K') {
            return " (a zip file)";
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return " (a bzip2 file)";
        }
        if (magic.length >= 4 && (magic[0] & 0xFF) == 0x28 && (magic[1] & 0xFF) == 0xb5) {
            return " (a zstd file)";
        }
        if (magic.length >= 2 && (magic[0] & 0xFF) == 0xfd && magic[1] == '7') {
            return " (an xz file)";
        }
        return "";
    }

    private static String hexBytes(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(text.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
        }
        return text.toString();
    }

    private static MessageDigest newSha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-512", e);
        }
    }

    /** Discards what is written. */
    private static final class OutputStreams {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }

    /** One pass over the tar stream's headers. */
    private static final class Scan {
        final Path file;
        final Set<String> tops = new LinkedHashSet<>();
        /** {@code component/bin} and {@code component/lib} seen as directories (or parents of entries). */
        final Set<String> binLib = new LinkedHashSet<>();
        /** Entries that are symbolic links, relative to the top directory. */
        final Set<String> symlinks = new java.util.HashSet<>();

        long offset;
        String entry = "";

        Scan(Path file) {
            this.file = file;
        }

        String where() {
            return entry.isEmpty()
                    ? "at offset " + offset + " of the tar stream"
                    : "inside entry " + Excerpt.quote(entry) + " at offset " + offset + " of the tar stream";
        }

        void read(InputStream in) throws IOException {
            byte[] header = new byte[BLOCK];
            String longName = null;
            String longLink = null;
            Map<String, String> pax = new HashMap<>();
            while (true) {
                long headerOffset = offset;
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0) {
                    // No end-of-archive blocks: GNU tar reads this too; the gzip trailer was intact.
                    return;
                }
                if (n < BLOCK) {
                    throw new EOFException();
                }
                offset += BLOCK;
                if (allZero(header)) {
                    return; // end-of-archive block
                }
                checkChecksum(header, headerOffset);
                long size = number(header, 124, 12, "size", headerOffset);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                switch (type) {
                    case 'L', 'K' -> {
                        if (size > MAX_LONG_NAME) {
                            throw bad(headerOffset, "a GNU long name of " + size + " bytes");
                        }
                        String value = readString(in, size, padded);
                        if (type == 'L') {
                            longName = value;
                        } else {
                            longLink = value;
                        }
                        continue;
                    }
                    case 'x', 'g' -> {
                        if (size > MAX_PAX) {
                            throw bad(headerOffset, "a pax header of " + size + " bytes");
                        }
                        String records = readString(in, size, padded);
                        if (type == 'x') {
                            pax = parsePax(records, headerOffset);
                        }
                        continue;
                    }
                    default -> {
                        // an entry
                    }
                }
                String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : name(header);
                String link = pax.containsKey("linkpath")
                        ? pax.get("linkpath")
                        : longLink != null ? longLink : field(header, 157, 100);
                if (pax.containsKey("size")) {
                    size = paxSize(pax.get("size"), headerOffset);
                    padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                }
                longName = null;
                longLink = null;
                pax = new HashMap<>();
                entry = name;
                check(name, type, link);
                skip(in, padded);
                entry = "";
            }
        }

        private void check(String name, char type, String link) {
            if (name.isEmpty()) {
                throw refuse("an entry has an empty name");
            }
            if (name.indexOf('\0') >= 0 || name.chars().anyMatch(c -> c < 0x20)) {
                throw refuse("entry " + Excerpt.quote(name) + " has control characters in its name");
            }
            if (name.startsWith("/")) {
                throw refuse("entry " + Excerpt.quote(name) + " has an absolute name; a package extracts below"
                        + " its top directory only");
            }
            String clean = name.startsWith("./") ? name.substring(2) : name;
            if (clean.isEmpty() || clean.equals(".")) {
                return;
            }
            String[] parts = clean.split("/");
            for (String part : parts) {
                if (part.equals("..")) {
                    throw refuse("entry " + Excerpt.quote(name) + " contains \"..\" and would extract outside"
                            + " the package");
                }
            }
            tops.add(parts[0]);
            if (tops.size() > 1) {
                return; // refused after the scan, naming the top directories
            }
            String relative = String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length));
            // An entry below a symbolic link would be written wherever the link points.
            for (int i = 1; i < parts.length - 1; i++) {
                String ancestor = String.join("/", java.util.Arrays.copyOfRange(parts, 1, i + 1));
                if (symlinks.contains(ancestor)) {
                    throw refuse("entry " + Excerpt.quote(name) + " is written through the symbolic link "
                            + Excerpt.quote(parts[0] + "/" + ancestor));
                }
            }
            switch (type) {
                case '3', '4' -> throw refuse("entry " + Excerpt.quote(name) + " is a device file; a release"
                        + " package holds only files, directories and links");
                case '6' -> throw refuse("entry " + Excerpt.quote(name) + " is a FIFO; a release package holds"
                        + " only files, directories and links");
                case '2' -> checkLink(name, parts, link, true);
                case '1' -> checkLink(name, parts, link, false);
                case '0', '\0', '7', '5' -> {
                    // regular file, contiguous file, directory
                }
                default -> throw refuse("entry " + Excerpt.quote(name) + " has the unknown tar type "
                        + Excerpt.quote(Character.toString(type)) + "; download the package again");
            }
            // bin and lib of a component (fe/bin, extensions/apache_hdfs_broker/lib).
            int deepest = parts.length > 1 && parts[1].equals("extensions") ? 4 : 3;
            for (int j = 2; j < Math.min(parts.length, deepest); j++) {
                if (!parts[j].equals("bin") && !parts[j].equals("lib")) {
                    continue;
                }
                String dir = String.join("/", java.util.Arrays.copyOfRange(parts, 1, j + 1));
                boolean self = j == parts.length - 1;
                if (self && type == '2') {
                    throw refuse("entry " + Excerpt.quote(name) + " is a symbolic link to " + Excerpt.quote(link)
                            + "; a component's " + parts[j] + " must be a directory inside the package");
                }
                if (self && type != '5') {
                    throw refuse(
                            "entry " + Excerpt.quote(name) + " is a " + (type == '1' ? "hard link" : "regular file")
                                    + "; a component's " + parts[j] + " must be a directory");
                }
                binLib.add(dir);
            }
            if (type == '2') {
                if (symlinks.size() >= MAX_SYMLINKS) {
                    throw refuse("more than " + MAX_SYMLINKS + " symbolic links; this is not a release package");
                }
                symlinks.add(relative);
            }
        }

        private void checkLink(String name, String[] parts, String link, boolean symbolic) {
            if (link.isEmpty()) {
                throw refuse("entry " + Excerpt.quote(name) + " is a link with no target");
            }
            if (link.startsWith("/")) {
                throw refuse("entry " + Excerpt.quote(name) + " is a " + (symbolic ? "symbolic" : "hard")
                        + " link to the absolute path " + Excerpt.quote(link) + ", outside the package");
            }
            // A symbolic link resolves from its own directory, a hard link from the archive root.
            Deque<String> path = new ArrayDeque<>();
            if (symbolic) {
                for (int i = 0; i < parts.length - 1; i++) {
                    path.addLast(parts[i]);
                }
            }
            for (String part : link.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (path.size() <= 1) {
                        throw refuse("entry " + Excerpt.quote(name) + " is a " + (symbolic ? "symbolic" : "hard")
                                + " link to " + Excerpt.quote(link) + ", which leaves the package");
                    }
                    path.removeLast();
                } else {
                    path.addLast(part);
                }
            }
            String target = String.join("/", path);
            String top = parts[0];
            if (!target.equals(top) && !target.startsWith(top + "/")) {
                throw refuse("entry " + Excerpt.quote(name) + " is a " + (symbolic ? "symbolic" : "hard") + " link to "
                        + Excerpt.quote(link) + ", which leaves the package");
            }
        }

        private void checkChecksum(byte[] header, long headerOffset) {
            long stored = number(header, 148, 8, "checksum", headerOffset);
            long unsigned = 0;
            long signed = 0;
            for (int i = 0; i < BLOCK; i++) {
                int b = i >= 148 && i < 156 ? ' ' : header[i];
                unsigned += b & 0xFF;
                signed += b;
            }
            if (stored != unsigned && stored != signed) {
                throw bad(headerOffset, "its checksum is " + stored + " but the header sums to " + unsigned);
            }
        }

        /** An octal field (NUL- or space-terminated), or GNU base-256 when its first byte has the high bit. */
        private long number(byte[] header, int at, int length, String what, long headerOffset) {
            if ((header[at] & 0x80) != 0) {
                long value = header[at] & 0x7F;
                for (int i = at + 1; i < at + length; i++) {
                    if (value > (Long.MAX_VALUE >> 8)) {
                        throw bad(headerOffset, "the " + what + " field is too large");
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
                    throw bad(
                            headerOffset,
                            "the " + what + " field " + Excerpt.quote(field(header, at, length))
                                    + " is not an octal number");
                }
                value = value * 8 + digit;
                digits = true;
            }
            for (; i < end; i++) {
                if (header[i] != 0 && header[i] != ' ') {
                    throw bad(
                            headerOffset,
                            "the " + what + " field " + Excerpt.quote(field(header, at, length))
                                    + " is not an octal number");
                }
            }
            if (!digits && what.equals("checksum")) {
                throw bad(headerOffset, "the checksum field is empty");
            }
            return value;
        }

        private long paxSize(String value, long headerOffset) {
            if (!value.matches("[0-9]{1,18}")) {
                throw bad(headerOffset, "the pax size " + Excerpt.quote(value) + " is not a number");
            }
            return Long.parseLong(value);
        }

        /** Pax records: {@code LENGTH KEY=VALUE\n}. */
        private Map<String, String> parsePax(String records, long headerOffset) {
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
                    throw bad(headerOffset, "a pax record length " + Excerpt.quote(lengthText) + " is not a number");
                }
                int length = Integer.parseInt(lengthText);
                if (length <= space - at + 1 || at + length > bytes.length || bytes[at + length - 1] != '\n') {
                    throw bad(headerOffset, "a pax record of length " + length + " does not fit the header");
                }
                String record = new String(bytes, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq <= 0) {
                    throw bad(headerOffset, "a pax record " + Excerpt.quote(record) + " has no key=value");
                }
                values.put(record.substring(0, eq), record.substring(eq + 1));
                at += length;
            }
            return values;
        }

        private String readString(InputStream in, long size, long padded) throws IOException {
            byte[] data = in.readNBytes((int) padded);
            if (data.length < padded) {
                throw new EOFException();
            }
            offset += padded;
            int end = (int) size;
            while (end > 0 && data[end - 1] == 0) {
                end--;
            }
            return new String(data, 0, end, StandardCharsets.UTF_8);
        }

        private void skip(InputStream in, long bytes) throws IOException {
            long left = bytes;
            byte[] buffer = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException();
                }
                left -= n;
                offset += n;
            }
        }

        private DorisOpsException bad(long headerOffset, String what) {
            return new DorisOpsException("package " + file + " is corrupt: bad tar header at offset " + headerOffset
                    + " of the tar stream (" + what + "); download it again");
        }

        private DorisOpsException refuse(String what) {
            return new DorisOpsException(
                    "package " + file + " is refused: " + what + "; use the release tarball as published");
        }

        private static boolean allZero(byte[] block) {
            for (byte b : block) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String name(byte[] header) {
            String name = field(header, 0, 100);
            // POSIX ustar ("ustar\0") has a name prefix; GNU ("ustar  ") keeps other fields there.
            boolean posix = field(header, 257, 6).equals("ustar") && header[262] == 0;
            String prefix = posix ? field(header, 345, 155) : "";
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
