package io.dorisops.ssh.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict known_hosts checking for one connection attempt: an unknown key is refused unless accepting
 * new keys was asked for (then it is appended to the file), a changed key is always refused. What
 * was refused is kept, so the caller can say which key, with which fingerprint, and how to trust it.
 */
final class HostKeyCheck extends OpenSSHKnownHosts {
    private static final Logger log = LoggerFactory.getLogger(HostKeyCheck.class);

    /** Appends from several transports in this JVM must not interleave. */
    private static final Object APPEND_LOCK = new Object();

    /** A refused host key. */
    record Refusal(boolean changed, String hostEntry, String keyType, String fingerprint) {}

    private final boolean acceptNew;
    private volatile Refusal refusal;

    private HostKeyCheck(File file, boolean acceptNew) throws IOException {
        super(file);
        this.acceptNew = acceptNew;
    }

    static HostKeyCheck load(Path knownHosts, boolean acceptNew) throws IOException {
        synchronized (APPEND_LOCK) {
            return new HostKeyCheck(knownHosts.toFile(), acceptNew);
        }
    }

    Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostEntry, PublicKey key) {
        if (!acceptNew) {
            refusal = new Refusal(false, hostEntry, KeyType.fromKey(key).toString(), fingerprint(key));
            return false;
        }
        try {
            synchronized (APPEND_LOCK) {
                Path file = getFile().toPath();
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                write(new HostEntry(null, hostEntry, KeyType.fromKey(key), key));
            }
            log.warn(
                    "{}: accepted new host key {} {} and added it to {}",
                    hostEntry,
                    KeyType.fromKey(key),
                    fingerprint(key),
                    getFile());
            return true;
        } catch (IOException e) {
            log.warn("{}: cannot add the new host key to {}: {}", hostEntry, getFile(), e.toString());
            refusal = new Refusal(false, hostEntry, KeyType.fromKey(key).toString(), fingerprint(key));
            return false;
        }
    }

    @Override
    protected boolean hostKeyChangedAction(String hostEntry, PublicKey key) {
        refusal = new Refusal(true, hostEntry, KeyType.fromKey(key).toString(), fingerprint(key));
        return false;
    }

    /** The fingerprint as OpenSSH prints it: {@code SHA256:} and unpadded base64. */
    static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
