/**
 * The FE metadata check ({@link io.dorisops.internal.fecheck.FrontendCheck}): a test FE of the new
 * version started on a read-only copy of the master's meta, streamed and never written on the master's
 * host, watched until it replays the journal or fails; a pre-flight gate of {@code upgrade} and {@code
 * Cluster.checkFrontendUpgrade}; not API.
 */
package io.dorisops.internal.fecheck;
