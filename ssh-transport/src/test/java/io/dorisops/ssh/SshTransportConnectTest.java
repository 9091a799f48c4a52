package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dorisops.Secret;
import io.dorisops.spi.Command;
import io.dorisops.ssh.SshConnectException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SshTransportConnectTest {
    @RegisterExtension
    final MinaSshServer server = new MinaSshServer();

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAndHowToTrustIt() throws IOException {
        Path empty = Files.writeString(server.dir().resolve("empty_known_hosts"), "");
        SshConnectException failure = connectFailure(server.transport().knownHosts(empty));

        assertThat(failure.reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
        assertThat(failure.host()).isEqualTo("127.0.0.1");
        assertThat(failure.getMessage())
                .startsWith("127.0.0.1:" + server.port() + ": unknown host key ssh-ed25519 "
                        + TestKeys.fingerprint(server.hostKey()))
                .contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + empty)
                .contains("acceptNewHostKeys: true");
        assertThat(server.keyAttempts()).isZero();
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWhenNewKeysAreAccepted() throws IOException {
        Path other = TestKeys.ed25519(server.dir(), "other_host_key");
        String[] otherKey = TestKeys.publicKey(other).split(" ");
        Path stale = Files.writeString(
                server.dir().resolve("stale_known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + otherKey[0] + " " + otherKey[1] + "\n");

        SshConnectException failure =
                connectFailure(server.transport().knownHosts(stale).acceptNewHostKeys(true));

        assertThat(failure.reason()).isEqualTo(Reason.HOST_KEY_CHANGED);
        assertThat(failure.getMessage())
                .contains("host key changed")
                .contains(TestKeys.fingerprint(server.hostKey()))
                .contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "' -f " + stale);
        assertThat(Files.readString(stale))
                .doesNotContain(TestKeys.publicKey(server.hostKey()).split(" ")[1]);
    }

    @Test
    void acceptingNewHostKeysRecordsTheKeyWhichIsThenTrustedStrictly() throws IOException {
        Path fresh = server.dir().resolve("new/known_hosts");
        try (SshTransport ssh =
                server.transport().knownHosts(fresh).acceptNewHostKeys(true).build()) {
            assertThat(ssh.exec(Command.of("true")).succeeded()).isTrue();
        }

        assertThat(Files.readString(fresh).strip()).isEqualTo(server.knownHostsLine());
        try (SshTransport strict = server.transport().knownHosts(fresh).build()) {
            assertThat(strict.exec(Command.of("true")).succeeded()).isTrue();
        }
    }

    @Test
    void aWrongKeyIsRefusedOnceWithoutRetry() {
        Path stranger = TestKeys.ed25519(server.dir(), "id_stranger");

        SshConnectException failure =
                connectFailure(server.transport().identityFile(stranger).connectAttempts(3));

        assertThat(failure.reason()).isEqualTo(Reason.AUTH_REJECTED);
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.getMessage())
                .contains("refused user " + MinaSshServer.USER)
                .contains(stranger.toString())
                .contains(TestKeys.fingerprint(stranger))
                .contains("authorized_keys");
        assertThat(server.sessions()).isEqualTo(1);
        assertThat(server.keyAttempts()).isEqualTo(1);
    }

    @Test
    void aWrongUserIsRefusedNamingTheUser() {
        SshConnectException failure = connectFailure(server.transport().user("nobody-here"));

        assertThat(failure.reason()).isEqualTo(Reason.AUTH_REJECTED);
        assertThat(failure.getMessage())
                .contains("refused user nobody-here")
                .contains("Check that nobody-here is the right login user");
        assertThat(server.sessions()).isEqualTo(1);
    }

    @Test
    void anEncryptedKeyLogsInWithItsPassphrase() {
        Path openssh = TestKeys.ed25519(server.dir(), "id_locked", "open sesame");
        Path pem = TestKeys.rsaPem(server.dir(), "id_rsa_pem", "pem pass");
        authorize(openssh, pem);

        for (Path key : new Path[] {openssh, pem}) {
            String passphrase = key == openssh ? "open sesame" : "pem pass";
            try (SshTransport ssh = server.transport()
                    .identityFile(key)
                    .passphrase(Secret.of(passphrase))
                    .build()) {
                assertThat(ssh.exec(Command.of("echo", "in")).stdout()).isEqualTo("in\n");
            }
        }
    }

    @Test
    void aWrongPassphraseIsReportedWithoutRevealingIt() {
        Path locked = TestKeys.ed25519(server.dir(), "id_locked", "right one");
        authorize(locked);

        SshConnectException failure =
                connectFailure(server.transport().identityFile(locked).passphrase(Secret.of("wrong guess")));

        assertThat(failure.reason()).isEqualTo(Reason.KEY_PASSPHRASE_WRONG);
        assertThat(failure.getMessage())
                .contains("does not decrypt private key " + locked)
                .contains("ssh-keygen -y -f " + locked)
                .doesNotContain("wrong guess")
                .doesNotContain("right one");
        assertThat(server.sessions()).isZero();
    }

    @Test
    void aWrongPassphraseForAPemKeyIsReportedToo() {
        Path pem = TestKeys.rsaPem(server.dir(), "id_rsa_pem", "right one");

        SshConnectException failure =
                connectFailure(server.transport().identityFile(pem).passphrase(Secret.of("wrong guess")));

        assertThat(failure.reason()).isEqualTo(Reason.KEY_PASSPHRASE_WRONG);
    }

    @Test
    void anEncryptedKeyWithoutPassphraseAsksForOne() {
        Path locked = TestKeys.ed25519(server.dir(), "id_locked", "secret");

        SshConnectException failure = connectFailure(server.transport().identityFile(locked));

        assertThat(failure.reason()).isEqualTo(Reason.KEY_PASSPHRASE_MISSING);
        assertThat(failure.getMessage()).contains("is encrypted and no passphrase is configured");
    }

    @Test
    void aMissingKeyFileIsReportedBeforeConnecting() {
        Path missing = server.dir().resolve("no_such_key");

        SshConnectException failure = connectFailure(server.transport().identityFile(missing));

        assertThat(failure.reason()).isEqualTo(Reason.KEY_FILE_MISSING);
        assertThat(failure.getMessage())
                .isEqualTo("127.0.0.1:" + server.port() + ": private key file " + missing
                        + " does not exist or is not readable; expected a readable private key file (OpenSSH or PEM)."
                        + " Fix ssh.identityFile in the topology, or create the key with ssh-keygen and copy its .pub"
                        + " to the host's authorized_keys.");
        assertThat(server.sessions()).isZero();
    }

    @Test
    void aPublicKeyGivenAsIdentityFileIsReportedAsNotAPrivateKey() {
        Path pub = Path.of(server.userKey() + ".pub");

        SshConnectException failure = connectFailure(server.transport().identityFile(pub));

        assertThat(failure.reason()).isEqualTo(Reason.KEY_FILE_INVALID);
        assertThat(failure.getMessage()).contains("not the .pub file");
    }

    @Test
    void aRefusedPortIsRetriedWithBackoffThenReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        SshConnectException failure =
                connectFailure(server.transport().port(closedPort).connectAttempts(3));

        assertThat(failure.reason()).isEqualTo(Reason.CONNECTION_REFUSED);
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(failure.getMessage())
                .startsWith("127.0.0.1:" + closedPort + ": connection refused after 3 attempt(s)")
                .contains("Check that sshd runs on the host and ssh.port is right.");
    }

    @Test
    void anUnresolvableHostIsReportedWithoutRetry() {
        SshConnectException unknown = connectFailure(SshTransport.builder("no-such-host.invalid")
                .identityFile(server.userKey())
                .knownHosts(server.knownHosts())
                .connectAttempts(3));

        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_HOST);
        assertThat(unknown.attempts()).isEqualTo(1);
        assertThat(unknown.getMessage()).contains("host name no-such-host.invalid does not resolve");
    }

    @Test
    void aHostThatDoesNotAnswerIsReportedAsUnreachableAfterTheConnectTimeout() throws IOException {
        // A listener whose accept queue is full drops further SYNs: the connect times out, as for a dead host.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    SocketChannel filler = SocketChannel.open();
                    filler.configureBlocking(false);
                    filler.connect(silent.getLocalSocketAddress());
                    fillers.add(filler);
                }
                SshConnectException failure = connectFailure(server.transport()
                        .port(silent.getLocalPort())
                        .connectTimeout(Duration.ofMillis(300))
                        .connectAttempts(2));

                assertThat(failure.reason()).isEqualTo(Reason.UNREACHABLE);
                assertThat(failure.attempts()).isEqualTo(2);
                assertThat(failure.getMessage())
                        .startsWith("127.0.0.1:" + silent.getLocalPort() + ": host unreachable after 2 attempt(s);"
                                + " expected an answer within PT0.3S");
            } finally {
                for (SocketChannel filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aJumpHostCarriesTheConnectionToTheTarget() throws Exception {
        MinaSshServer target = new MinaSshServer();
        target.beforeEach(null);
        try {
            Files.writeString(target.dir().resolve("authorized_keys"), TestKeys.publicKey(server.userKey()) + "\n");
            Files.writeString(
                    server.knownHosts(), target.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.APPEND);
            try (SshTransport ssh = server.transport()
                    .port(target.port())
                    .jumpHost("127.0.0.1:" + server.port())
                    .build()) {
                assertThat(ssh.exec(Command.of("echo", "through")).stdout()).isEqualTo("through\n");
            }
            assertThat(server.sessions()).isEqualTo(1);
            assertThat(target.sessions()).isEqualTo(1);
        } finally {
            target.afterEach(null);
        }
    }

    private void authorize(Path... keys) {
        StringBuilder lines = new StringBuilder(TestKeys.publicKey(server.userKey())).append('\n');
        for (Path key : keys) {
            lines.append(TestKeys.publicKey(key)).append('\n');
        }
        try {
            Files.writeString(server.dir().resolve("authorized_keys"), lines);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SshConnectException connectFailure(SshTransport.Builder builder) {
        SshConnectException failure = catchThrowableOfType(SshConnectException.class, () -> {
            try (SshTransport ssh = builder.build()) {
                ssh.exec(Command.of("true"));
            }
        });
        assertThat(failure).as("connecting fails").isNotNull();
        return failure;
    }
}
