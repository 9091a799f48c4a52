package io.dorisops.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Knows which host names and addresses mean this machine. */
public final class LocalHost {

    private LocalHost() {}

    /**
     * True for {@code localhost}, 127.0.0.0/8, {@code ::1}, this machine's host names and the
     * addresses of its network interfaces. Never resolves the given name through DNS.
     */
    public static boolean isLocal(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        if (HostNames.isIpv4(name) && name.startsWith("127.")) {
            return true;
        }
        if (HostNames.isIpv6(name) && isLoopbackLiteral(name)) {
            return true;
        }
        return Names.LOCAL.contains(name);
    }

    private static boolean isLoopbackLiteral(String literal) {
        try {
            // A literal with ':' is parsed, not looked up.
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Computed once: the local lookups can be slow on a machine with broken DNS. */
    private static final class Names {
        static final Set<String> LOCAL = names();

        private static Set<String> names() {
            Set<String> names = new HashSet<>(Set.of("localhost.localdomain", "ip6-localhost", "ip6-loopback"));
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) {
                names.add(env.toLowerCase(Locale.ROOT));
            }
            try {
                InetAddress self = InetAddress.getLocalHost();
                names.add(self.getHostName().toLowerCase(Locale.ROOT));
                names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException e) {
                // No resolvable host name: only the interface addresses below identify this machine.
            }
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        String text = address.getHostAddress();
                        int zone = text.indexOf('%');
                        names.add((zone >= 0 ? text.substring(0, zone) : text).toLowerCase(Locale.ROOT));
                    }
                }
            } catch (SocketException e) {
                // No interface list: names alone identify this machine.
            }
            return Set.copyOf(names);
        }
    }
}
