/**
 * Release packages read before anything runs ({@link io.dorisops.internal.pkg.PackageInfo}): the streamed
 * tar scan that refuses what a host's tar would unpack unseen, the version and components found, the
 * SHA-512 and its published checksum; imports no other engine package; not API.
 */
package io.dorisops.internal.pkg;
