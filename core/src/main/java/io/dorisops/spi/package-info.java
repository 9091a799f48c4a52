/**
 * What plugs into dorisops: the transports that run commands on hosts ({@link io.dorisops.spi.Transport},
 * found through {@link io.dorisops.spi.TransportProvider}), the SQL control plane ({@link
 * io.dorisops.spi.ClusterAdmin}, through {@link io.dorisops.spi.ClusterAdminProvider}) and health probes
 * ({@link io.dorisops.spi.HealthProbe}), with the values they pass: {@link io.dorisops.spi.Command},
 * {@link io.dorisops.spi.ExecResult} and the {@code SHOW FRONTENDS}/{@code SHOW BACKENDS} rows {@link
 * io.dorisops.spi.Frontend} and {@link io.dorisops.spi.Backend}; and how procedures act on the nodes,
 * {@link io.dorisops.spi.NodeControl}, a set of capabilities ({@link io.dorisops.spi.ProcessControl},
 * {@link io.dorisops.spi.BinaryStore}, {@link io.dorisops.spi.Installer}, {@link
 * io.dorisops.spi.RunMarker}, {@link io.dorisops.spi.ComponentControl} reporting each {@link
 * io.dorisops.spi.Component}) given to {@code
 * Cluster.builder(topology).nodeControl(...)}. A program that only operates a cluster
 * uses {@code io.dorisops}; one that reaches hosts, SQL or health another way implements these.
 */
package io.dorisops.spi;
