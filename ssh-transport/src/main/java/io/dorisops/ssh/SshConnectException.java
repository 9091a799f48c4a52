package io.dorisops.ssh;

import static java.util.Objects.requireNonNull;

import io.dorisops.TransportException;

/**
 * An SSH connection to a host could not be opened or authenticated. {@link #reason()} says which of
 * the distinct causes it was; the message names the host and what to do about it. Only {@linkplain
 * Reason#isTransient() transient} reasons are retried, and {@link #attempts()} says how often the
 * transport tried.
 */
public class SshConnectException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** Why the connection failed. */
    public enum Reason {
        /** The host name does not resolve. */
        UNKNOWN_HOST(false),
        /** No answer from the host within the connect timeout, or no route to it. */
        UNREACHABLE(true),
        /** The host answered but nothing listens on the SSH port. */
        CONNECTION_REFUSED(true),
        /** The connection was reset or closed during the handshake. */
        CONNECTION_LOST(true),
        /** The host's key is not in known_hosts (and accepting new keys is off). */
        HOST_KEY_UNKNOWN(false),
        /** known_hosts holds a different key for the host. */
        HOST_KEY_CHANGED(false),
        /** The server refused the user with every configured credential (wrong user, or key not authorized). */
        AUTH_REJECTED(false),
        /** The configured private key file does not exist or cannot be read. */
        KEY_FILE_MISSING(false),
        /** The private key file is not a key in a supported format. */
        KEY_FILE_INVALID(false),
        /** The private key is encrypted and no passphrase is configured. */
        KEY_PASSPHRASE_MISSING(false),
        /** The configured passphrase does not decrypt the private key. */
        KEY_PASSPHRASE_WRONG(false),
        /** The SSH handshake failed for another reason (protocol, algorithms). */
        PROTOCOL(false);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** True for failures that may pass by themselves and are retried with backoff. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Reason reason;
    private final int attempts;

    /**
     * @param host the host that could not be reached
     * @param reason why
     * @param attempts how many connection attempts were made
     * @param message the full message (host, what happened, what to do)
     * @param cause the underlying failure, or null
     */
    public SshConnectException(String host, Reason reason, int attempts, String message, Throwable cause) {
        super(host, message, cause);
        this.reason = requireNonNull(reason, "reason");
        this.attempts = attempts;
    }

    /** Why the connection failed. */
    public Reason reason() {
        return reason;
    }

    /** How many connection attempts were made before giving up. */
    public int attempts() {
        return attempts;
    }
}
