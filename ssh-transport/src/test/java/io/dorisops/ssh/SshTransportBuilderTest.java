package io.dorisops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Secret;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.spi.Transport;
import io.dorisops.spi.TransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SshTransportBuilderTest {

    @Test
    void rejectsAnInvalidPortNamingHostAndField() {
        assertThatThrownBy(() -> SshTransport.builder("db1").port(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ssh settings for host db1: port must be 1..65535, was 0; fix ssh.port in the topology"
                        + " or the builder call.");
    }

    @Test
    void rejectsAHostThatIsNotAHostName() {
        assertThatThrownBy(() -> SshTransport.builder("db1; rm -rf /").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host \"db1; rm -rf /\" is not a host name or address");
    }

    @Test
    void rejectsBadUsersJumpHostsAndLimits() {
        assertThatThrownBy(() -> SshTransport.builder("db1").user("a b").build())
                .hasMessageContaining("user \"a b\" is not a valid user name");
        assertThatThrownBy(() -> SshTransport.builder("db1").runAs("$(id)").build())
                .hasMessageContaining("runAs \"$(id)\" is not a valid user name");
        assertThatThrownBy(() ->
                        SshTransport.builder("db1").jumpHost("bastion:port").build())
                .hasMessageContaining("jumpHost \"bastion:port\" is not [user@]host[:port]");
        assertThatThrownBy(() -> SshTransport.builder("db1").connectAttempts(0).build())
                .hasMessageContaining("connectAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> SshTransport.builder("db1").maxChannels(0).build())
                .hasMessageContaining("maxChannels must be at least 1");
        assertThatThrownBy(() -> SshTransport.builder("db1")
                        .connectTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("connectTimeout must be positive");
    }

    @Test
    void aDurationOverThirtyDaysIsRefusedNamingTheField() {
        assertThatThrownBy(() -> SshTransport.builder("db1")
                        .connectTimeout(Duration.ofMillis(Long.MAX_VALUE))
                        .build())
                .hasMessage("ssh settings for host db1: connectTimeout is PT2562047788015H12M55.807S, longer than 30"
                        + " days, the longest duration dorisops takes; give at most 30d (PT720H); fix"
                        + " ssh.connectTimeout in the topology or the builder call.");
        assertThatThrownBy(() -> SshTransport.builder("db1")
                        .retryInterval(Duration.parse("PT2562047788015215H"))
                        .build())
                .hasMessageContaining("retryInterval is PT2562047788015215H, longer than 30 days");
        assertThatThrownBy(() -> SshTransport.builder("db1")
                        .killGrace(Duration.ofDays(31))
                        .build())
                .hasMessageContaining("killGrace is PT744H, longer than 30 days");
    }

    @Test
    void toStringShowsUserAndHostButNoSecret() {
        try (SshTransport ssh = SshTransport.builder("db1")
                .user("ops")
                .password(Secret.of("hunter2"))
                .passphrase(Secret.of("letmein"))
                .jumpHost("jump@bastion:2222")
                .build()) {
            assertThat(ssh.toString()).isEqualTo("SshTransport[ops@db1:22]").doesNotContain("hunter2");
            assertThat(ssh.toBuilder().build().host()).isEqualTo("db1");
        }
    }

    @Test
    void theProviderServesRemoteHostsOfAnSshTopologyOnly() {
        TransportProvider provider = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.getClass().getName().startsWith("io.dorisops.ssh"))
                .findFirst()
                .orElseThrow();
        SshSettings enabled = ssh(true, false);

        try (Transport remote = provider.open("10.0.0.12", topology(enabled)).orElseThrow()) {
            assertThat(remote).isInstanceOf(SshTransport.class);
            assertThat(remote.host()).isEqualTo("10.0.0.12");
        }
        assertThat(provider.open("127.0.0.1", topology(enabled))).isEmpty();
        assertThat(provider.open("localhost", topology(enabled))).isEmpty();
        assertThat(provider.open("10.0.0.12", topology(ssh(false, false)))).isEmpty();
        try (Transport loopback =
                provider.open("127.0.0.1", topology(ssh(true, true))).orElseThrow()) {
            assertThat(loopback).isInstanceOf(SshTransport.class);
        }
    }

    private static SshSettings ssh(boolean enabled, boolean loopback) {
        return SshSettings.builder()
                .enabled(enabled)
                .user("doris")
                .knownHosts(Path.of("/tmp/known_hosts"))
                .loopback(loopback)
                .build();
    }

    private static Topology topology(SshSettings ssh) {
        return new Topology(
                "test",
                Flavor.DORIS,
                List.of(),
                ssh,
                Topology.Sql.defaults(),
                Topology.Timeouts.defaults(),
                "<memory>");
    }
}
