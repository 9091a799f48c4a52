package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.11",
                "be-1",
                "doriscluster-sample-fe-0.doriscluster-sample-fe-internal.doris.svc.cluster.local",
                "localhost",
                "::1",
                "fe80::1",
                "2001:db8::8a2e:370:7334"
            })
    void acceptsHostNamesAndIpLiterals(String host) {
        assertThat(Addresses.host(host, "backend host")).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3.4'; DROP",
                "1.2.3.4\"",
                "host name",
                "-leading-hyphen",
                "trailing-.example",
                "256.1.1.1",
                "1.2.3",
                "a..b",
                "under_score",
                "::g",
                "10.0.0.1\n",
                ""
            })
    void refusesAnythingElseNamingTheField(String host) {
        assertThatThrownBy(() -> Addresses.host(host, "backend host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("backend host ")
                .hasMessageContaining("is not a valid host")
                .hasMessageContaining("nothing was sent");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void refusesPortsOutsideTheRange(int port) {
        assertThatThrownBy(() -> Addresses.hostPort("10.0.0.1", port, "backend"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backend port " + port
                        + " is not a valid port; expected a number from 1 to 65535. Fix the backend port and call"
                        + " again; nothing was sent.");
    }

    @org.junit.jupiter.api.Test
    void bracketsIpv6InHostPort() {
        assertThat(Addresses.hostPort("::1", 9050, "backend")).isEqualTo("[::1]:9050");
        assertThat(Addresses.hostPort("[::1]", 9050, "backend")).isEqualTo("[::1]:9050");
        assertThat(Addresses.hostPort("10.0.0.1", 9050, "backend")).isEqualTo("10.0.0.1:9050");
    }

    @org.junit.jupiter.api.Test
    void treatsLocalhostAndLoopbackAsOneHost() {
        assertThat(Addresses.sameHost("localhost", "127.0.0.1")).isTrue();
        assertThat(Addresses.sameHost("BE-1", "be-1")).isTrue();
        assertThat(Addresses.sameHost("10.0.0.1", "10.0.0.2")).isFalse();
    }
}
