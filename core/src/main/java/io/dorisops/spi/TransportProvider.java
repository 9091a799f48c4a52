package io.dorisops.spi;

import io.dorisops.Topology;
import java.util.Optional;

/**
 * Plugs a transport implementation in through {@link java.util.ServiceLoader}: the ssh-transport
 * module registers one, so a topology with SSH settings reaches remote hosts with no code change.
 */
public interface TransportProvider {

    /** Opens a transport to {@code host} under the topology's settings, or empty when this provider does not serve it. */
    Optional<Transport> open(String host, Topology topology);
}
