/** The dorisops command. */
package io.dorisops.cli;
