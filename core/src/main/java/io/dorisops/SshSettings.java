package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A topology's SSH settings ({@code ssh:}, {@link Topology#ssh()}): how the transports reach hosts.
 * Made with {@link #builder()}; a setting added later is one more accessor and builder method with a
 * default, so it breaks no caller. With {@code enabled} false every host is reached with the local
 * transport. {@link #toString()} shows a secret's source, never its value.
 *
 * <pre>{@code
 * SshSettings ssh = SshSettings.builder().user("doris").identityFile(Path.of("/home/ops/.ssh/id_ed25519")).build();
 * }</pre>
 */
public final class SshSettings {
    private final boolean enabled;
    private final String user;
    private final int port;
    private final Optional<Path> identityFile;
    private final Secret passphrase;
    private final Secret password;
    private final Path knownHosts;
    private final boolean acceptNewHostKeys;
    private final Optional<String> jumpHost;
    private final boolean loopback;
    private final Optional<String> runAs;

    private SshSettings(Builder b) {
        enabled = b.enabled;
        user = requireNonNull(b.user, "user");
        port = b.port;
        identityFile = requireNonNull(b.identityFile, "identityFile");
        passphrase = requireNonNull(b.passphrase, "passphrase");
        password = requireNonNull(b.password, "password");
        knownHosts = requireNonNull(b.knownHosts, "knownHosts");
        acceptNewHostKeys = b.acceptNewHostKeys;
        jumpHost = requireNonNull(b.jumpHost, "jumpHost");
        loopback = b.loopback;
        runAs = requireNonNull(b.runAs, "runAs");
    }

    /**
     * A builder: SSH enabled, this JVM's user, port 22, the agent or password (no key file), no
     * secrets, {@code ~/.ssh/known_hosts} checked strictly, no jump host, loopback hosts local, no sudo.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** No SSH: every host through the local transport. */
    public static SshSettings disabled() {
        return builder().enabled(false).build();
    }

    /** Use SSH for non-local hosts. */
    public boolean enabled() {
        return enabled;
    }

    /** The login user. */
    public String user() {
        return user;
    }

    /** The SSH port. */
    public int port() {
        return port;
    }

    /** A private key file (OpenSSH or PEM), or empty to use the agent or password. */
    public Optional<Path> identityFile() {
        return identityFile;
    }

    /** The key's passphrase. */
    public Secret passphrase() {
        return passphrase;
    }

    /** A login password, only when configured. */
    public Secret password() {
        return password;
    }

    /** The known_hosts file checked strictly. */
    public Path knownHosts() {
        return knownHosts;
    }

    /** Add unknown host keys instead of refusing them. */
    public boolean acceptNewHostKeys() {
        return acceptNewHostKeys;
    }

    /** {@code host[:port]} of a bastion, or empty. */
    public Optional<String> jumpHost() {
        return jumpHost;
    }

    /** Also use SSH for loopback hosts (tests drive a local sandbox over SSH). */
    public boolean loopback() {
        return loopback;
    }

    /** Run commands as this user through sudo, or empty. */
    public Optional<String> runAs() {
        return runAs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshSettings s
                && enabled == s.enabled
                && user.equals(s.user)
                && port == s.port
                && identityFile.equals(s.identityFile)
                && passphrase.equals(s.passphrase)
                && password.equals(s.password)
                && knownHosts.equals(s.knownHosts)
                && acceptNewHostKeys == s.acceptNewHostKeys
                && jumpHost.equals(s.jumpHost)
                && loopback == s.loopback
                && runAs.equals(s.runAs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, user, port, identityFile, knownHosts, jumpHost, loopback, runAs);
    }

    @Override
    public String toString() {
        return "SshSettings[enabled=" + enabled + ", user=" + user + ", port=" + port + ", identityFile=" + identityFile
                + ", passphrase=" + passphrase + ", password=" + password + ", knownHosts=" + knownHosts
                + ", acceptNewHostKeys=" + acceptNewHostKeys + ", jumpHost=" + jumpHost + ", loopback="
                + loopback + ", runAs=" + runAs + "]";
    }

    /** Sets {@link SshSettings}'s values; each method is named after its topology key under {@code ssh}. */
    public static final class Builder {
        private boolean enabled = true;
        private String user = System.getProperty("user.name", "root");
        private int port = 22;
        private Optional<Path> identityFile = Optional.empty();
        private Secret passphrase = Secret.NONE;
        private Secret password = Secret.NONE;
        private Path knownHosts = Path.of(System.getProperty("user.home", "/root"), ".ssh", "known_hosts");
        private boolean acceptNewHostKeys;
        private Optional<String> jumpHost = Optional.empty();
        private boolean loopback;
        private Optional<String> runAs = Optional.empty();

        private Builder() {}

        private Builder(SshSettings ssh) {
            enabled = ssh.enabled;
            user = ssh.user;
            port = ssh.port;
            identityFile = ssh.identityFile;
            passphrase = ssh.passphrase;
            password = ssh.password;
            knownHosts = ssh.knownHosts;
            acceptNewHostKeys = ssh.acceptNewHostKeys;
            jumpHost = ssh.jumpHost;
            loopback = ssh.loopback;
            runAs = ssh.runAs;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder identityFile(Path file) {
            this.identityFile = Optional.of(file);
            return this;
        }

        public Builder passphrase(Secret passphrase) {
            this.passphrase = passphrase;
            return this;
        }

        public Builder password(Secret password) {
            this.password = password;
            return this;
        }

        public Builder knownHosts(Path file) {
            this.knownHosts = file;
            return this;
        }

        public Builder acceptNewHostKeys(boolean accept) {
            this.acceptNewHostKeys = accept;
            return this;
        }

        public Builder jumpHost(String hostAndPort) {
            this.jumpHost = Optional.of(hostAndPort);
            return this;
        }

        public Builder loopback(boolean loopback) {
            this.loopback = loopback;
            return this;
        }

        public Builder runAs(String user) {
            this.runAs = Optional.of(user);
            return this;
        }

        /** @throws NullPointerException naming a value set to null */
        public SshSettings build() {
            return new SshSettings(this);
        }
    }
}
