package io.dorisops;

import io.dorisops.spi.ExecResult;

/** A command or file transfer could not be carried out on a host (not a non-zero exit: see {@link ExecResult}). */
public class TransportException extends DorisOpsException {
    private static final long serialVersionUID = 1L;

    private final String host;

    public TransportException(String host, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
    }

    public TransportException(String host, String message) {
        this(host, message, null);
    }

    /** The host the transport was talking to. */
    public String host() {
        return host;
    }
}
