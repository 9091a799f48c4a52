package io.dorisops.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether an extra conf key and value of a node ({@code config} in the topology) may be
 * written into {@code fe.conf}, {@code be.conf} or {@code cn.conf}.
 *
 * <ul>
 *   <li>Every key: no control character in the value (a line break would start a new conf line), and
 *       no value ending in {@code \}, which Java properties read as "continued on the next line" (so
 *       the next key would be swallowed) and the StarRocks scripts' {@code read} (without {@code -r})
 *       joins likewise.
 *   <li>An upper-case key ({@code [A-Z][A-Z0-9_]*}, such as {@code JAVA_OPTS}, {@code LOG_DIR},
 *       {@code JAVA_HOME}): the start and stop scripts of both flavors pass every such line through
 *       {@code eval "echo ${envline}"} and {@code eval 'export "${envline}"'} (Doris {@code
 *       bin/start_fe.sh}, {@code bin/start_be.sh}, {@code bin/stop_be.sh}; StarRocks {@code
 *       bin/common.sh} {@code export_env_from_conf}), so its value is shell code run as the daemon's
 *       user. It may hold plain text and {@code $NAME} or {@code ${NAME}} references (the shipped
 *       {@code JAVA_OPTS} use {@code $LOG_DIR}), but no command substitution, backquote, {@code ;},
 *       {@code |}, {@code &}, {@code <}, {@code >}, parenthesis, quote, backslash or {@code #}, nor any
 *       other {@code $} form ({@code $((…))}, {@code ${X:-…}}, {@code $1}).
 * </ul>
 */
public final class ConfValues {

    /** The keys the scripts evaluate: {@code grep -E "^[[:upper:]]([[:upper:]]|_|[[:digit:]])*="}. */
    private static final Pattern SHELL_KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** The references left alone: {@code $NAME} and {@code ${NAME}}. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*|\\{[A-Za-z_][A-Za-z0-9_]*})");

    private ConfValues() {}

    /** True when the start and stop scripts evaluate the key's line as shell. */
    public static boolean readByShell(String key) {
        return SHELL_KEY.matcher(key).matches();
    }

    /** What is wrong with the value of {@code key}, as a sentence ending with what to do; empty when it may be written. */
    public static Optional<String> problem(String key, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029)) {
            return Optional.of(Excerpt.quote(value) + " contains a line break or control character; remove it");
        }
        if (value.endsWith("\\")) {
            return Optional.of(Excerpt.quote(value) + " ends with '\\', which the conf file reads as continued on"
                    + " the next line (the next key would be lost); remove the trailing backslash");
        }
        if (!readByShell(key)) {
            return Optional.empty();
        }
        String rest = REFERENCE.matcher(value).replaceAll("");
        for (int i = 0; i < rest.length(); i++) {
            String found = shellSyntax(rest, i);
            if (found != null) {
                return Optional.of(Excerpt.quote(value) + " contains " + found + "; the start and stop scripts of"
                        + " Doris and StarRocks run every upper-case conf line through the shell (eval), so " + key
                        + " may hold only plain text and $NAME or ${NAME} references: remove the shell syntax");
            }
        }
        return Optional.empty();
    }

    private static String shellSyntax(String text, int i) {
        char c = text.charAt(i);
        return switch (c) {
            case '$' -> text.startsWith("$(", i)
                    ? "command substitution \"$(\""
                    : "'$' other than a $NAME or ${NAME} reference";
            case '`' -> "a backquote (command substitution)";
            case ';', '|', '&' -> "'" + c + "' (a command separator)";
            case '<', '>' -> "'" + c + "' (a redirection)";
            case '(', ')' -> "'" + c + "' (a subshell)";
            case '"', '\'' -> "a quote (" + c + ")";
            case '\\' -> "a backslash";
            case '#' -> "'#' (a comment)";
            default -> null;
        };
    }
}
