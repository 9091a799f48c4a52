/** A sandbox cluster of simulated Doris and StarRocks nodes for tests and demos. */
package io.dorisops.testkit;
