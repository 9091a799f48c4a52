/**
 * Node control on hosts ({@link io.dorisops.internal.host.HostNodeControl}): the shell scripts, package
 * copies, binaries, installs, conf files, run marker and log reads a run does over a host's transport;
 * the bottom layer of the engine, importing no other engine package; not API.
 */
package io.dorisops.internal.host;
