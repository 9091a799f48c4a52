/** Helpers of the local transport: bounded output capture, process tree killing; not API. */
package io.dorisops.internal.transport;
