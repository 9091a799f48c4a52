package io.dorisops.ssh.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything needed to reach one host, validated by {@link SettingsCheck} for {@code
 * SshTransport.Builder}. Holds secrets as {@link Secret}s only, so {@code toString()} never shows a
 * value.
 */
public record HostSettings(
        String host,
        String user,
        int port,
        Optional<Path> identityFile,
        Secret passphrase,
        Secret password,
        Path knownHosts,
        boolean acceptNewHostKeys,
        Optional<HostPort> jumpHost,
        Optional<String> runAs,
        Duration connectTimeout,
        int connectAttempts,
        Duration retryInterval,
        int maxChannels,
        Duration killGrace) {

    public HostSettings {
        requireNonNull(host, "host");
        requireNonNull(user, "user");
        requireNonNull(identityFile, "identityFile");
        requireNonNull(passphrase, "passphrase");
        requireNonNull(password, "password");
        requireNonNull(knownHosts, "knownHosts");
        requireNonNull(jumpHost, "jumpHost");
        requireNonNull(runAs, "runAs");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(retryInterval, "retryInterval");
        requireNonNull(killGrace, "killGrace");
    }

    /** {@code host:port}, the subject of every message about this connection. */
    public String subject() {
        return host + ":" + port;
    }

    /**
     * A jump host: {@code [user@]host[:port]}.
     *
     * @param user the login user on the jump host, or empty for the target's user
     * @param host the jump host
     * @param port its SSH port
     */
    public record HostPort(Optional<String> user, String host, int port) {
        public HostPort {
            requireNonNull(user, "user");
            requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return user.map(name -> name + "@").orElse("") + host + ":" + port;
        }
    }
}
