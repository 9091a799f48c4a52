/**
 * A sandbox cluster of simulated Doris and StarRocks nodes for tests and demos ({@link
 * io.dorisops.testkit.Sandbox}), an in-memory cluster on virtual time for fast unit tests ({@link
 * io.dorisops.testkit.FakeCluster}) and a scriptable fake FE over the MySQL protocol ({@link
 * io.dorisops.testkit.MockFrontend}).
 */
package io.dorisops.testkit;
