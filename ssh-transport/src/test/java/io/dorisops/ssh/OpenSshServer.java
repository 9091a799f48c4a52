package io.dorisops.ssh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dorisops.testkit.Await;
import io.dorisops.testkit.internal.Procs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd -D}) on a free loopback port with a generated host key,
 * a generated user key in its own authorized_keys, SFTP, and its log in a temp directory. Tests using
 * it are skipped when sshd is not installed. Register it as a static {@code @RegisterExtension}.
 *
 * <p>It logs in as the current OS user, or as a dedicated user ({@link #OpenSshServer(String)}) with a
 * plain {@code /bin/sh} and no rc files, so that benchmarks measure SSH and not a login shell's start-up.
 */
public final class OpenSshServer implements BeforeAllCallback, AfterAllCallback {
    /** Where Debian's openssh-server installs the daemon. */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final String user;
    private int maxSessions = 20;
    private Path dir;
    private Path workDir;
    private Path hostKey;
    private Path userKey;
    private Path knownHosts;
    private Path log;
    private int port;
    private Process process;

    /** Logs in as the current OS user. */
    public OpenSshServer() {
        this(MinaSshServer.USER);
    }

    /**
     * Logs in as {@code user}; when that is not the current user, it is created if absent ({@code useradd
     * -m -s /bin/sh}), its shell set to {@code /bin/sh} and the generated key put in its own
     * {@code ~/.ssh/authorized_keys}. That needs root: otherwise the tests are skipped.
     */
    public OpenSshServer(String user) {
        this.user = user;
    }

    /** Sets sshd's {@code MaxSessions} (sessions per connection; 20 unless set), before the server starts. */
    public OpenSshServer maxSessions(int maxSessions) {
        this.maxSessions = maxSessions;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(Files.isExecutable(SSHD), "OpenSSH server not installed (apt-get install openssh-server)");
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) {
            try {
                Files.createDirectories(privsep);
            } catch (IOException e) {
                assumeTrue(false, "sshd needs " + privsep + " and it cannot be created: " + e);
            }
        }
        dir = Files.createTempDirectory("openssh");
        hostKey = TestKeys.ed25519(dir, "ssh_host_ed25519_key");
        userKey = TestKeys.ed25519(dir, "id_user");
        Files.writeString(dir.resolve("authorized_keys"), TestKeys.publicKey(userKey) + "\n");
        workDir = user.equals(MinaSshServer.USER) ? dir : dedicatedUser();
        log = dir.resolve("sshd.log");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(
                dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "ListenAddress 127.0.0.1",
                        "HostKey " + hostKey,
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys") + " .ssh/authorized_keys",
                        "PidFile " + dir.resolve("sshd.pid"),
                        "StrictModes no",
                        "UsePAM no",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PubkeyAuthentication yes",
                        "PermitRootLogin prohibit-password",
                        "AllowTcpForwarding yes",
                        "MaxSessions " + maxSessions,
                        "MaxStartups 200:30:300",
                        "LogLevel VERBOSE",
                        "Subsystem sftp internal-sftp",
                        ""));
        start();
        String[] key = TestKeys.publicKey(hostKey).split(" ");
        knownHosts = Files.writeString(
                dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + key[0] + " " + key[1] + "\n");
    }

    /** Prepares {@link #user} and returns a directory in its home that it can write. */
    private Path dedicatedUser() throws IOException {
        assumeTrue("root".equals(MinaSshServer.USER), "creating the SSH user " + user + " needs root");
        try {
            TestKeys.run(List.of("id", "-u", user));
        } catch (IllegalStateException absent) {
            TestKeys.run(List.of("useradd", "-m", "-s", "/bin/sh", user));
        }
        // "*": no password, yet not locked ("!"), which sshd without PAM would refuse
        TestKeys.run(List.of("usermod", "-s", "/bin/sh", "-p", "*", user));
        Path home =
                Path.of(TestKeys.run(List.of("getent", "passwd", user)).strip().split(":")[5]);
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.deleteIfExists(ssh.resolve("rc"));
        Files.writeString(ssh.resolve("authorized_keys"), TestKeys.publicKey(userKey) + "\n");
        Path work = Files.createDirectories(home.resolve("bench"));
        TestKeys.run(List.of("chmod", "700", ssh.toString()));
        TestKeys.run(List.of("chown", "-R", user + ":", ssh.toString(), work.toString()));
        return work;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (dir != null) {
            stop();
            TestKeys.run(List.of("rm", "-rf", dir.toString()));
            if (!workDir.equals(dir)) {
                TestKeys.run(List.of("rm", "-rf", workDir.toString()));
            }
        }
    }

    void start() throws IOException {
        process = new ProcessBuilder(
                        SSHD.toString(),
                        "-D",
                        "-e",
                        "-f",
                        dir.resolve("sshd_config").toString(),
                        "-p",
                        String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Await.until(Duration.ofSeconds(60), "sshd listening on 127.0.0.1:" + port + " (see " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + MinaSshServer.read(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Stops sshd and everything it started (sessions die with it, like a host reboot would do). */
    void stop() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Ends every client connection from the server's side, as an idle timeout or an admin's {@code kill}
     * would, while sshd keeps listening: SIGTERM to each per-connection sshd process, then waits until
     * they are gone.
     */
    void dropConnections() {
        List<ProcessHandle> sessions = process.children().toList();
        sessions.forEach(ProcessHandle::destroy);
        try {
            Await.until(
                    Duration.ofSeconds(5), "sshd's connection processes " + sessions + " gone", () -> gone(sessions));
        } catch (AssertionError slow) {
            // Under load a connection process may still be in its SIGTERM handler: the server end is what matters.
            sessions.forEach(ProcessHandle::destroyForcibly);
            Await.until(
                    Duration.ofSeconds(10),
                    "sshd's connection processes " + sessions + " killed",
                    () -> gone(sessions));
        }
    }

    /** Gone, or a zombie its parent has not reaped yet (it holds no socket any more). */
    private static boolean gone(List<ProcessHandle> processes) {
        return processes.stream().noneMatch(p -> Procs.alive(p.pid()));
    }

    void restart() throws Exception {
        stop();
        start();
    }

    /** The loopback port sshd listens on. */
    public int port() {
        return port;
    }

    /** The temp directory holding the keys, config and log. */
    public Path dir() {
        return dir;
    }

    /** The user it logs in as. */
    public String user() {
        return user;
    }

    /** A directory the user can write: {@link #dir()}, or a directory in the dedicated user's home. */
    public Path workDir() {
        return workDir;
    }

    /** The private key (no passphrase) that authorized_keys accepts. */
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

    /** How many TCP connections sshd has accepted so far (from its log). */
    public long connections() {
        return MinaSshServer.read(log)
                .lines()
                .filter(line -> line.contains("Connection from 127.0.0.1"))
                .count();
    }

    /** {@code ssh} options that log in to this server non-interactively, for baselines. */
    List<String> sshOptions() {
        return List.of(
                "-o",
                "BatchMode=yes",
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "StrictHostKeyChecking=yes",
                "-i",
                userKey.toString(),
                "-p",
                String.valueOf(port));
    }

    SshTransport.Builder transport() {
        return SshTransport.builder("127.0.0.1")
                .user(user)
                .port(port)
                .identityFile(userKey)
                .knownHosts(knownHosts)
                .retryInterval(Duration.ofMillis(50));
    }
}
