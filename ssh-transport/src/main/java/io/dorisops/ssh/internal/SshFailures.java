package io.dorisops.ssh.internal;

import static io.dorisops.DorisOpsException.message;

import io.dorisops.TransportException;
import java.io.IOException;

/** The one form of an SSH transport failure: the host, what failed, the I/O error seen, the next step. */
public final class SshFailures {

    private SshFailures() {}

    public static TransportException failure(HostSettings settings, String what, IOException e, String next) {
        return new TransportException(
                settings.host(),
                message(settings.subject(), what, "", e.getMessage() == null ? e.toString() : e.getMessage(), next),
                e);
    }
}
