/** The SQL control plane over the MySQL protocol. */
package io.dorisops.jdbc;
