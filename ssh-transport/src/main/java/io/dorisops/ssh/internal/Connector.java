package io.dorisops.ssh.internal;

import static io.dorisops.DorisOpsException.message;

import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import io.dorisops.internal.Durations;
import io.dorisops.ssh.SshConnectException;
import io.dorisops.ssh.SshConnectException.Reason;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.DefaultSecurityProviderConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens authenticated SSH connections to one host.
 *
 * <ol>
 *   <li>Load and decrypt the private key once (clear errors for a missing file or a wrong passphrase).
 *   <li>Connect, directly or through the jump host, checking the host key strictly against known_hosts.
 *   <li>Authenticate with the keys, then the password if one is configured.
 *   <li>Classify every failure into a {@link Reason}; retry only transient ones (refused, reset, connect
 *       timeout) with exponential backoff. Authentication and host key failures are never retried.
 * </ol>
 */
public final class Connector {
    private static final Logger log = LoggerFactory.getLogger(Connector.class);
    /** The socket read timeout is the connect timeout, but never under 30 s. */
    private static final Duration MIN_READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Built once: creating a config probes every cipher. It uses the JDK's crypto providers (AES-NI and
     * SHA intrinsics; Bouncy Castle's pure-Java AES is several times slower), AES-GCM first.
     */
    private static final DefaultConfig CONFIG = createConfig();

    private final HostSettings settings;
    private final Retry retry;
    private volatile List<KeyFiles.LoadedKey> keys;

    public Connector(HostSettings settings) {
        this.settings = settings;
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.connectAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.retryInterval(), 2.0))
                .retryOnException(e -> e instanceof SshConnectException failure
                        && failure.reason().isTransient())
                .failAfterMaxAttempts(false)
                .build();
        this.retry = Retry.of("ssh-connect " + settings.subject(), config);
        retry.getEventPublisher()
                .onRetry(event -> log.warn(
                        "{}: connection attempt {} failed ({}), retrying in {}",
                        settings.subject(),
                        event.getNumberOfRetryAttempts(),
                        event.getLastThrowable() instanceof SshConnectException failure
                                ? failure.reason()
                                : String.valueOf(event.getLastThrowable()),
                        event.getWaitInterval()));
    }

    /** An open, authenticated connection and the jump host connection it runs through, if any. */
    public record Connection(SSHClient client, Optional<SSHClient> jump) implements AutoCloseable {
        public boolean isAlive() {
            return client.isConnected()
                    && client.isAuthenticated()
                    && jump.map(SSHClient::isConnected).orElse(true);
        }

        @Override
        public void close() {
            closeQuietly(client);
            jump.ifPresent(Connector::closeQuietly);
        }
    }

    /**
     * Opens a connection, retrying transient failures.
     *
     * @throws SshConnectException naming the host, the reason and what to do
     */
    public Connection open() {
        AtomicInteger attempt = new AtomicInteger();
        return retry.executeSupplier(() -> attempt(attempt.incrementAndGet()));
    }

    private Connection attempt(int attempt) {
        List<KeyFiles.LoadedKey> loaded = keys;
        if (loaded == null) {
            loaded = KeyFiles.load(settings, CONFIG);
            keys = loaded;
        }
        Optional<SSHClient> jump = Optional.empty();
        try {
            if (settings.jumpHost().isPresent()) {
                HostSettings.HostPort via = settings.jumpHost().get();
                jump = Optional.of(connectAndAuth(
                        via.host(), via.port(), via.user().orElse(settings.user()), null, loaded, attempt));
            }
            SSHClient client = connectAndAuth(
                    settings.host(), settings.port(), settings.user(), jump.orElse(null), loaded, attempt);
            log.debug("{}: connected as {}", settings.subject(), settings.user());
            return new Connection(client, jump);
        } catch (SshConnectException e) {
            jump.ifPresent(Connector::closeQuietly);
            throw e;
        }
    }

    private SSHClient connectAndAuth(
            String host, int port, String user, SSHClient via, List<KeyFiles.LoadedKey> loaded, int attempt) {
        String where = host + ":" + port
                + (via == null ? "" : " via jump host " + settings.jumpHost().orElseThrow());
        SSHClient client = new SSHClient(CONFIG);
        HostKeyCheck hostKeys;
        try {
            hostKeys = HostKeyCheck.load(settings.knownHosts(), settings.acceptNewHostKeys());
        } catch (IOException e) {
            throw fail(
                    Reason.PROTOCOL,
                    attempt,
                    message(
                            where,
                            "cannot read known_hosts file " + settings.knownHosts(),
                            "",
                            String.valueOf(e.getMessage()),
                            "Check the file's permissions or point ssh.knownHosts elsewhere."),
                    e);
        }
        client.addHostKeyVerifier(hostKeys);
        client.setConnectTimeout(Durations.intMillis(settings.connectTimeout()));
        client.setTimeout(Durations.intMillis(
                settings.connectTimeout().compareTo(MIN_READ_TIMEOUT) > 0
                        ? settings.connectTimeout()
                        : MIN_READ_TIMEOUT));
        try {
            if (via == null) {
                client.connect(host, port);
                // Many small channel requests (one command each) must not wait for Nagle.
                client.getSocket().setTcpNoDelay(true);
            } else {
                client.connectVia(via.newDirectConnection(host, port), host, port);
            }
        } catch (IOException e) {
            closeQuietly(client);
            throw classifyConnect(where, host, port, e, hostKeys, attempt);
        }
        try {
            client.auth(user, authMethods(loaded));
            return client;
        } catch (UserAuthException e) {
            closeQuietly(client);
            throw fail(Reason.AUTH_REJECTED, attempt, authMessage(where, user, loaded), e);
        } catch (IOException e) {
            closeQuietly(client);
            throw classifyConnect(where, host, port, e, hostKeys, attempt);
        }
    }

    private List<AuthMethod> authMethods(List<KeyFiles.LoadedKey> loaded) {
        List<AuthMethod> methods = new ArrayList<>();
        for (KeyFiles.LoadedKey key : loaded) {
            methods.add(new AuthPublickey(new KeyPairWrapper(key.pair())));
        }
        if (!settings.password().isNone()) {
            methods.add(new AuthPassword(new SecretFinder()));
        }
        return methods;
    }

    private String authMessage(String where, String user, List<KeyFiles.LoadedKey> loaded) {
        List<String> tried = new ArrayList<>();
        for (KeyFiles.LoadedKey key : loaded) {
            tried.add("key " + key.file() + " ("
                    + HostKeyCheck.fingerprint(key.pair().getPublic()) + ")");
        }
        if (!settings.password().isNone()) {
            tried.add("password from " + settings.password().source());
        }
        if (tried.isEmpty()) {
            return message(
                    where,
                    "no credentials to log in as user " + user,
                    "a private key or a password",
                    "no ssh.identityFile, no ~/.ssh/id_* key, no ssh.password",
                    "Set ssh.identityFile (or ssh.password) in the topology.");
        }
        return message(
                where,
                "the server refused user " + user + " with " + String.join(" and ", tried),
                "the server to accept one of them",
                "authentication failed",
                "Check that " + user + " is the right login user on the host and that the public key is in ~" + user
                        + "/.ssh/authorized_keys there (ssh-copy-id does that); this is not retried.");
    }

    private SshConnectException classifyConnect(
            String where, String host, int port, IOException e, HostKeyCheck hostKeys, int attempt) {
        Optional<HostKeyCheck.Refusal> refusal = hostKeys.refusal();
        if (refusal.isPresent()) {
            return hostKeyFailure(where, host, port, refusal.get(), e, attempt);
        }
        String seen = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UnknownHostException) {
            return fail(
                    Reason.UNKNOWN_HOST,
                    attempt,
                    message(
                            where,
                            "host name " + host + " does not resolve",
                            "",
                            "",
                            "Check the host name in the topology or add it to DNS or /etc/hosts."),
                    e);
        }
        if (e instanceof ConnectException && seen.toLowerCase().contains("refused")) {
            return fail(
                    Reason.CONNECTION_REFUSED,
                    attempt,
                    message(
                            where,
                            "connection refused after " + attempt + " attempt(s)",
                            "an SSH server on port " + port,
                            seen,
                            "Check that sshd runs on the host and ssh.port is right."),
                    e);
        }
        if (e instanceof OpenFailException) {
            return fail(
                    Reason.CONNECTION_REFUSED,
                    attempt,
                    message(
                            where,
                            "the jump host could not open a connection to " + host + ":" + port,
                            "",
                            seen,
                            "Check that the host is reachable from the jump host and sshd runs there."),
                    e);
        }
        if (e instanceof SocketTimeoutException
                || e instanceof NoRouteToHostException
                || e instanceof ConnectException) {
            return fail(
                    Reason.UNREACHABLE,
                    attempt,
                    message(
                            where,
                            "host unreachable after " + attempt + " attempt(s)",
                            "an answer within " + settings.connectTimeout(),
                            seen,
                            "Check that the host is up, the address is right and no firewall drops port " + port + "."),
                    e);
        }
        if (e instanceof SocketException
                || e instanceof EOFException
                || (e instanceof TransportException te
                        && te.getDisconnectReason() == DisconnectReason.CONNECTION_LOST)) {
            return fail(
                    Reason.CONNECTION_LOST,
                    attempt,
                    message(
                            where,
                            "the connection was closed during the SSH handshake after " + attempt + " attempt(s)",
                            "",
                            seen,
                            "Check the server's log (MaxStartups, AllowUsers, tcp wrappers)."),
                    e);
        }
        return fail(
                Reason.PROTOCOL,
                attempt,
                message(where, "SSH handshake failed", "", seen, "Check the server's log for the reason."),
                e);
    }

    private SshConnectException hostKeyFailure(
            String where, String host, int port, HostKeyCheck.Refusal refusal, IOException e, int attempt) {
        String keyscan =
                "ssh-keyscan" + (port == 22 ? "" : " -p " + port) + " " + host + " >> " + settings.knownHosts();
        if (refusal.changed()) {
            return fail(
                    Reason.HOST_KEY_CHANGED,
                    attempt,
                    message(
                            where,
                            "host key changed: " + settings.knownHosts() + " holds another " + refusal.keyType()
                                    + " key for " + refusal.hostEntry(),
                            "the known key",
                            "the server's key " + refusal.fingerprint(),
                            "Refused: this could be a man-in-the-middle attack. If the host was reinstalled, verify "
                                    + refusal.fingerprint() + " with its administrator, remove the old entry with "
                                    + "`ssh-keygen -R '" + refusal.hostEntry() + "' -f " + settings.knownHosts()
                                    + "` and trust the new key with `" + keyscan + "`."),
                    e);
        }
        return fail(
                Reason.HOST_KEY_UNKNOWN,
                attempt,
                message(
                        where,
                        "unknown host key " + refusal.keyType() + " " + refusal.fingerprint() + " (not in "
                                + settings.knownHosts() + ")",
                        "",
                        "",
                        "Verify the fingerprint with the host's administrator, then trust it with `" + keyscan
                                + "`, or set ssh.acceptNewHostKeys: true to add new hosts on first use."),
                e);
    }

    private SshConnectException fail(Reason reason, int attempt, String text, Throwable cause) {
        return new SshConnectException(settings.host(), reason, attempt, text, cause);
    }

    static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing an SSH connection failed: {}", e.toString());
        }
    }

    private static DefaultConfig createConfig() {
        DefaultConfig config = new DefaultSecurityProviderConfig();
        List<Factory.Named<Cipher>> ciphers = new ArrayList<>(config.getCipherFactories());
        List<Factory.Named<Cipher>> preferred =
                new ArrayList<>(List.of(GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM()));
        ciphers.removeIf(cipher -> preferred.stream().anyMatch(p -> p.getName().equals(cipher.getName())));
        preferred.addAll(ciphers);
        config.setCipherFactories(preferred);
        return config;
    }

    /** Reveals the password at the moment the server asks for it, once. */
    private final class SecretFinder implements PasswordFinder {
        @Override
        public char[] reqPassword(Resource<?> resource) {
            return settings.password().reveal().toCharArray();
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }
    }
}
