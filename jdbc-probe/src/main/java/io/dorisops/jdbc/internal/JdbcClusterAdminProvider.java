package io.dorisops.jdbc.internal;

import io.dorisops.Topology;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ClusterAdminProvider;

/** Registers {@link JdbcClusterAdmin} with {@link java.util.ServiceLoader}. */
public final class JdbcClusterAdminProvider implements ClusterAdminProvider {

    @Override
    public ClusterAdmin open(Topology topology) {
        return JdbcClusterAdmin.of(topology);
    }
}
