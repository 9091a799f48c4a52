package io.dorisops.internal.pkg;

import io.dorisops.DorisOpsException;
import io.dorisops.internal.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-512 of a release package: the {@code <package>.sha512} file beside it in the forms the
 * Apache and StarRocks release sites publish, a digest given by the caller, and the comparison of
 * either with the digest computed while {@link PackageInfo} reads the package.
 */
public final class PackageChecksums {

    /** The checksum file beside a package: {@code <package>.sha512}. */
    public static final String CHECKSUM_SUFFIX = ".sha512";

    private static final int MAX_CHECKSUM_FILE = 64 * 1024;
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{128}");
    private static final Pattern BSD_FORM = Pattern.compile("SHA512 ?\\((.*)\\) ?= ?([0-9A-Fa-f]{128})");

    private PackageChecksums() {}

    /** {@code <package>.sha512} beside the package. */
    static Path checksumFile(Path packageFile) {
        return packageFile.resolveSibling(packageFile.getFileName() + CHECKSUM_SUFFIX);
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

    /** A SHA-512 given as 128 hex digits, lower-cased; anything else is refused naming {@code what}. */
    static String normalizeHex(String hex, String what) {
        String trimmed = hex.strip();
        if (!HEX.matcher(trimmed).matches()) {
            throw new DorisOpsException(what + " " + Excerpt.quote(trimmed)
                    + " is not a SHA-512; give the 128 hex digits the release site publishes");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /**
     * Refuses a package whose digest differs, naming both digests and where the expected one came
     * from: {@code "expected"} (the caller) or the checksum file's name.
     */
    static void checkDigest(Path file, String expected, String actual, String source) {
        if (!expected.equals(actual)) {
            throw new DorisOpsException("package " + file + " does not match its checksum: SHA-512 " + actual
                    + ", " + ("expected".equals(source) ? "expected" : source + " says") + " " + expected
                    + "; download the package again from the release site, or check the checksum you were given");
        }
    }

    static MessageDigest newSha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-512", e);
        }
    }
}
