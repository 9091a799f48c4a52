package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Secret;
import io.dorisops.Topology;
import java.io.DataInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sql.tls verify-ca and verify-identity against the testkit's MySQL server over TLS. */
class JdbcTlsTest {

    @TempDir
    static Path dir;

    static Path rightCa;
    static Path wrongCa;
    static SSLContext localhostCert;
    static SSLContext otherNameCert;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        rightCa = certificates.ca("dorisops-test-ca");
        wrongCa = certificates.ca("some-other-ca");
        localhostCert = certificates.server("fe-localhost", "dorisops-test-ca", "dns:localhost,ip:127.0.0.1");
        otherNameCert = certificates.server("fe-elsewhere", "dorisops-test-ca", "dns:fe.elsewhere.example");
    }

    private static Topology.Sql sql(Topology.TlsMode mode, Optional<Path> ca) {
        return new Topology.Sql(
                "root", Secret.of(FakeCluster.PASSWORD), Duration.ofSeconds(120), Duration.ofSeconds(120), mode, ca);
    }

    private static JdbcClusterAdmin admin(FakeCluster cluster, Topology.Sql sql) {
        return JdbcClusterAdmin.builder(cluster.topology(sql))
                // Generous: a TLS handshake on a loaded, shared machine took over 30 s once (load 60 on 2 cores).
                .failoverTimeout(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .build();
    }

    @Test
    void verifyCaWithTheRightCaConnects() {
        try (FakeCluster cluster = new FakeCluster(Flavor.DORIS, 1, Optional.of(localhostCert));
                JdbcClusterAdmin admin = admin(cluster, sql(Topology.TlsMode.VERIFY_CA, Optional.of(rightCa)))) {
            assertThat(admin.frontends()).hasSize(1);
        }
    }

    @Test
    void verifyIdentityWithACertificateForTheHostConnects() {
        try (FakeCluster cluster = new FakeCluster(Flavor.DORIS, 1, Optional.of(localhostCert));
                JdbcClusterAdmin admin = admin(cluster, sql(Topology.TlsMode.VERIFY_IDENTITY, Optional.of(rightCa)))) {
            assertThat(admin.frontends()).hasSize(1);
        }
    }

    @Test
    void requiredConnectsWithoutCheckingTheCertificate() {
        try (FakeCluster cluster = new FakeCluster(Flavor.DORIS, 1, Optional.of(otherNameCert));
                JdbcClusterAdmin admin = admin(cluster, sql(Topology.TlsMode.REQUIRED, Optional.empty()))) {
            assertThat(admin.frontends()).hasSize(1);
        }
    }

    @Test
    void verifyCaWithTheWrongCaIsRefusedNamingTheFeAndWhatToDo() {
        try (FakeCluster cluster = new FakeCluster(Flavor.DORIS, 1, Optional.of(localhostCert));
                JdbcClusterAdmin admin = admin(cluster, sql(Topology.TlsMode.VERIFY_CA, Optional.of(wrongCa)))) {
            Throwable e = catchThrowable(admin::frontends);

            assertThat(e).isInstanceOf(DorisOpsException.class);
            assertThat(e.getMessage())
                    .startsWith("fe-1 (127.0.0.1:" + cluster.fe(1).queryPort
                            + "): TLS verify-ca refused the FE's certificate")
                    .contains("Point sql.tlsCa (" + wrongCa + ") at the CA that signed the FE's certificate");
        }
    }

    @Test
    void verifyIdentityWithACertificateForAnotherNameIsRefused() {
        try (FakeCluster cluster = new FakeCluster(Flavor.DORIS, 1, Optional.of(otherNameCert));
                JdbcClusterAdmin admin = admin(cluster, sql(Topology.TlsMode.VERIFY_IDENTITY, Optional.of(rightCa)))) {
            Throwable e = catchThrowable(admin::frontends);

            assertThat(e).isInstanceOf(DorisOpsException.class);
            assertThat(e.getMessage())
                    .startsWith("fe-1 (127.0.0.1:" + cluster.fe(1).queryPort
                            + "): TLS verify-identity refused the FE's certificate")
                    .contains("name the host 127.0.0.1 as the topology spells it");
        }
    }

    @Test
    void aCaFileThatIsNotPemIsRefusedNamingIt() throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.txt"), "hello");
        try (FakeCluster cluster = new FakeCluster(Flavor.DORIS, 1, Optional.of(localhostCert));
                JdbcClusterAdmin admin = admin(cluster, sql(Topology.TlsMode.VERIFY_CA, Optional.of(notPem)))) {
            assertThat(catchThrowable(admin::frontends)).hasMessageContaining("sql.tlsCa " + notPem + " ");
        }
    }

    /**
     * A client may send its TLS ClientHello right behind its SSL request, in one TCP segment (the plain reader
     * then holds both); the server's TLS socket must read it first, not wait for a ClientHello that already came.
     * Before the fix the handshake hung until a timeout.
     */
    @Test
    void aClientHelloSentRightBehindTheSslRequestIsReadNotWaitedFor() throws Exception {
        try (FakeCluster cluster = new FakeCluster(Flavor.DORIS, 1, Optional.of(localhostCert));
                PrefixedSocket plain = new PrefixedSocket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", cluster.fe(1).queryPort), 10_000);
            plain.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(plain.getInputStream());
            byte[] header = new byte[4];
            in.readFully(header);
            in.readFully(new byte[(header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16]);
            ByteBuffer sslRequest = ByteBuffer.allocate(4 + 32).order(ByteOrder.LITTLE_ENDIAN);
            sslRequest.put(new byte[] {32, 0, 0, 1}); // payload length 32, sequence 1
            sslRequest.putInt(0x1 | 0x200 | 0x800 | 0x8000 | 0x80000); // long password, 4.1, SSL, secure, plugin
            sslRequest.putInt(16 * 1024 * 1024).put((byte) 33); // max packet, utf8 (the rest: 23 zero bytes)
            plain.prefix = sslRequest.array(); // sent in one write with the ClientHello
            SSLSocket tls = (SSLSocket) trustingAll().getSocketFactory().createSocket(plain, "127.0.0.1", 0, false);

            tls.startHandshake();

            assertThat(tls.getSession().getProtocol()).startsWith("TLS");
        }
    }

    private static SSLContext trustingAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String type) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String type) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        return context;
    }

    /** A socket whose next write is sent together with {@link #prefix}: one TCP segment on loopback. */
    private static final class PrefixedSocket extends Socket {
        volatile byte[] prefix;

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = super.getOutputStream();
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    byte[] before = prefix;
                    prefix = null;
                    if (before == null) {
                        out.write(bytes, offset, length);
                        return;
                    }
                    byte[] both = new byte[before.length + length];
                    System.arraycopy(before, 0, both, 0, before.length);
                    System.arraycopy(bytes, offset, both, before.length, length);
                    out.write(both);
                }
            };
        }
    }
}
