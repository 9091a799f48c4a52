/**
 * Internals of jdbc-probe: the master session, column mapping, validation, the replica reader and the
 * balance pause. Public to Java, not API: may change in any release.
 */
package io.dorisops.jdbc.internal;
