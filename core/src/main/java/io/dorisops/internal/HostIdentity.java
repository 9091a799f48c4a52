package io.dorisops.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tells which spellings of a host name one machine, to find two nodes on the same host that claim
 * the same port. Doris and StarRocks processes listen on every interface, so {@code localhost},
 * {@code 127.0.0.1}, {@code ::1} and this machine's own names are one host; an IPv6 literal is the
 * same host in full or compressed form ({@code 0:0:0:0:0:0:0:1} and {@code ::1}), and an IPv4-mapped
 * IPv6 address is its IPv4 address. A name is resolved only through the hosts file, never through
 * DNS: validation must not wait on the network.
 */
public final class HostIdentity {

    /** The key every name of this machine maps to. */
    public static final String LOCAL = "this machine";

    private static final int MAX_HOSTS_FILE = 1024 * 1024;

    private final Map<String, String> hostsFile;

    private HostIdentity(Map<String, String> hostsFile) {
        this.hostsFile = Map.copyOf(hostsFile);
    }

    /** Resolves names with this machine's {@code /etc/hosts}. */
    public static HostIdentity system() {
        return Holder.SYSTEM;
    }

    /** Resolves names with the given hosts-file text ({@code ADDRESS NAME [ALIAS...]} lines, {@code #} comments). */
    public static HostIdentity withHostsFile(String text) {
        Map<String, String> names = new HashMap<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String[] parts = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            Optional<String> address = literal(parts[0]);
            if (address.isEmpty()) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                // The first line naming a host wins, as in the resolver.
                names.putIfAbsent(parts[i].toLowerCase(Locale.ROOT), address.get());
            }
        }
        return new HostIdentity(names);
    }

    /**
     * The identity of a host as the topology spells it: {@link #LOCAL} for this machine, the
     * normalized address for an IP literal or a name in the hosts file, else the lower-cased name.
     */
    public String of(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".") && name.length() > 1) {
            name = name.substring(0, name.length() - 1);
        }
        if (LocalHost.isLocal(name)) {
            return LOCAL;
        }
        Optional<String> address = literal(name);
        if (address.isEmpty()) {
            String mapped = hostsFile.get(name);
            if (mapped == null) {
                return name;
            }
            address = Optional.of(mapped);
        }
        return LocalHost.isLocal(address.get()) ? LOCAL : address.get();
    }

    /** The normalized text of an IP literal; empty for anything else (never a lookup). */
    private static Optional<String> literal(String text) {
        if (!HostNames.isIpv4(text) && !HostNames.isIpv6(text)) {
            return Optional.empty();
        }
        try {
            // A valid literal is parsed, not looked up.
            InetAddress address = InetAddress.getByName(text);
            return Optional.of(address.getHostAddress().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static final class Holder {
        static final HostIdentity SYSTEM = load(Path.of("/etc/hosts"));

        private static HostIdentity load(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                return withHostsFile(new String(in.readNBytes(MAX_HOSTS_FILE), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return new HostIdentity(Map.of());
            }
        }
    }
}
