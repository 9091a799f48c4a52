/**
 * Transport over SSH: {@link io.dorisops.ssh.SshTransport} runs commands and uploads files on remote
 * hosts with pooled connections, strict host keys and SFTP; registered as a {@link
 * io.dorisops.spi.TransportProvider} so a topology with {@code ssh.enabled} reaches its hosts with no code
 * change. See {@code docs/ssh.md}.
 */
package io.dorisops.ssh;
