package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile values that reach an SQL statement (hosts from SHOW BACKENDS answers or callers, config keys
 * and values) are refused before anything is sent, the value shown short and with control characters
 * visible.
 */
class HostileSqlInputTest {

    static Stream<Arguments> hostileHosts() {
        return Stream.of(
                Arguments.of(
                        "10.0.0.1\"; DROP DATABASE demo; --",
                        "\"10.0.0.1\"; DROP DATABASE demo; --\" is not a"
                                + " valid host: it is not an RFC 1123 host name"),
                Arguments.of(
                        "be1.example.com\nALTER SYSTEM DROP FOLLOWER",
                        "\"be1.example.com\\u000aALTER SYSTEM DROP" + " FOLLOWER\" is not a valid host"),
                Arguments.of(
                        "h".repeat(1_000_000),
                        "\"" + "h".repeat(40) + "...\" (1000000 characters) is not a valid" + " host"),
                Arguments.of("::1]:9050; x", "is not a valid host: it is not a valid IPv6 literal"),
                Arguments.of("", "backend host \"\" is not a valid host: it is empty"),
                Arguments.of("256.0.0.1", "\"256.0.0.1\" is not a valid host: it is not a valid IPv4 literal"));
    }

    @ParameterizedTest
    @MethodSource("hostileHosts")
    void aHostileHostFromAnAnswerIsRefusedBeforeAnyStatement(String host, String message) {
        assertThatThrownBy(() -> Addresses.hostPort(host, 9050, "backend"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageEndingWith("nothing was sent.");
    }

    static Stream<Arguments> hostileConfigs() {
        return Stream.of(
                Arguments.of("disable_balance\" OR 1=1", "true", "frontend config key"),
                Arguments.of("disable_balance", "true\"); ALTER SYSTEM DROP FOLLOWER \"x", "contains a quote"),
                Arguments.of("disable_balance", "true\\", "contains a quote, a backslash or a control character"),
                Arguments.of("disable_balance", "true\n", "contains a quote, a backslash or a control character"));
    }

    @ParameterizedTest
    @MethodSource("hostileConfigs")
    void aHostileConfigKeyOrValueIsRefusedBeforeAnyStatement(String key, String value, String message) {
        assertThatThrownBy(() -> Statement.setConfig(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("nothing was sent");
    }
}
