package io.dorisops.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether two host strings name the same host: equal ignoring case, or resolving to a common address.
 * A cluster registers a node by the name or the IP it was added with ({@code ALTER SYSTEM ADD BACKEND
 * "be-1.example.com:9050"} or {@code "10.0.0.11:9050"}), and a topology may say either; both sides
 * must still find each other. Resolutions are cached for the life of the process, failures too.
 */
public final class HostMatch {

    private static final Map<String, Set<String>> RESOLVED = new ConcurrentHashMap<>();

    private HostMatch() {}

    /** True when {@code a} and {@code b} name the same host. */
    public static boolean same(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        Set<String> left = addresses(a);
        return !left.isEmpty() && addresses(b).stream().anyMatch(left::contains);
    }

    private static Set<String> addresses(String host) {
        return RESOLVED.computeIfAbsent(host.toLowerCase(Locale.ROOT), name -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(name))
                        .map(InetAddress::getHostAddress)
                        .collect(Collectors.toUnmodifiableSet());
            } catch (UnknownHostException | SecurityException e) {
                return Set.of();
            }
        });
    }
}
