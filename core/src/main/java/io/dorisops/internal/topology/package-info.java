/** Reading, validating and writing topology files; not API (use {@code Topology.load}). */
package io.dorisops.internal.topology;
