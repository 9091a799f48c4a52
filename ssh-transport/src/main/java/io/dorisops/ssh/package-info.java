/** Transport over SSH. */
package io.dorisops.ssh;
