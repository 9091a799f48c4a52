package io.dorisops.internal;

import java.util.regex.Pattern;

/**
 * Decides whether a host string is safe to put into a shell command or an SQL statement: an RFC 1123
 * host name, an IPv4 literal or an IPv6 literal, nothing else.
 */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4_PART = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private HostNames() {}

    /** True for a host name, IPv4 literal or IPv6 literal. */
    public static boolean isValid(String host) {
        return isIpv4(host) || isIpv6(host) || isDnsName(host);
    }

    /** True for a dotted-quad IPv4 literal, each part 0..255 without leading zeros. */
    public static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!IPV4_PART.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** True for an IPv6 literal without brackets or zone (e.g. {@code ::1}, {@code fe80::1}, {@code ::ffff:10.0.0.1}). */
    public static boolean isIpv6(String host) {
        if (!host.contains(":") || host.contains(":::")) {
            return false;
        }
        String text = host;
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!isIpv4(tail)) {
                return false;
            }
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] sides = doubleColon >= 0
                ? new String[] {text.substring(0, doubleColon), text.substring(doubleColon + 2)}
                : new String[] {text};
        int groups = 0;
        for (String side : sides) {
            if (side.isEmpty()) {
                continue;
            }
            for (String group : side.split(":", -1)) {
                if (!HEX_GROUP.matcher(group).matches()) {
                    return false;
                }
                groups++;
            }
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    /** True for an RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, at most 253 characters. */
    public static boolean isDnsName(String host) {
        if (host.isEmpty() || host.length() > 253 || NUMERIC.matcher(host).matches()) {
            // An all-numeric name that is not a valid IPv4 literal is a typo, not a host name.
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
