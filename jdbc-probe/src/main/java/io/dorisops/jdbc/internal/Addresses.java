package io.dorisops.jdbc.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates every host and port before it reaches a statement or a JDBC URL, and compares hosts the
 * way the FE prints them with the way the topology declares them.
 */
public final class Addresses {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private Addresses() {}

    /**
     * Returns {@code host} when it is an RFC 1123 host name, an IPv4 literal or an IPv6 literal (with
     * or without brackets, returned without them).
     *
     * @param field names the value in the error, e.g. {@code backend host}
     * @throws IllegalArgumentException naming the field and the value when it is anything else
     */
    public static String host(String host, String field) {
        if (host == null || host.isEmpty()) {
            throw invalid(field, host, "it is empty");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.contains(":")) {
            if (IPV6.matcher(bare).matches() && isLiteral(bare)) {
                return bare;
            }
            throw invalid(field, host, "it is not a valid IPv6 literal");
        }
        if (NUMERIC.matcher(bare).matches()) {
            if (isIpv4(bare)) {
                return bare;
            }
            throw invalid(field, host, "it is not a valid IPv4 literal");
        }
        if (bare.length() > 253 || bare.endsWith(".")) {
            throw invalid(field, host, "it is not an RFC 1123 host name");
        }
        for (String label : bare.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(field, host, "it is not an RFC 1123 host name");
            }
        }
        return bare;
    }

    /**
     * Returns {@code port} when it is within 1..65535.
     *
     * @throws IllegalArgumentException naming the field and the value otherwise
     */
    public static int port(int port, String field) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    field + " " + port + " is not a valid port; expected a number from 1 to 65535. Fix the " + field
                            + " and call again; nothing was sent.");
        }
        return port;
    }

    /** {@code host:port}, or {@code [v6]:port}, after validating both. */
    public static String hostPort(String host, int port, String what) {
        String valid = host(host, what + " host");
        port(port, what + " port");
        return (valid.contains(":") ? "[" + valid + "]" : valid) + ":" + port;
    }

    /**
     * True when both name one host: equal ignoring case, or both resolve to one address. The FE prints
     * what the node registered with (an IP or an FQDN); the topology may spell it differently.
     */
    public static boolean sameHost(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLiteral(String v6) {
        try {
            // A string with a colon is parsed as a literal, never looked up in DNS.
            return InetAddress.getByName(v6) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static IllegalArgumentException invalid(String field, String host, String why) {
        return new IllegalArgumentException(field + " " + quote(host) + " is not a valid host: " + why
                + "; expected an RFC 1123 host name (letters, digits, hyphens, dots) or an IP literal. Fix the "
                + field + " and call again; nothing was sent.");
    }

    /** Quotes a value for a message, with control characters made visible. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        // A value from an SQL answer may be huge: show its start and its length.
        boolean cut = value.length() > 60;
        String shown = cut ? value.substring(0, 40) : value;
        StringBuilder text = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            text.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
        }
        text.append(cut ? "...\"" : "\"");
        return cut
                ? text.append(" (")
                        .append(value.length())
                        .append(" characters)")
                        .toString()
                : text.toString();
    }
}
