/**
 * What plugs into dorisops: the transports that run commands on hosts ({@link io.dorisops.spi.Transport},
 * found through {@link io.dorisops.spi.TransportProvider}), the SQL control plane ({@link
 * io.dorisops.spi.ClusterAdmin}, through {@link io.dorisops.spi.ClusterAdminProvider}) and health probes
 * ({@link io.dorisops.spi.HealthProbe}), with the values they pass: {@link io.dorisops.spi.Command},
 * {@link io.dorisops.spi.ExecResult} and the {@code SHOW FRONTENDS}/{@code SHOW BACKENDS} rows {@link
 * io.dorisops.spi.Frontend} and {@link io.dorisops.spi.Backend}. A program that only operates a cluster
 * uses {@code io.dorisops}; one that reaches hosts, SQL or health another way implements these.
 */
package io.dorisops.spi;
