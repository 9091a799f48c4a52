package io.dorisops.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.HostNames;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the sections that say how to reach the cluster: {@code ssh} (login, keys, known hosts, jump
 * host, run-as user), {@code sql} (user, password, timeouts, TLS) and {@code timeouts}. An absent
 * section is its defaults; a bad field is a problem and its default.
 */
final class ConnectionSections {

    private static final List<String> SSH_FIELDS = List.of(
            "user",
            "port",
            "identityFile",
            "passphrase",
            "password",
            "knownHosts",
            "acceptNewHostKeys",
            "jumpHost",
            "loopback",
            "runAs");
    private static final List<String> SQL_FIELDS =
            List.of("user", "password", "connectTimeout", "socketTimeout", "tls", "tlsCa");
    private static final List<String> TIMEOUT_FIELDS = List.of("ready", "poll", "command", "probe");

    private static final Pattern SYSTEM_USER = Pattern.compile("[a-z_][a-z0-9_-]*[$]?");
    private static final Pattern LOGIN_USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final ProblemCollector problems;
    private final Fields fields;

    ConnectionSections(ProblemCollector problems, Fields fields) {
        this.problems = problems;
        this.fields = fields;
    }

    SshSettings readSsh(JsonNode value) {
        SshSettings defaults = SshSettings.disabled();
        if (value == null || value.isNull()) {
            return defaults;
        }
        JsonNode ssh = fields.object(value, "", "ssh");
        fields.checkFields(ssh, SSH_FIELDS, "", "ssh.");
        String user = Optional.ofNullable(ssh.get("user"))
                .flatMap(v -> fields.text(v, "", "ssh.user"))
                .filter(u -> fields.matches(LOGIN_USER, u, "ssh.user", "a login name (letters, digits, '_', '.', '-')"))
                .orElse(defaults.user());
        int port = Optional.ofNullable(ssh.get("port"))
                .map(v -> fields.port(v, "", "ssh.port"))
                .orElse(defaults.port());
        Optional<Path> identity = fields.localPath(ssh.get("identityFile"), "ssh.identityFile");
        Path knownHosts =
                fields.localPath(ssh.get("knownHosts"), "ssh.knownHosts").orElse(defaults.knownHosts());
        Optional<String> jumpHost =
                Optional.ofNullable(ssh.get("jumpHost")).flatMap(v -> fields.text(v, "", "ssh.jumpHost"));
        jumpHost.ifPresent(this::checkJumpHost);
        Optional<String> runAs = Optional.ofNullable(ssh.get("runAs"))
                .flatMap(v -> fields.text(v, "", "ssh.runAs"))
                .filter(u -> fields.matches(SYSTEM_USER, u, "ssh.runAs", "a system user name such as doris"));
        SshSettings.Builder built = SshSettings.builder()
                .user(user)
                .port(port)
                .passphrase(fields.secret(ssh.get("passphrase"), "ssh.passphrase"))
                .password(fields.secret(ssh.get("password"), "ssh.password"))
                .knownHosts(knownHosts)
                .acceptNewHostKeys(fields.bool(ssh.get("acceptNewHostKeys"), "ssh.acceptNewHostKeys", false))
                .loopback(fields.bool(ssh.get("loopback"), "ssh.loopback", false));
        identity.ifPresent(built::identityFile);
        jumpHost.ifPresent(built::jumpHost);
        runAs.ifPresent(built::runAs);
        return built.build();
    }

    Topology.Sql readSql(JsonNode value) {
        Topology.Sql defaults = Topology.Sql.defaults();
        if (value == null || value.isNull()) {
            return defaults;
        }
        JsonNode sql = fields.object(value, "", "sql");
        fields.checkFields(sql, SQL_FIELDS, "", "sql.");
        String user = Optional.ofNullable(sql.get("user"))
                .flatMap(v -> fields.text(v, "", "sql.user"))
                .filter(u -> fields.matches(LOGIN_USER, u, "sql.user", "an SQL user name such as root"))
                .orElse(defaults.user());
        Topology.TlsMode tls = tlsMode(sql.get("tls"));
        Optional<Path> tlsCa = fields.localPath(sql.get("tlsCa"), "sql.tlsCa");
        if (tlsCa.isPresent() && !tls.verifies()) {
            problems.add(
                    "",
                    "sql.tlsCa",
                    "is used only with tls: verify-ca or verify-identity, but tls is " + tls.key()
                            + "; set tls: verify-ca (or verify-identity) or remove tlsCa");
            tlsCa = Optional.empty();
        }
        return new Topology.Sql(
                user,
                fields.secret(sql.get("password"), "sql.password"),
                fields.duration(sql.get("connectTimeout"), "sql.connectTimeout", defaults.connectTimeout()),
                fields.duration(sql.get("socketTimeout"), "sql.socketTimeout", defaults.socketTimeout()),
                tls,
                tlsCa);
    }

    Topology.Timeouts readTimeouts(JsonNode value) {
        Topology.Timeouts defaults = Topology.Timeouts.defaults();
        if (value == null || value.isNull()) {
            return defaults;
        }
        JsonNode timeouts = fields.object(value, "", "timeouts");
        fields.checkFields(timeouts, TIMEOUT_FIELDS, "", "timeouts.");
        return new Topology.Timeouts(
                fields.duration(timeouts.get("ready"), "timeouts.ready", defaults.ready()),
                fields.duration(timeouts.get("poll"), "timeouts.poll", defaults.poll()),
                fields.duration(timeouts.get("command"), "timeouts.command", defaults.command()),
                fields.duration(timeouts.get("probe"), "timeouts.probe", defaults.probe()));
    }

    private Topology.TlsMode tlsMode(JsonNode value) {
        if (value == null || value.isNull()) {
            return Topology.TlsMode.DISABLED;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? Topology.TlsMode.REQUIRED : Topology.TlsMode.DISABLED;
        }
        for (Topology.TlsMode mode : Topology.TlsMode.values()) {
            if (value.isTextual() && mode.key().equals(value.textValue())) {
                return mode;
            }
        }
        List<String> keys = Arrays.stream(Topology.TlsMode.values())
                .map(Topology.TlsMode::key)
                .toList();
        String hint = value.isTextual()
                ? Suggestions.closest(value.textValue(), keys)
                        .map(s -> "did you mean \"" + s + "\"? ")
                        .orElse("")
                : "";
        problems.add(
                "",
                "sql.tls",
                Excerpt.quote(value.asText()) + " is not a TLS mode; " + hint
                        + "use disabled, required, verify-ca or verify-identity (true and false mean required and disabled)");
        return Topology.TlsMode.DISABLED;
    }

    private void checkJumpHost(String jumpHost) {
        String host = jumpHost;
        String port = "";
        if (jumpHost.startsWith("[") && jumpHost.contains("]")) {
            host = jumpHost.substring(1, jumpHost.indexOf(']'));
            String rest = jumpHost.substring(jumpHost.indexOf(']') + 1);
            port = rest.startsWith(":") ? rest.substring(1) : rest;
        } else if (jumpHost.indexOf(':') >= 0 && jumpHost.indexOf(':') == jumpHost.lastIndexOf(':')) {
            host = jumpHost.substring(0, jumpHost.indexOf(':'));
            port = jumpHost.substring(jumpHost.indexOf(':') + 1);
        }
        boolean portValid = port.isEmpty()
                || (port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535);
        if (!HostNames.isValid(host) || !portValid) {
            problems.add(
                    "",
                    "ssh.jumpHost",
                    Excerpt.quote(jumpHost) + " is not host[:port]; use e.g. bastion.example.com:22");
        }
    }
}
