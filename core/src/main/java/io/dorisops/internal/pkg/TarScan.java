package io.dorisops.internal.pkg;

import static io.dorisops.internal.pkg.TarHeader.BLOCK;

import io.dorisops.DorisOpsException;
import io.dorisops.internal.Excerpt;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One streaming pass over a gzip-compressed tarball's headers, without extracting it: digests the
 * whole file, collects the top directories and the component {@code bin}/{@code lib} directories,
 * and refuses, naming the entry, any entry that would land outside the top directory (an absolute
 * name, a {@code ..} part, a link leaving the package, an entry written through an earlier symbolic
 * link), a device file or FIFO, a setuid, setgid or world-writable file or directory, a component
 * {@code bin} or {@code lib} that is not a directory, a pax global header carrying more than {@link
 * #HARMLESS_GLOBAL} (GNU tar applies its {@code path}, {@code linkpath} and {@code size} to every
 * entry after it, other tars ignore them: either way entries would unpack that the scan did not see)
 * and a {@code GNU.sparse.*} record (GNU tar reads a name and sizes from them).
 * A file that is not gzip, is truncated or has a damaged stream is described in words with the
 * offset reached.
 *
 * <p>Memory is bounded whatever the package's size: headers are read one at a time, only the
 * symbolic links' names and the component directories are kept, long names and pax headers are
 * capped.
 */
final class TarScan {

    private static final int MAX_LONG_NAME = 64 * 1024;
    private static final int MAX_PAX = 1024 * 1024;
    private static final int MAX_SYMLINKS = 100_000;

    /** The pax global keys no tar reads as a name, link, size or mode (ownership is not restored). */
    static final List<String> HARMLESS_GLOBAL =
            List.of("comment", "mtime", "atime", "ctime", "charset", "uid", "gid", "uname", "gname");

    private final Path file;
    /** The top directories seen (a release has one). */
    final Set<String> tops = new LinkedHashSet<>();
    /** {@code component/bin} and {@code component/lib} seen as directories (or parents of entries). */
    final Set<String> binLib = new LinkedHashSet<>();
    /** Entries that are symbolic links, relative to the top directory. */
    private final Set<String> symlinks = new HashSet<>();

    private long offset;
    private String entry = "";

    private TarScan(Path file) {
        this.file = file;
    }

    /**
     * Reads the whole of {@code file} through {@code digest}: the gzip magic, every tar header, the
     * gzip trailer (its CRC is checked there) and any bytes after it.
     *
     * @param example a tarball name for the message when the file is not gzip
     * @throws DorisOpsException naming the file and what is wrong with it
     */
    static TarScan scan(Path file, MessageDigest digest, String example) {
        TarScan scan = new TarScan(file);
        try (InputStream raw = Files.newInputStream(file);
                DigestInputStream digesting = new DigestInputStream(raw, digest)) {
            BufferedInputStream buffered = new BufferedInputStream(digesting, 64 * 1024);
            checkGzipMagic(buffered, file, example);
            GZIPInputStream tar = new GZIPInputStream(buffered, 64 * 1024);
            scan.read(tar);
            // Read the gzip stream to its end (its CRC is checked there) and the file to its end.
            tar.transferTo(OutputStream.nullOutputStream());
            digesting.transferTo(OutputStream.nullOutputStream());
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
        return scan;
    }

    private String where() {
        return entry.isEmpty()
                ? "at offset " + offset + " of the tar stream"
                : "inside entry " + Excerpt.quote(entry) + " at offset " + offset + " of the tar stream";
    }

    private void read(InputStream in) throws IOException {
        byte[] block = new byte[BLOCK];
        String longName = null;
        String longLink = null;
        Map<String, String> pax = new HashMap<>();
        while (true) {
            long headerOffset = offset;
            int n = in.readNBytes(block, 0, BLOCK);
            if (n == 0) {
                // No end-of-archive blocks: GNU tar reads this too; the gzip trailer was intact.
                return;
            }
            if (n < BLOCK) {
                throw new EOFException();
            }
            offset += BLOCK;
            if (TarHeader.allZero(block)) {
                return; // end-of-archive block
            }
            TarHeader header = new TarHeader(file, block, headerOffset);
            header.checkChecksum();
            long size = header.size();
            char type = header.type();
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            switch (type) {
                case 'L', 'K' -> {
                    if (size > MAX_LONG_NAME) {
                        throw header.bad("a GNU long name of " + size + " bytes");
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
                        throw header.bad("a pax header of " + size + " bytes");
                    }
                    Map<String, String> records = header.parsePax(readString(in, size, padded));
                    if (type == 'g') {
                        checkGlobal(records, headerOffset);
                    } else {
                        pax = records;
                    }
                    continue;
                }
                default -> {
                    // an entry
                }
            }
            String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : header.name();
            String link =
                    pax.containsKey("linkpath") ? pax.get("linkpath") : longLink != null ? longLink : header.linkName();
            if (pax.containsKey("size")) {
                size = header.paxSize(pax.get("size"));
                padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            }
            checkPaxKeys(name, pax);
            longName = null;
            longLink = null;
            pax = new HashMap<>();
            entry = name;
            check(name, type, link);
            checkMode(name, type, header.mode());
            skip(in, padded);
            entry = "";
        }
    }

    /**
     * GNU tar applies a global header's records to every entry after it ({@code path}, {@code linkpath}
     * and {@code size} included: a global {@code size} turns the following entries' data into headers
     * the scan would skip), and other tars do not; a release package's global header, when it has one
     * ({@code git archive} writes the commit as {@code comment}), carries only {@link #HARMLESS_GLOBAL}.
     */
    private void checkGlobal(Map<String, String> records, long at) {
        for (String key : records.keySet()) {
            if (!HARMLESS_GLOBAL.contains(key)) {
                throw refuse("a pax global header at offset " + at + " of the tar stream sets "
                        + Excerpt.quote(key) + ", which GNU tar applies to every entry after it; a package's"
                        + " global header may carry only " + String.join(", ", HARMLESS_GLOBAL));
            }
        }
    }

    /** GNU tar reads {@code GNU.sparse.name} as the entry's name and the other sparse keys as its layout. */
    private void checkPaxKeys(String name, Map<String, String> pax) {
        for (String key : pax.keySet()) {
            if (key.startsWith("GNU.sparse.")) {
                throw refuse("entry " + Excerpt.quote(name) + " carries the pax record " + Excerpt.quote(key)
                        + ", which GNU tar reads as the entry's name or layout; a release package has no sparse"
                        + " files");
            }
        }
    }

    /** Modes are applied by a tar run as root unless told not to: no setuid, setgid or world-writable entry. */
    private void checkMode(String name, char type, int mode) {
        if (type != '0' && type != '\0' && type != '7' && type != '5') {
            return; // a link's mode is never applied
        }
        String octal = String.format("%04o", mode);
        if ((mode & 04000) != 0 || (mode & 02000) != 0) {
            throw refuse("entry " + Excerpt.quote(name) + " has mode " + octal + ", with the "
                    + ((mode & 04000) != 0 ? "setuid" : "setgid") + " bit; a release package sets neither");
        }
        if ((mode & 0002) != 0) {
            throw refuse("entry " + Excerpt.quote(name) + " has mode " + octal + " and is world-writable; anyone"
                    + " on the host could replace it");
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
                throw refuse(
                        "entry " + Excerpt.quote(name) + " contains \"..\" and would extract outside" + " the package");
            }
        }
        tops.add(parts[0]);
        if (tops.size() > 1) {
            return; // refused after the scan, naming the top directories
        }
        String relative = String.join("/", Arrays.copyOfRange(parts, 1, parts.length));
        // An entry below a symbolic link would be written wherever the link points.
        for (int i = 1; i < parts.length - 1; i++) {
            String ancestor = String.join("/", Arrays.copyOfRange(parts, 1, i + 1));
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
            String dir = String.join("/", Arrays.copyOfRange(parts, 1, j + 1));
            boolean self = j == parts.length - 1;
            if (self && type == '2') {
                throw refuse("entry " + Excerpt.quote(name) + " is a symbolic link to " + Excerpt.quote(link)
                        + "; a component's " + parts[j] + " must be a directory inside the package");
            }
            if (self && type != '5') {
                throw refuse("entry " + Excerpt.quote(name) + " is a " + (type == '1' ? "hard link" : "regular file")
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

    private DorisOpsException refuse(String what) {
        return new DorisOpsException(
                "package " + file + " is refused: " + what + "; use the release tarball as published");
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
}
