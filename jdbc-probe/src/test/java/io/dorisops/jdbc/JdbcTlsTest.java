package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Secret;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
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
}
