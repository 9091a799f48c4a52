package io.dorisops.internal.host;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.Transport;
import io.dorisops.spi.Transport.TransferListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A release package on a node's host: one copy per host and run under {@code .dorisops/packages},
 * verified there with {@code sha512sum} against the package's SHA-512 (the one the run journaled) after
 * every upload and before a copy already there is reused, and unpacked by {@link HostScripts#STAGE}
 * or {@link HostScripts#INSTALL}, which refuse anything forbidden the host's tar produced.
 */
public final class HostPackages {

    private static final Logger log = LoggerFactory.getLogger(HostPackages.class);

    private final Function<Node, Transport> transports;
    private final Duration commandTimeout;
    /** Copies verified in this run, by host and path on it. */
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    /** One lock per host and path: nodes sharing a host wait for one copy; other hosts upload meanwhile. */
    private final Map<String, Object> copying = new ConcurrentHashMap<>();

    HostPackages(Function<Node, Transport> transports, Duration commandTimeout) {
        this.transports = transports;
        this.commandTimeout = commandTimeout;
    }

    /**
     * The package at {@code target} on the node's host: a copy already there is reused when its SHA-512
     * is the package's, else (or when absent) the package is uploaded and the copy verified.
     *
     * @param listener told the bytes of the upload, when there is one
     * @throws NodeFailedException naming the host, the copy and both digests when the uploaded copy differs
     */
    Path copyOn(Node node, PackageFile pkg, Path target, TransferListener listener) {
        String key = node.host() + " " + target;
        synchronized (copying.computeIfAbsent(key, any -> new Object())) {
            if (verified.contains(key)) {
                return target;
            }
            Transport transport = transports.apply(node);
            try {
                if (transport.exists(target)) {
                    String there = sha512(transport, target, commandTimeout);
                    if (there.equals(pkg.sha512())) {
                        verified.add(key);
                        return target;
                    }
                    log.warn(
                            "{}: the copy {} differs from package {} (SHA-512 {}, expected {}): uploading it again",
                            node.label(),
                            target,
                            pkg.file(),
                            there,
                            pkg.sha512());
                }
                upload(transport, pkg, target, commandTimeout, listener);
            } catch (DorisOpsException e) {
                throw new NodeFailedException(node.id(), "upload", node.label() + ": " + e.getMessage(), e);
            }
            verified.add(key);
            return target;
        }
    }

    /**
     * Uploads the package to {@code target} and verifies the copy there with {@code sha512sum}.
     *
     * @throws DorisOpsException naming the host, the copy and both digests when the copy differs
     */
    public static void upload(
            Transport transport, PackageFile pkg, Path target, Duration timeout, TransferListener listener) {
        transport.upload(pkg.file(), target, listener);
        String uploaded = sha512(transport, target, timeout);
        if (!uploaded.equals(pkg.sha512())) {
            throw new DorisOpsException("the copy of package " + pkg.file() + " uploaded to " + target + " on "
                    + transport.host() + " has SHA-512 " + uploaded + ", the package has " + pkg.sha512()
                    + "; the upload was damaged on the way or on the host's disk. Check the disk and the network of "
                    + transport.host() + ", then resume");
        }
    }

    /** Extracts the component's {@code bin} and {@code lib} into {@code stagedDir}, whole or not at all. */
    void stage(Node node, PackageFile pkg, Path onHost, String stagedDir, String stamp, String component) {
        ExecResult result = transports
                .apply(node)
                .exec(Command.script(HostScripts.STAGE, stagedDir, onHost.toString(), stamp, component)
                        .inDirectory(node.home())
                        .withTimeout(commandTimeout));
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    "stage",
                    DorisOpsException.message(
                            node.label(),
                            "stage failed",
                            component + "/bin and /lib of " + pkg.file().getFileName() + " unpacked into " + stagedDir,
                            oneLine(result),
                            result.exitCode() == 5
                                    ? "The host's tar unpacked the package otherwise than dorisops read it; nothing"
                                            + " was staged. Use the release tarball as published."
                                    : "Check that the package holds " + component + "/bin and /lib and that the"
                                            + " disk has room; nothing was staged."));
        }
    }

    /** The SHA-512 of a file on the transport's host, lower-case hex. */
    private static String sha512(Transport transport, Path file, Duration timeout) {
        ExecResult result = transport.exec(
                Command.script(HostScripts.SHA512, file.toString()).withTimeout(timeout));
        String hex = result.stdout().strip();
        if (!result.succeeded() || !hex.matches("[0-9a-f]{128}")) {
            throw new DorisOpsException("cannot compute the SHA-512 of " + file + " on " + transport.host() + " ("
                    + oneLine(result) + "); install sha512sum (coreutils) there");
        }
        return hex;
    }

    static String oneLine(ExecResult result) {
        String tail = result.tail(5);
        return "exit " + result.exitCode() + ": "
                + (tail.isBlank() ? "no output" : tail.replace('\n', ' ').strip());
    }
}
