/**
 * The SQL control plane over the MySQL protocol: {@link io.dorisops.jdbc.JdbcClusterAdmin}, a {@link
 * io.dorisops.spi.ClusterAdmin} that finds and follows the master FE, and {@link
 * io.dorisops.jdbc.JdbcHealthProbe}, a {@link io.dorisops.spi.HealthProbe} that judges nodes by the
 * master's view. With this module on the class path, {@code ServiceLoader} finds the admin through
 * {@link io.dorisops.spi.ClusterAdminProvider}. See {@code docs/jdbc-probe.md}.
 */
package io.dorisops.jdbc;
