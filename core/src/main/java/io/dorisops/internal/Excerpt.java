package io.dorisops.internal;

/**
 * Shows a value that came from outside (a topology field, a tar entry name, an SQL answer) in a
 * message: quoted, control and bidirectional-override characters escaped so a hostile value cannot
 * rewrite the terminal line it is printed on, and cut to its first {@value #SHOWN} characters plus
 * its length when it is long, so a 50 MB value makes a one-line message.
 */
public final class Excerpt {

    /** Characters shown of a long value. */
    public static final int SHOWN = 40;

    private Excerpt() {}

    /** {@code "value"}, or {@code "first 40 characters..." (8388608 characters)}. */
    public static String quote(String value) {
        if (value.length() <= SHOWN + 20) {
            return "\"" + escape(value) + "\"";
        }
        return "\"" + escape(value.substring(0, SHOWN)) + "...\" (" + value.length() + " characters)";
    }

    /** The value with control characters and bidi overrides written as {@code \n}, {@code \t} or {@code \\u} and four hex digits. */
    public static String escape(String value) {
        StringBuilder text = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = replacement(c);
            if (replacement == null) {
                if (text != null) {
                    text.append(c);
                }
                continue;
            }
            if (text == null) {
                text = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            text.append(replacement);
        }
        return text == null ? value : text.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '"':
                return "\\\"";
            default:
                break;
        }
        boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0);
        boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
        boolean invisible = c == 0xfeff || c == 0x2028 || c == 0x2029;
        return control || bidi || invisible ? String.format("\\u%04x", (int) c) : null;
    }
}
