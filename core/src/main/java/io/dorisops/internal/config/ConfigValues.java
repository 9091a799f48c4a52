package io.dorisops.internal.config;

import io.dorisops.ConfigDrift;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the drift report reads config values: whether a value fits a node's type for its key, when two
 * values are the same, and how a value may be shown (a secret's never).
 */
final class ConfigValues {
    /** The keys whose values are secrets: never printed. */
    static final Pattern SECRET_KEY = Pattern.compile("password|passwd|secret|token|credential|access_key");

    private ConfigValues() {}

    /**
     * True when a value parses as the node's type for the key, as the node parses it: an FE's Java
     * {@code boolean} (true or false, any case), {@code short}/{@code int}/{@code long}, {@code double}; a
     * BE's {@code bool} (exactly true or false), {@code int16_t}/{@code int32_t}/{@code int64_t}, {@code
     * double}. Other types (strings, lists) take any text.
     */
    static boolean fitsType(String type, String value) {
        String text = value.strip();
        try {
            switch (type) {
                case "boolean" -> {
                    return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
                }
                case "bool" -> {
                    return text.equals("true") || text.equals("false");
                }
                case "short", "int16_t" -> Short.parseShort(text);
                case "int", "int32_t" -> Integer.parseInt(text);
                case "long", "int64_t" -> Long.parseLong(text);
                case "double" -> Double.parseDouble(text);
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The value as the report may show it: hidden when the key looks secret and the value is not empty. */
    static String shown(String key, String value) {
        return !value.isEmpty()
                        && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find()
                ? ConfigDrift.HIDDEN
                : value;
    }

    /** True when two values are the same once {@link #normalized}. */
    static boolean same(String a, String b) {
        return normalized(a).equals(normalized(b));
    }

    /** Trimmed; a boolean in lower case; a list ({@code [a, b]} or {@code a,b}) without brackets and blanks. */
    static String normalized(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return text.toLowerCase(Locale.ROOT);
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.contains(",") ? text.replaceAll("\\s*,\\s*", ",") : text;
    }
}
