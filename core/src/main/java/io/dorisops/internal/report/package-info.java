/** The run report: a self-contained HTML page drawn from a run's journal; not API (use {@code Cluster.report}). */
package io.dorisops.internal.report;
