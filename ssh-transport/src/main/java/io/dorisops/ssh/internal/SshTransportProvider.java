package io.dorisops.ssh.internal;

import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.spi.Transport;
import io.dorisops.spi.TransportProvider;
import io.dorisops.ssh.SshTransport;
import java.util.Optional;
import java.util.Set;

/**
 * Registered through {@link java.util.ServiceLoader}: serves every host of a topology whose SSH
 * settings are enabled, except loopback hosts unless {@code ssh.loopback} asks for them too. The
 * transport connects on first use.
 */
public final class SshTransportProvider implements TransportProvider {
    private static final Set<String> LOOPBACK = Set.of("localhost", "::1", "0:0:0:0:0:0:0:1");

    @Override
    public Optional<Transport> open(String host, Topology topology) {
        SshSettings ssh = topology.ssh();
        if (!ssh.enabled() || (isLoopback(host) && !ssh.loopback())) {
            return Optional.empty();
        }
        return Optional.of(SshTransport.builder(host).settings(ssh).build());
    }

    static boolean isLoopback(String host) {
        return LOOPBACK.contains(host) || host.startsWith("127.");
    }
}
