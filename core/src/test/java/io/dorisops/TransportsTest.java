package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.spi.Command;
import io.dorisops.spi.Transport;
import io.dorisops.spi.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportsTest {

    /** Registered in META-INF/services: serves hosts under provider.test with a local transport. */
    public static final class LoopbackProvider implements TransportProvider {
        @Override
        public Optional<Transport> open(String host, Topology topology) {
            return host.endsWith(".provider.test") ? Optional.of(new LocalTransport(host)) : Optional.empty();
        }
    }

    private static Topology topology(String ssh) {
        return Topology.parse(
                "name: t\nflavor: doris\n" + ssh + "followers: [{id: fe-1, host: localhost, home: /opt/fe}]\n",
                "t.yaml");
    }

    @Test
    void loopbackHostsUseTheLocalTransportOncePerHost() {
        try (Transports transports = Transports.of(topology(""))) {
            for (String host : List.of("localhost", "127.0.0.1", "127.1.2.3", "::1", "LOCALHOST")) {
                Transport transport = transports.forHost(host);
                assertThat(transport).as(host).isInstanceOf(LocalTransport.class);
                assertThat(transport.host()).isEqualTo(host);
                assertThat(transports.forHost(host)).isSameAs(transport);
            }
        }
    }

    @Test
    void thisMachinesOwnNameIsLoopback() throws Exception {
        String name = java.net.InetAddress.getLocalHost().getHostName();

        assertThat(Transports.isLoopback(name)).isTrue();
        assertThat(Transports.isLoopback("db1.example.com")).isFalse();
        assertThat(Transports.isLoopback("10.255.255.254")).isFalse();
    }

    @Test
    void aRemoteHostWithoutSshSectionIsAClearError() {
        try (Transports transports = Transports.of(topology(""))) {
            assertThatThrownBy(() -> transports.forHost("db1.example.com"))
                    .isInstanceOf(TransportException.class)
                    .hasMessage("db1.example.com: cannot reach the host. It is not this machine and t.yaml has no ssh:"
                            + " section; add one (see docs/topology.md) and put dorisops-ssh-transport on the class"
                            + " path");
        }
    }

    @Test
    void remoteHostsUseTheFirstProviderThatServesThem() {
        List<String> asked = new ArrayList<>();
        TransportProvider declines = (host, topology) -> {
            asked.add("declines " + host);
            return Optional.empty();
        };
        TransportProvider serves = (host, topology) -> {
            asked.add("serves " + host);
            return Optional.of(new LocalTransport(host));
        };

        try (Transports transports = Transports.of(topology("ssh: {user: doris}\n"), List.of(declines, serves))) {
            Transport first = transports.forHost("db1.example.com");
            Transport again = transports.forHost("db1.example.com");

            assertThat(again).isSameAs(first);
            assertThat(asked).containsExactly("declines db1.example.com", "serves db1.example.com");
            assertThat(transports.forHost("localhost")).isInstanceOf(LocalTransport.class);
            assertThat(asked).hasSize(2);
        }
    }

    @Test
    void sshLoopbackSendsLoopbackHostsToTheProviders() {
        List<String> asked = new ArrayList<>();
        TransportProvider provider = (host, topology) -> {
            asked.add(host);
            return Optional.of(new LocalTransport("via-ssh"));
        };

        try (Transports transports =
                Transports.of(topology("ssh: {user: doris, loopback: true}\n"), List.of(provider))) {
            assertThat(transports.forHost("localhost").host()).isEqualTo("via-ssh");
            assertThat(asked).containsExactly("localhost");
        }
    }

    @Test
    void withSshButNoProviderTheErrorSaysWhatToAdd() {
        try (Transports transports = Transports.of(topology("ssh: {user: doris}\n"), List.of())) {
            assertThatThrownBy(() -> transports.forHost("10.0.0.9"))
                    .isInstanceOf(TransportException.class)
                    .hasMessage("10.0.0.9: cannot reach the host. No TransportProvider is on the class path; put"
                            + " dorisops-ssh-transport on it");
        }
    }

    @Test
    void providersAreFoundWithTheServiceLoader() {
        try (Transports transports = Transports.of(topology("ssh: {user: doris}\n"))) {
            assertThat(transports.forHost("db1.provider.test").host()).isEqualTo("db1.provider.test");
            assertThatThrownBy(() -> transports.forHost("db1.example.com"))
                    .hasMessageContaining("None of the transport providers on the class path serves it");
        }
    }

    @Test
    void closeClosesEveryTransportAndRefusesNewOnes() {
        Transports transports = Transports.of(topology(""));
        Transport local = transports.forHost("localhost");

        transports.close();

        assertThatThrownBy(() -> local.exec(Command.of("true"))).hasMessageContaining("closed");
        assertThatThrownBy(() -> transports.forHost("localhost")).hasMessageContaining("are closed");
    }
}
