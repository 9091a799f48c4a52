package io.dorisops.internal.transport;

import io.dorisops.DorisOpsException;
import io.dorisops.LocalTransport;
import io.dorisops.TransportException;
import io.dorisops.spi.Transport.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file operations of {@link LocalTransport} on this machine's file system: an upload copies a
 * file or tree to a hidden sibling of the target, keeping symbolic links and permissions (so {@code
 * bin/*.sh} stays executable), and moves it into place atomically, removing the copy when anything
 * fails; a download copies a file; a read returns a file's last bytes. Failures are {@link
 * TransportException}s naming the host and the paths.
 */
public final class LocalFiles {

    // The public transport's logger: its lines keep the category users configure.
    private static final Logger log = LoggerFactory.getLogger(LocalTransport.class);

    private final String host;

    public LocalFiles(String host) {
        this.host = host;
    }

    /** Copies {@code source} (a file or a tree) to a new {@code target}, reporting progress. */
    public void upload(Path source, Path target, TransferListener listener) {
        if (!Files.exists(source)) {
            throw new TransportException(host, host + ": cannot upload " + source + ": it does not exist");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TransportException(
                    host,
                    DorisOpsException.message(
                            host,
                            "cannot upload " + source + " to " + target,
                            "",
                            "",
                            "The target is an existing directory; remove it or choose a new path"));
        }
        Path absoluteTarget = target.toAbsolutePath();
        Path temp = absoluteTarget.resolveSibling("." + absoluteTarget.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(absoluteTarget.getParent());
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(source)) {
                walk.forEach(files::add);
            }
            long total = 0;
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
            long[] done = {0};
            for (Path file : files) {
                Path to = temp.resolve(source.relativize(file).toString());
                if (Files.isSymbolicLink(file)) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    continue;
                }
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    copy(file, to, done, total, listener);
                }
                // bin/*.sh must stay executable.
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(file));
            }
            Files.move(temp, absoluteTarget, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof TransportException transport) {
                throw transport;
            }
            String reason = e instanceof DirectoryNotEmptyException || e instanceof FileAlreadyExistsException
                    ? "the target appeared while copying"
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new TransportException(
                    host,
                    DorisOpsException.message(
                            host,
                            "cannot upload " + source + " to " + target,
                            "",
                            "",
                            reason + "; check free space and permissions"),
                    e);
        }
    }

    /** Copies a file, replacing the target. */
    public void download(Path source, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TransportException(
                    host, host + ": cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** The last {@code maxBytes} of a file, as UTF-8. */
    public String read(Path file, int maxBytes) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - maxBytes);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException || !Files.exists(file) ? "no such file" : e.getMessage();
            throw new TransportException(host, host + ": cannot read " + file + ": " + reason, e);
        }
    }

    private void copy(Path from, Path to, long[] done, long total, TransferListener listener) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(from);
                OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done[0] += n;
                try {
                    listener.progress(from, done[0], total);
                } catch (RuntimeException e) {
                    log.warn("{}: transfer listener failed on {}; carrying on", host, from, e);
                }
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("cannot remove temporary {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("cannot remove temporary {}: {}", path, e.getMessage());
        }
    }
}
