package io.dorisops.internal.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of a conf file as both nodes read them: one {@code key = value} a line, blanks around both
 * trimmed, lines starting with {@code #} and lines without {@code =} skipped, a later line winning
 * (Doris BE {@code Properties::load}; the FE's {@code java.util.Properties} reads these files alike).
 */
final class ConfText {
    private ConfText() {}

    static Map<String, String> parse(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            keys.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
        }
        return keys;
    }
}
