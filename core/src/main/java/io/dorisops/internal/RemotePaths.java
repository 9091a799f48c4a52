package io.dorisops.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a directory on a node (its home, the install directory) is safe to reach a shell:
 * absolute, not {@code /}, without {@code ..}, at most {@value #MAX_PATH} characters and
 * {@value #MAX_SEGMENT} per part, made only of the characters no POSIX shell treats specially
 * ({@code A-Z a-z 0-9 . _ - + @ % = : ,}), and no part starting with {@code -} (commands would read
 * it as an option). So no space, quote, {@code $}, backtick, {@code ; | & < > \}, glob character
 * ({@code * ? [ ] { }}), {@code ~}, {@code #}, {@code !}, control character or non-ASCII letter: such
 * a directory is refused rather than quoted, so no quoting slip on any node can make it a command.
 */
public final class RemotePaths {

    /** The longest path (Linux PATH_MAX less the terminator). */
    public static final int MAX_PATH = 4095;
    /** The longest part of a path (Linux NAME_MAX). */
    public static final int MAX_SEGMENT = 255;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+@%=:,][A-Za-z0-9._+@%=:,-]*");
    private static final Pattern SAFE_CHAR = Pattern.compile("[A-Za-z0-9._+@%=:,-]");

    private RemotePaths() {}

    /** What is wrong with the path, as a sentence ending with what to do; empty when it is safe. */
    public static Optional<String> problem(String path) {
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of(Excerpt.quote(path) + " contains control characters; remove them");
        }
        if (!path.startsWith("/")) {
            return Optional.of(Excerpt.quote(path) + " is not an absolute path; start it with /");
        }
        if (path.length() > MAX_PATH) {
            return Optional.of("the path is " + path.length() + " characters, longer than " + MAX_PATH
                    + "; use a shorter directory");
        }
        List<String> segments = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        if (segments.isEmpty()) {
            return Optional.of("\"/\" is the root directory; give the node's own directory such as /opt/doris/be");
        }
        for (String part : segments) {
            if (part.equals("..")) {
                return Optional.of(Excerpt.quote(path) + " contains \"..\"; write the directory without it");
            }
            if (part.length() > MAX_SEGMENT) {
                return Optional.of("a part of the path is " + part.length() + " characters, longer than " + MAX_SEGMENT
                        + "; use shorter directory names");
            }
            if (part.startsWith("-")) {
                return Optional.of(Excerpt.quote(path) + " has a part starting with '-' (" + Excerpt.quote(part)
                        + "), which commands read as an option; rename the directory");
            }
            if (!SEGMENT.matcher(part).matches()) {
                int bad = part.codePoints()
                        .filter(c -> !SAFE_CHAR.matcher(Character.toString(c)).matches())
                        .findFirst()
                        .orElse('?');
                return Optional.of(Excerpt.quote(path) + " contains " + describe(bad)
                        + "; a node's directory reaches its shell, so it may hold only letters, digits and"
                        + " . _ - + @ % = : , (no spaces, quotes, $, `, ;, |, &, <, >, \\, ~, glob characters"
                        + " or non-ASCII); rename the directory or use a symbolic link without them");
            }
        }
        return Optional.empty();
    }

    private static String describe(int c) {
        if (c == ' ') {
            return "a space";
        }
        if (c > 0x7e || c < 0x20) {
            return String.format("the character U+%04X", c);
        }
        return "'" + Character.toString(c) + "'";
    }
}
