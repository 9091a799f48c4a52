package io.dorisops.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-JVM SSH server (Apache MINA SSHD) on a free loopback port, for one test at a time: a generated
 * ed25519 host key, one authorized user key for the current OS user, SFTP on the real file system,
 * commands run with {@code /bin/sh -c} like OpenSSH does, TCP forwarding for jump-host tests. It counts
 * sessions and public key attempts and records the commands it ran. Register it with
 * {@code @RegisterExtension}.
 */
public final class MinaSshServer implements BeforeEachCallback, AfterEachCallback {
    /** The only user it lets in: the current OS user. */
    public static final String USER = System.getProperty("user.name");

    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger keyAttempts = new AtomicInteger();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<java.util.Map<String, String>> clientEnvironments = new CopyOnWriteArrayList<>();
    private Path dir;
    private Path hostKey;
    private Path userKey;
    private Path knownHosts;
    private SshServer server;
    private int port;
    private volatile Path extraPath;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("mina-sshd");
        hostKey = TestKeys.ed25519(dir, "host_ed25519");
        userKey = TestKeys.ed25519(dir, "id_user");
        Files.writeString(dir.resolve("authorized_keys"), TestKeys.publicKey(userKey) + "\n");
        start(0);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLine() + "\n");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stop();
        TestKeys.run(List.of("rm", "-rf", dir.toString()));
    }

    /** Starts the server on {@code fixedPort}, or a free port when 0. */
    void start(int fixedPort) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(fixedPort);
        sshd.setKeyPairProvider(new FileKeyPairProvider(hostKey));
        AuthorizedKeysAuthenticator authorized = new AuthorizedKeysAuthenticator(dir.resolve("authorized_keys"));
        sshd.setPublickeyAuthenticator((username, key, session) -> {
            keyAttempts.incrementAndGet();
            return USER.equals(username) && authorized.authenticate(username, key, session);
        });
        sshd.setCommandFactory((channel, command) -> {
            commands.add(command);
            // What the client sent with "env" channel requests (OpenSSH's SendEnv/SetEnv).
            clientEnvironments.add(java.util.Map.copyOf(channel.getEnvironment().getEnv()));
            String path = extraPath == null ? System.getenv("PATH") : extraPath + ":" + System.getenv("PATH");
            return new ProcessShellFactory(command, "/usr/bin/env", "PATH=" + path, "/bin/sh", "-c", command)
                    .createShell(channel);
        });
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new NativeFileSystemFactory());
        sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        sshd.start();
        server = sshd;
        port = sshd.getPort();
    }

    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    /** Stops the server, dropping every connection, and starts it again on the same port with the same key. */
    void restart() throws IOException {
        stop();
        start(port);
    }

    /** The variables clients sent with "env" requests, one map per command run. */
    List<java.util.Map<String, String>> clientEnvironments() {
        return List.copyOf(clientEnvironments);
    }

    /** Puts {@code dir} first on the PATH of commands, to stand in for a host's tools. */
    void prependPath(Path dir) {
        extraPath = dir;
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** The private key (no passphrase) it accepts. */
    public Path userKey() {
        return userKey;
    }

    Path hostKey() {
        return hostKey;
    }

    /** A known_hosts file that trusts this server. */
    public Path knownHosts() {
        return knownHosts;
    }

    String knownHostsLine() {
        String[] key = TestKeys.publicKey(hostKey).split(" ");
        return "[127.0.0.1]:" + port + " " + key[0] + " " + key[1];
    }

    int sessions() {
        return sessions.get();
    }

    int keyAttempts() {
        return keyAttempts.get();
    }

    /** Every command line it ran, in order. */
    public List<String> commands() {
        return commands;
    }

    /** A builder that logs in to this server with the authorized key and a known_hosts that trusts it. */
    SshTransport.Builder transport() {
        return SshTransport.builder("127.0.0.1")
                .user(USER)
                .port(port)
                .identityFile(userKey)
                .knownHosts(knownHosts)
                .retryInterval(java.time.Duration.ofMillis(20));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
