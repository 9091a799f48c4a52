package io.dorisops.ssh.internal;

import static io.dorisops.ssh.internal.SshFailures.failure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;
import net.schmizz.sshj.xfer.FileSystemFile;

/**
 * Reads, fetches and stats files on the host over the pool's shared SFTP client. A call that fails
 * with an I/O error (not an SFTP status such as "no such file") is tried once more on a restarted
 * SFTP client, since the channel may be broken on a live connection.
 */
public final class SftpFiles {

    private final HostSettings settings;
    private final SessionPool pool;

    public SftpFiles(HostSettings settings, SessionPool pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /** The last {@code maxBytes} of a file, as UTF-8. */
    public String read(Path file, int maxBytes) {
        return withSftpRetry("read " + file, sftp -> {
            try (RemoteFile handle = sftp.open(file.toString())) {
                long size = handle.length();
                long from = Math.max(0, size - maxBytes);
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, maxBytes));
                try (InputStream in = handle.new ReadAheadRemoteFileInputStream(16, from)) {
                    byte[] buffer = new byte[32 * 1024];
                    int n;
                    while (out.size() < maxBytes
                            && (n = in.read(buffer, 0, Math.min(buffer.length, maxBytes - out.size()))) != -1) {
                        out.write(buffer, 0, n);
                    }
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        });
    }

    /** Fetches a file into {@code target} on this machine (its parent is created). */
    public void download(Path source, Path target) {
        withSftpRetry("download " + source, sftp -> {
            Files.createDirectories(target.toAbsolutePath().getParent());
            sftp.get(source.toString(), new FileSystemFile(target.toFile()));
            return null;
        });
    }

    public boolean exists(Path path) {
        return withSftpRetry("stat " + path, sftp -> {
            FileAttributes attributes = sftp.statExistence(path.toString());
            return attributes != null;
        });
    }

    private interface SftpCall<T> {
        T call(SFTPClient sftp) throws IOException;
    }

    private <T> T withSftpRetry(String what, SftpCall<T> call) {
        try {
            return call.call(pool.sftp());
        } catch (SFTPException e) {
            throw failure(settings, what + " failed", e, "Check the path and its permissions on the host.");
        } catch (IOException first) {
            // The SFTP channel may be broken on a live connection: restart SFTP, keep the connection.
            pool.restartSftp();
            try {
                return call.call(pool.sftp());
            } catch (IOException e) {
                throw failure(settings, what + " failed", e, "Check the path and its permissions on the host.");
            }
        }
    }
}
