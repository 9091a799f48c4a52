package io.dorisops.spi;

import io.dorisops.Topology;

/**
 * Plugs a {@link ClusterAdmin} implementation in through {@link java.util.ServiceLoader}: the
 * jdbc-probe module registers one, so {@code Cluster.of(topology)} gets SQL when it is on the class
 * path.
 */
public interface ClusterAdminProvider {

    /** Opens an admin for the topology's FEs. */
    ClusterAdmin open(Topology topology);
}
