/** Shared helpers of the core implementation; not API. */
package io.dorisops.internal;
